import type { IndexResult } from "@shared/suppression.js";
import { seesExactCounts, suppressionLabel } from "@shared/suppression.js";
import type { Interval } from "@shared/statistics.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { surveyAndAgency } from "./analytics.service.js";
import { optionValues, presentResults } from "./results.js";
import { readCounts } from "./rollups.service.js";

export const BREAKDOWN_ROLES = ["age", "gender", "race"] as const;
export type BreakdownRole = (typeof BREAKDOWN_ROLES)[number];

export interface BreakdownQuery {
  by: BreakdownRole;
  from?: string;
  to?: string;
}

export interface BreakdownGroup {
  value: string;
  n: number;
  indices: Record<string, IndexResult>;
  /** The mean (with its 95% interval) of every question that has one, in the survey's order. */
  questions: Array<{ id: string; n: number; mean: number | null; ci95: Interval | null }>;
}

/**
 * Outside the analyst role there is no breakdown at all: the disclosure release protects the
 * survey, its districts and its months, not groups of age, gender or race, and those groups
 * cut across all of them (their sizes could be subtracted from the survey's n).
 */
export const BREAKDOWN_REFUSAL =
  "Breakdowns by age, gender and race are for analysts and admins: outside that role only the whole survey, one district or whole months are offered.";

/**
 * Results of a survey split by the answers to its age, gender or race question, read from the
 * rollups each response already counts in (segment `<role>:<answer>`): per group its n, index
 * scores and question means with intervals, exact, for analysts and admins.
 */
export async function surveyBreakdown(staff: StaffContext, surveyId: string, query: BreakdownQuery) {
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  const k = agency.suppressionThreshold;
  const question = survey.questions.find((q) => q.demographic === query.by) ?? null;
  const base = {
    surveyId,
    by: query.by,
    question: question?.id ?? null,
    filters: { from: query.from ?? null, to: query.to ?? null },
  };
  if (!seesExactCounts(staff.role)) {
    const suppression = {
      applied: true,
      threshold: k,
      label: suppressionLabel(k),
      reason: BREAKDOWN_REFUSAL,
    };
    return { ...base, suppressed: true, groups: [] as BreakdownGroup[], suppression };
  }
  const districts = agency.districts.map((d) => d.code);
  const values = question ? optionValues(question, districts).map(String) : [];
  const groups = await Promise.all(
    values.map(async (value): Promise<BreakdownGroup> => {
      const counts = await readCounts({
        surveyId,
        segment: `${query.by}:${value}`,
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
      });
      const body = presentResults(surveyId, survey.questions, counts, districts);
      const questions = body.questions.flatMap((q) => {
        const { mean, ci95 } = q as { mean?: number | null; ci95?: Interval | null };
        return mean === undefined ? [] : [{ id: q.id, n: q.n as number, mean, ci95: ci95 ?? null }];
      });
      return { value, n: counts.n, indices: body.indices, questions };
    }),
  );
  const suppression = { applied: false, threshold: k, label: suppressionLabel(k) };
  return { ...base, suppressed: false, groups, suppression };
}
