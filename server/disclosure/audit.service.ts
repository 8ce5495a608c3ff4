import { findAgencyById, type Agency } from "@server/accounts/accounts.service.js";
import { buildResults, settingsFingerprint } from "@server/analytics/analytics.service.js";
import { surveysWithRollups } from "@server/analytics/rollup-store.js";
import { publicDistrictBodies } from "@server/public/public.service.js";
import { findSurveyById, type Survey } from "@server/surveys/surveys.service.js";
import { auditObservation, type AuditReport } from "./audit.js";
import { surveyRelease } from "./disclosure.service.js";
import { districtUnit } from "./figures.js";
import { designerFigures, designerViews } from "./observe.js";

export interface SurveyAudit extends AuditReport {
  surveyId: string;
  k: number;
  /** How many weighted results bodies were audited (none when the agency has no margins). */
  weightedViews: number;
}

/** Audits what a designer (and so the public) can obtain of one survey as it stands now. */
export async function auditSurvey(survey: Survey, agency: Agency): Promise<SurveyAudit> {
  const districts = agency.districts.map((d) => d.code);
  const k = agency.suppressionThreshold;
  const release = await surveyRelease(survey, agency, settingsFingerprint(survey, agency));
  const observation = designerFigures(release, survey.questions, districts, k);
  // The weighted estimates of every view, as the results service answers a designer: raking
  // reads the survey's cells, so these come from the service itself, not from the release.
  let weightedViews = 0;
  if (Object.keys(agency.margins ?? {}).length > 0)
    for (const { units, filter } of designerViews(release, districts)) {
      const body = await buildResults(survey, agency, { ...filter, weighted: true }, "designer");
      if (!body.weighted) continue;
      observation.results.push({ units, body });
      weightedViews++;
    }
  // The public page's district map, read as that page reads it (whether or not it is drawn).
  for (const { district, body } of await publicDistrictBodies(survey, agency))
    observation.results.push({ units: [districtUnit(district.code)], body });
  const report = await auditObservation(survey.questions, districts, k, observation, release.release.values);
  return { surveyId: String(survey._id), k, weightedViews, ...report };
}

/** Audits one survey, or every survey that has results. */
export async function auditSurveys(surveyId?: string): Promise<SurveyAudit[]> {
  const ids = surveyId ? [surveyId] : await surveysWithRollups();
  const reports: SurveyAudit[] = [];
  for (const id of ids) {
    const survey = await findSurveyById(id);
    if (!survey) continue;
    reports.push(await auditSurvey(survey, await findAgencyById(String(survey.agency))));
  }
  return reports;
}
