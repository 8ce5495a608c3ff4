import { findAgencyById, type Agency } from "@server/accounts/accounts.service.js";
import { buildResults, settingsFingerprint } from "@server/analytics/analytics.service.js";
import { surveysWithRollups } from "@server/analytics/rollup-store.js";
import { publicDistrictBodies } from "@server/public/public.service.js";
import { findSurveyById, type Survey } from "@server/surveys/surveys.service.js";
import { unitThemeTallies } from "@server/analytics/comment-themes.js";
import { auditUnitViews } from "@server/units/unit-audit.js";
import { auditObservation, type AuditReport, type Observation } from "./audit.js";
import { emptyTally, presentThemes, shownFigures, tallyFigures, themeRelations } from "./comment-themes.js";
import { surveyRelease, viewOf, type ProtectedRelease } from "./disclosure.service.js";
import { ALL_UNIT, countKey, districtUnit, type Relation, type UnitId } from "./figures.js";
import { designerFigures, designerViews } from "./observe.js";

export interface SurveyAudit extends AuditReport {
  surveyId: string;
  k: number;
  /** How many weighted results bodies were audited (none when the agency has no margins). */
  weightedViews: number;
  /** Units whose views were audited (server/units); their findings are in `exposed` and `violations`. */
  unitViews: number;
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
  const themes = await themeFigures(survey, release, k, observation);
  const report = await auditObservation(
    survey.questions,
    districts,
    k,
    observation,
    themes.truth,
    themes.relations,
  );
  const units = await auditUnitViews(survey, agency);
  return {
    surveyId: String(survey._id),
    k,
    weightedViews,
    unitViews: units.observed,
    checked: report.checked + units.checked,
    exposed: [
      ...report.exposed,
      ...units.exposed.map((e) => ({ unit: e.cell, key: "N", value: e.value, range: e.range })),
    ],
    violations: [...report.violations, ...units.violations.map((v) => `unit views: ${v}`)],
  };
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

/**
 * Comment themes as a designer obtains them (the whole survey's themes of each open-text
 * question whose count the release shows, as the comments service presents them), added to
 * the observation; and every unit's exact theme counts with what anyone knows about them.
 */
async function themeFigures(
  survey: Survey,
  release: ProtectedRelease,
  k: number,
  observation: Observation,
): Promise<{ truth: Map<UnitId, Map<string, number>>; relations: Relation[] }> {
  const textIds = survey.questions.filter((q) => q.type === "text").map((q) => q.id);
  const truth = new Map([...release.release.values].map(([unit, values]) => [unit, new Map(values)]));
  if (textIds.length === 0) return { truth, relations: [] };
  const tallies = await unitThemeTallies(String(survey._id), textIds);
  for (const unit of tallies.keys()) if (!truth.has(unit)) truth.set(unit, new Map());
  for (const [unit, values] of truth)
    for (const id of textIds)
      for (const [key, value] of tallyFigures(id, tallies.get(unit)?.get(id) ?? emptyTally()))
        values.set(key, value);
  const whole = viewOf(release, {});
  for (const id of textIds) {
    if ("refused" in whole || whole.hidden.has("N") || whole.hidden.has(countKey(id))) continue;
    const shown = presentThemes(tallies.get(ALL_UNIT)?.get(id) ?? emptyTally(), k);
    for (const { key, value } of shownFigures(id, shown))
      observation.counts.push({ units: [ALL_UNIT], key, value });
  }
  return { truth, relations: themeRelations(textIds, [...truth.keys()]) };
}
