import { SUPPRESSED, seesExactCounts, suppressionLabel } from "@shared/suppression.js";
import type { Agency, StaffContext } from "@server/accounts/accounts.service.js";
import { protectedView } from "@server/disclosure/disclosure.service.js";
import { maskResults } from "@server/disclosure/present.js";
import type { Survey } from "@server/surveys/surveys.service.js";
import { assertDistrict, settingsFingerprint, surveyAndAgency } from "./analytics.service.js";
import {
  compareFigures,
  correctComparison,
  countedFigures,
  suppressComparison,
  type Comparison,
} from "./compare.js";
import type { RollupCounts } from "./rollup.model.js";
import { presentResults } from "./results.js";
import { readCounts } from "./rollups.service.js";
import { weightedFigures } from "./weighted-results.js";
import { rakeCells } from "./weighting.service.js";

/** Two waves as inclusive local date ranges (query `a_from`, `a_to`, `b_from`, `b_to`). */
export interface WaveQuery {
  a_from: string;
  a_to: string;
  b_from: string;
  b_to: string;
  district?: string;
  weighted?: boolean;
}

/**
 * The comparison of two waves' counts, weighted when asked: each wave is raked to the margins
 * on its own (a wave's weights must not depend on who answered the other), and the tests use
 * each estimate's Kish effective n. When either wave cannot be weighted, both are compared
 * unweighted and `weighting` says why.
 */
async function compareCounts(
  survey: Survey,
  agency: Agency,
  query: WaveQuery,
  counts: { a: RollupCounts; b: RollupCounts },
): Promise<{ comparison: Comparison; weighting: Record<string, unknown> }> {
  const districts = agency.districts.map((d) => d.code);
  const counted = () =>
    compareFigures(survey.questions, countedFigures(counts.a), countedFigures(counts.b), districts);
  if (!query.weighted)
    return { comparison: counted(), weighting: { applied: false, reason: "not requested" } };
  const district = query.district ? { district: query.district } : {};
  const [a, b] = await Promise.all([
    rakeCells(survey, agency, { ...district, from: query.a_from, to: query.a_to }, counts.a.n),
    rakeCells(survey, agency, { ...district, from: query.b_from, to: query.b_to }, counts.b.n),
  ]);
  if (!a.applied)
    return { comparison: counted(), weighting: { applied: false, reason: `wave a: ${a.reason}` } };
  if (!b.applied)
    return { comparison: counted(), weighting: { applied: false, reason: `wave b: ${b.reason}` } };
  return {
    comparison: compareFigures(
      survey.questions,
      weightedFigures(a.cells, a.weights),
      weightedFigures(b.cells, b.weights),
      districts,
    ),
    weighting: {
      applied: true,
      method: "raking",
      variance: "kish-effective-n",
      waves: { a: a.summary, b: b.summary },
    },
  };
}

/**
 * Wave comparison from rollups: for each question and index, wave b against wave a, with the
 * test named and `significant` only at p < 0.05 after Holm's correction over every test shown,
 * weighted when asked (compareCounts). Outside the analyst role each wave passes the disclosure
 * step (whole months, no district: see server/disclosure), a wave with too few responses hides
 * the whole comparison, and any change resting on a hidden figure is hidden before the
 * correction, so the family is what the viewer sees.
 */
export async function compareWaves(staff: StaffContext, surveyId: string, query: WaveQuery) {
  const { survey, agency } = await surveyAndAgency(staff.agencyId, surveyId);
  assertDistrict(agency, query.district);
  const k = agency.suppressionThreshold;
  const header = { surveyId, district: query.district ?? null };
  const range = (from: string, to: string) => ({
    from,
    to,
    ...(query.district ? { district: query.district } : {}),
  });
  if (seesExactCounts(staff.role)) {
    const segment = query.district ? `district:${query.district}` : "all";
    const [a, b] = await Promise.all([
      readCounts({ surveyId, segment, from: query.a_from, to: query.a_to }),
      readCounts({ surveyId, segment, from: query.b_from, to: query.b_to }),
    ]);
    const { comparison, weighting } = await compareCounts(survey, agency, query, { a, b });
    return {
      ...header,
      waves: {
        a: { from: query.a_from, to: query.a_to, n: a.n },
        b: { from: query.b_from, to: query.b_to, n: b.n },
      },
      ...correctComparison(comparison),
      weighting,
      suppression: { applied: false, threshold: k, label: suppressionLabel(k) },
    };
  }
  const fingerprint = settingsFingerprint(survey, agency);
  const [a, b] = await Promise.all([
    protectedView(survey, agency, fingerprint, range(query.a_from, query.a_to)),
    protectedView(survey, agency, fingerprint, range(query.b_from, query.b_to)),
  ]);
  const suppression = { applied: true, threshold: k, label: suppressionLabel(k) };
  const withheld = (reason?: string) => ({
    ...header,
    suppressed: true,
    waves: {
      a: {
        from: query.a_from,
        to: query.a_to,
        n: "refused" in a || a.hidden.has("N") ? SUPPRESSED : a.counts.n,
      },
      b: {
        from: query.b_from,
        to: query.b_to,
        n: "refused" in b || b.hidden.has("N") ? SUPPRESSED : b.counts.n,
      },
    },
    questions: [],
    indices: {},
    suppression: { ...suppression, ...(reason ? { reason } : {}) },
  });
  if ("refused" in a) return withheld(a.refused);
  if ("refused" in b) return withheld(b.refused);
  if (a.hidden.has("N") || b.hidden.has("N")) return withheld();
  const districts = agency.districts.map((d) => d.code);
  const { comparison, weighting } = await compareCounts(survey, agency, query, { a: a.counts, b: b.counts });
  const shownA = maskResults(presentResults(surveyId, survey.questions, a.counts, districts), a.hidden, k);
  const shownB = maskResults(presentResults(surveyId, survey.questions, b.counts, districts), b.hidden, k);
  return {
    ...header,
    suppressed: false,
    waves: {
      a: { from: query.a_from, to: query.a_to, n: a.counts.n },
      b: { from: query.b_from, to: query.b_to, n: b.counts.n },
    },
    ...correctComparison(suppressComparison(comparison, shownA, shownB)),
    weighting,
    suppression,
  };
}
