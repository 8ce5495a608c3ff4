import {
  SUPPRESSED,
  isSmall,
  resultsForViewer,
  seesExactCounts,
  suppressionLabel,
} from "@shared/suppression.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { assertDistrict, surveyAndAgency } from "./analytics.service.js";
import { presentComparison, suppressComparison } from "./compare.js";
import { presentResults } from "./results.js";
import { readCounts } from "./rollups.service.js";

/** Two waves as inclusive local date ranges (query `a_from`, `a_to`, `b_from`, `b_to`). */
export interface WaveQuery {
  a_from: string;
  a_to: string;
  b_from: string;
  b_to: string;
  district?: string;
}

/**
 * Wave comparison from rollups: for each question and index, wave b against wave a, with the
 * test named and `significant` only at p < 0.05. Outside the analyst role, a wave with fewer
 * than k responses hides the whole comparison, and any change resting on a hidden cell is hidden.
 */
export async function compareWaves(staff: StaffContext, surveyId: string, query: WaveQuery) {
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  assertDistrict(agency, query.district);
  const segment = query.district ? `district:${query.district}` : "all";
  const [a, b] = await Promise.all([
    readCounts({ surveyId, segment, from: query.a_from, to: query.a_to }),
    readCounts({ surveyId, segment, from: query.b_from, to: query.b_to }),
  ]);
  const k = agency.suppressionThreshold;
  const districts = agency.districts.map((d) => d.code);
  const waves = {
    a: { from: query.a_from, to: query.a_to, n: a.n },
    b: { from: query.b_from, to: query.b_to, n: b.n },
  };
  const header = { surveyId, district: query.district ?? null };
  const comparison = presentComparison(survey.questions, a, b, districts);
  if (seesExactCounts(staff.role)) {
    return {
      ...header,
      waves,
      ...comparison,
      suppression: { applied: false, threshold: k, label: suppressionLabel(k) },
    };
  }
  const suppression = { applied: true, threshold: k, label: suppressionLabel(k) };
  if (isSmall(a.n, k) || isSmall(b.n, k)) {
    return {
      ...header,
      suppressed: true,
      waves: {
        a: { ...waves.a, n: isSmall(a.n, k) ? SUPPRESSED : a.n },
        b: { ...waves.b, n: isSmall(b.n, k) ? SUPPRESSED : b.n },
      },
      questions: [],
      indices: {},
      suppression,
    };
  }
  const shownA = resultsForViewer(presentResults(surveyId, survey.questions, a, districts), staff.role, k);
  const shownB = resultsForViewer(presentResults(surveyId, survey.questions, b, districts), staff.role, k);
  return {
    ...header,
    suppressed: false,
    waves,
    ...suppressComparison(comparison, shownA, shownB),
    suppression,
  };
}
