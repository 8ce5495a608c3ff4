import { findAgencyById } from "@server/accounts/accounts.service.js";
import { AppError } from "@server/platform/errors.js";
import { getSurvey } from "@server/surveys/surveys.service.js";
import { presentIndices, presentResults } from "./results.js";
import { readCounts, readSeries } from "./rollups.service.js";

export interface ResultsFilter {
  district?: string;
  from?: string;
  to?: string;
  weighted?: boolean;
}

/** Results of one survey of the caller's agency, read from rollups only. */
export async function surveyResults(agencyId: string, surveyId: string, filter: ResultsFilter) {
  const [survey, agency] = await Promise.all([getSurvey(agencyId, surveyId), findAgencyById(agencyId)]);
  const districts = agency.districts.map((d) => d.code);
  if (filter.district && !districts.includes(filter.district)) {
    throw new AppError(400, "validation_failed", "The request has invalid fields.", [
      { path: "query.district", message: `"${filter.district}" is not one of the agency's districts` },
    ]);
  }
  const counts = await readCounts({
    surveyId,
    segment: filter.district ? `district:${filter.district}` : "all",
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  });
  return {
    ...presentResults(surveyId, survey.questions, counts, districts),
    filters: { district: filter.district ?? null, from: filter.from ?? null, to: filter.to ?? null },
    // Raking to population margins arrives with the weighting work; say so rather than pretend.
    weighting: {
      applied: false,
      reason: filter.weighted ? "weighting is not available yet" : "not requested",
    },
  };
}

/** One point per ISO week or month with responses, oldest first. */
export async function surveyTrends(
  agencyId: string,
  surveyId: string,
  interval: "week" | "month",
  district?: string,
) {
  await getSurvey(agencyId, surveyId);
  const series = await readSeries(
    surveyId,
    district ? `district:${district}` : "all",
    interval === "week" ? "w" : "m",
  );
  return {
    surveyId,
    interval,
    points: series.map((doc) => ({ period: doc.period.slice(2), n: doc.n, indices: presentIndices(doc) })),
  };
}
