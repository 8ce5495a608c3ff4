import {
  seesExactCounts,
  suppressionLabel,
  type ResultsBody,
  type TrendPoint,
  type Viewer,
} from "@shared/suppression.js";
import { findAgencyById, type Agency, type StaffContext } from "@server/accounts/accounts.service.js";
import { REFUSALS, protectedMonths, protectedView } from "@server/disclosure/disclosure.service.js";
import { maskResults, monthTrendPoints, withheldResults } from "@server/disclosure/present.js";
import { AppError } from "@server/platform/errors.js";
import { getSurvey, type Survey } from "@server/surveys/surveys.service.js";
import { beginRead, cachedResults, type ReadStart } from "./results-cache.js";
import { presentIndices, presentResults } from "./results.js";
import { emptyCounts } from "./rollup-store.js";
import { readCounts, readSeries } from "./rollups.service.js";
import { weightedEstimates } from "./weighting.service.js";

export interface ResultsFilter {
  district?: string;
  from?: string;
  to?: string;
  weighted?: boolean;
}

export type Results = ResultsBody & {
  filters: { district: string | null; from: string | null; to: string | null };
};

/** A district filter must name one of the agency's districts; anything else is a 400. */
export function assertDistrict(agency: Agency, district: string | undefined, path = "query.district"): void {
  if (!district || agency.districts.some((d) => d.code === district)) return;
  throw new AppError(400, "validation_failed", "The request has invalid fields.", [
    { path, message: `"${district}" is not one of the agency's districts` },
  ]);
}

/** A survey of the agency and the agency itself; another agency's survey is a 404. */
export async function surveyAndAgency(
  agencyId: string,
  surveyId: string,
): Promise<{ survey: Survey; agency: Agency }> {
  const [survey, agency] = await Promise.all([getSurvey(agencyId, surveyId), findAgencyById(agencyId)]);
  return { survey, agency };
}

/** What a results body depends on besides counts: a change here must never be served from cache. */
export function settingsFingerprint(survey: Survey, agency: Agency): string {
  const { updatedAt } = survey as Survey & { updatedAt?: Date };
  return JSON.stringify([
    String(agency._id),
    survey.version,
    updatedAt ? new Date(updatedAt).getTime() : JSON.stringify(survey.questions),
    agency.districts,
    agency.margins ?? null,
    agency.suppressionThreshold,
  ]);
}

/**
 * The results body of a loaded survey for one viewer, read from rollups only: exact for
 * analysts and admins, small cells suppressed for everyone else. Live updates and public
 * pages call this too, so every view applies the same rules. Bodies are cached in process
 * (results-cache.ts) and never outlive a stored response or a settings change.
 */
export async function buildResults(
  survey: Survey,
  agency: Agency,
  filter: ResultsFilter,
  viewer: Viewer,
  start?: ReadStart,
): Promise<Results> {
  assertDistrict(agency, filter.district);
  const key = {
    surveyId: String(survey._id),
    viewer,
    filter: { ...filter },
    fingerprint: settingsFingerprint(survey, agency),
  };
  const read = start ?? beginRead(key.surveyId);
  // Counts are read at the same rollup state the cached body is checked against.
  const compute = async () => computeResults(survey, agency, filter, viewer, read);
  return cachedResults(key, compute, read);
}

async function computeResults(
  survey: Survey,
  agency: Agency,
  filter: ResultsFilter,
  viewer: Viewer,
  read: ReadStart,
): Promise<Results> {
  const token = await read.state;
  const surveyId = String(survey._id);
  const districts = agency.districts.map((d) => d.code);
  const k = agency.suppressionThreshold;
  const exact = seesExactCounts(viewer);
  // Outside the analyst role the counts come from the release itself, so what is hidden and
  // what is shown always belong to the same rollup state.
  const view = exact
    ? {
        counts: await readCounts({
          surveyId,
          segment: filter.district ? `district:${filter.district}` : "all",
          ...(filter.from ? { from: filter.from } : {}),
          ...(filter.to ? { to: filter.to } : {}),
          token,
        }),
        hidden: null,
      }
    : await protectedView(survey, agency, settingsFingerprint(survey, agency), filter, read);
  const counts = "refused" in view ? emptyCounts() : view.counts;
  const body: Results = {
    ...presentResults(surveyId, survey.questions, counts, districts),
    filters: { district: filter.district ?? null, from: filter.from ?? null, to: filter.to ?? null },
    weighting: { applied: false, reason: "not requested" },
  };
  if ("refused" in view) return withheldResults(body, k, view.refused);
  if (filter.weighted) {
    const { weighting, weighted } = await weightedEstimates(survey, agency, filter, counts.n, token);
    body.weighting = weighting;
    body.weighted = weighted;
  }
  if (!view.hidden)
    return { ...body, suppression: { applied: false, threshold: k, label: suppressionLabel(k) } };
  return maskResults(body, view.hidden, k);
}

/** Results of one survey of the caller's agency, as the caller's role may see them. */
export async function resultsFor(
  agencyId: string,
  surveyId: string,
  filter: ResultsFilter,
  viewer: Viewer,
): Promise<Results> {
  // The cache's freshness check runs beside the survey and agency reads (one round trip).
  const start = beginRead(surveyId);
  const { survey, agency } = await surveyAndAgency(agencyId, surveyId);
  return buildResults(survey, agency, filter, viewer, start);
}

export async function surveyResults(staff: StaffContext, surveyId: string, filter: ResultsFilter) {
  return resultsFor(staff.agencyId, surveyId, filter, staff.role);
}

/** One point per ISO week or month with responses, oldest first; small periods hidden by role. */
export async function surveyTrends(
  staff: StaffContext,
  surveyId: string,
  interval: "week" | "month",
  district?: string,
) {
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  assertDistrict(agency, district);
  const k = agency.suppressionThreshold;
  if (!seesExactCounts(staff.role)) {
    const refused = interval === "week" ? REFUSALS.weekly : district ? REFUSALS.districtTrend : null;
    if (refused) {
      const suppression = { applied: true, threshold: k, label: suppressionLabel(k), reason: refused };
      return { surveyId, interval, points: [], suppression };
    }
    return { surveyId, interval, points: await protectedMonthPoints(survey, agency) };
  }
  const series = await readSeries(
    surveyId,
    district ? `district:${district}` : "all",
    interval === "week" ? "w" : "m",
  );
  const points: TrendPoint[] = series.map((doc) => ({
    period: doc.period.slice(2),
    n: doc.n,
    indices: presentIndices(doc),
  }));
  return { surveyId, interval, points };
}

/** Month points (every district) as the release shows them: a hidden month keeps only its name. */
export async function protectedMonthPoints(survey: Survey, agency: Agency): Promise<TrendPoint[]> {
  const months = await protectedMonths(survey, agency, settingsFingerprint(survey, agency));
  return monthTrendPoints(months, agency.suppressionThreshold);
}
