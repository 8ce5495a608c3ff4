/**
 * Is a change between two survey waves real? Proportions are compared with the pooled
 * two-proportion z-test, or Fisher's exact test when the normal approximation is poor (an
 * expected count under 5); means with Welch's unequal-variance t-test (from n, Σx, Σx², so
 * rollups suffice). The tests return raw p-values: whether a change is significant is decided
 * once all the tests of a comparison are known, on p-values corrected for their number (Holm).
 */
import { normalTwoSidedP, studentTwoSidedP, type Moments } from "./statistics.js";

export const ALPHA = 0.05;

/** Below this expected count in any cell of the 2×2 table, a share is tested with Fisher's exact test. */
export const MIN_EXPECTED_COUNT = 5;

export const TESTS = {
  two_proportion_z: "two-proportion z-test",
  fisher_exact: "Fisher's exact test",
  welch_t: "Welch's t-test",
} as const;
export type TestKey = keyof typeof TESTS;

export const CORRECTIONS = { holm: "Holm–Bonferroni" } as const;

export interface ChangeTest {
  test: TestKey;
  testName: string;
  /** b − a: a proportion difference (0–1) or a difference of means. */
  change: number;
  /** z or t; null when the spread is zero, and for Fisher's test, which has no statistic. */
  statistic: number | null;
  df?: number;
  /** Raw two-sided p of this test alone. */
  p: number;
}

/**
 * Pooled two-proportion z-test of k₁/n₁ (wave a) against k₂/n₂ (wave b):
 * z = (p₂ − p₁) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (k₁ + k₂)/(n₁ + n₂). Counts may be
 * fractional (effective counts of weighted data).
 */
export function twoProportionZTest(k1: number, n1: number, k2: number, n2: number): ChangeTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const base = { test: "two_proportion_z" as const, testName: TESTS.two_proportion_z, change: p2 - p1 };
  if (se === 0) return { ...base, statistic: null, p: 1 };
  const z = (p2 - p1) / se;
  return { ...base, statistic: z, p: normalTwoSidedP(z) };
}

/** R's fisher.test tolerance: tables as likely as the observed one, up to rounding, count as "as extreme". */
const FISHER_RELATIVE_TOLERANCE = 1e-7;

/**
 * Fisher's exact test of k₁/n₁ against k₂/n₂, two-sided: the probability, given both margins,
 * of every table no more likely than the observed one. Probabilities come from the ratio of
 * successive hypergeometric terms, so no factorial ever overflows. Whole counts only.
 */
export function fisherExactTest(k1: number, n1: number, k2: number, n2: number): ChangeTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const chosen = k1 + k2;
  const total = n1 + n2;
  const lo = Math.max(0, chosen - n2);
  const hi = Math.min(chosen, n1);
  // Unnormalised P(X = x) for X = wave a's count, built up from the mode to avoid underflow.
  const mode = Math.floor(((chosen + 1) * (n1 + 1)) / (total + 2));
  const weights = new Map<number, number>([[mode, 1]]);
  for (let x = mode; x < hi; x++)
    weights.set(x + 1, (weights.get(x)! * (chosen - x) * (n1 - x)) / ((x + 1) * (n2 - chosen + x + 1)));
  for (let x = mode; x > lo; x--)
    weights.set(x - 1, (weights.get(x)! * x * (n2 - chosen + x)) / ((chosen - x + 1) * (n1 - x + 1)));
  let sum = 0;
  for (const w of weights.values()) sum += w;
  const observed = weights.get(k1)! * (1 + FISHER_RELATIVE_TOLERANCE);
  let tail = 0;
  for (const w of weights.values()) if (w <= observed) tail += w;
  return {
    test: "fisher_exact",
    testName: TESTS.fisher_exact,
    change: k2 / n2 - k1 / n1,
    statistic: null,
    p: Math.min(1, tail / sum),
  };
}

/**
 * The test for a change in a share: the z-test while every expected count of the 2×2 table
 * (wave × chosen or not) is at least 5, the usual condition for its normal approximation;
 * otherwise Fisher's exact test, on counts rounded to whole numbers when they are effective
 * (weighted) counts. No test (null) for a share that is 0% or 100% in both waves.
 */
export function proportionTest(k1: number, n1: number, k2: number, n2: number): ChangeTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const chosen = k1 + k2;
  const total = n1 + n2;
  // Chosen by nobody (or by everybody) in both waves: nothing varies, no test can find a
  // change, and counting one in the Holm family would only make every other test stricter.
  if (chosen <= 0 || chosen >= total) return null;
  const smallest = (Math.min(n1, n2) * Math.min(chosen, total - chosen)) / total;
  if (smallest >= MIN_EXPECTED_COUNT) return twoProportionZTest(k1, n1, k2, n2);
  const [r1, m1, r2, m2] = [k1, n1, k2, n2].map(Math.round) as [number, number, number, number];
  if (m1 <= 0 || m2 <= 0) return null;
  const exact = fisherExactTest(r1, m1, r2, m2)!;
  // The change shown stays the (possibly weighted) estimate; only the p comes from whole counts.
  return { ...exact, change: k2 / n2 - k1 / n1 };
}

/**
 * Welch's t-test of the mean of wave b against wave a: t = (x̄₂ − x̄₁)/√(s₁²/n₁ + s₂²/n₂),
 * with Welch–Satterthwaite degrees of freedom. Needs at least two answers in each wave;
 * n may be an effective (weighted) sample size.
 */
export function welchTTest(a: Moments, b: Moments): ChangeTest | null {
  if (a.n < 2 || b.n < 2) return null;
  const meanA = a.sum / a.n;
  const meanB = b.sum / b.n;
  const varA = Math.max(0, (a.sumSq - (a.sum * a.sum) / a.n) / (a.n - 1));
  const varB = Math.max(0, (b.sumSq - (b.sum * b.sum) / b.n) / (b.n - 1));
  const ua = varA / a.n;
  const ub = varB / b.n;
  const base = { test: "welch_t" as const, testName: TESTS.welch_t, change: meanB - meanA };
  const se2 = ua + ub;
  if (se2 === 0) {
    // No spread at all: identical means are no change; different ones are certainly one.
    return { ...base, statistic: null, p: meanA === meanB ? 1 : 0 };
  }
  const t = (meanB - meanA) / Math.sqrt(se2);
  const df = (se2 * se2) / ((ua * ua) / (a.n - 1) + (ub * ub) / (b.n - 1));
  return { ...base, statistic: t, df, p: studentTwoSidedP(t, df) };
}

/**
 * Holm's step-down adjustment: the i-th smallest of m p-values is multiplied by m − i + 1,
 * made non-decreasing, capped at 1. Rejecting where the adjusted p < α keeps the chance of
 * any false "significant" in the family at most α, whatever the dependence between tests.
 * Returns the adjusted p-values in the order given.
 */
export function holmAdjust(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
