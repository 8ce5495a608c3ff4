/**
 * Is a change between two survey waves real? Proportions are compared with the pooled
 * two-proportion z-test, means with Welch's unequal-variance t-test (from n, Σx, Σx², so
 * rollups suffice). A change is flagged significant only at p < 0.05, and every result names
 * its test so the screen can say which one was used.
 */
import { normalTwoSidedP, studentTwoSidedP, type Moments } from "./statistics.js";

export const ALPHA = 0.05;

export const TESTS = {
  two_proportion_z: "two-proportion z-test",
  welch_t: "Welch's t-test",
} as const;
export type TestKey = keyof typeof TESTS;

export interface ChangeTest {
  test: TestKey;
  testName: string;
  /** b − a: a proportion difference (0–1) or a difference of means. */
  change: number;
  /** z or t; null when the spread is zero and no statistic exists. */
  statistic: number | null;
  df?: number;
  p: number;
  significant: boolean;
}

/**
 * Pooled two-proportion z-test of k₁/n₁ (wave a) against k₂/n₂ (wave b):
 * z = (p₂ − p₁) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (k₁ + k₂)/(n₁ + n₂).
 */
export function twoProportionZTest(k1: number, n1: number, k2: number, n2: number): ChangeTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const base = { test: "two_proportion_z" as const, testName: TESTS.two_proportion_z, change: p2 - p1 };
  if (se === 0) return { ...base, statistic: null, p: 1, significant: false };
  const z = (p2 - p1) / se;
  const p = normalTwoSidedP(z);
  return { ...base, statistic: z, p, significant: p < ALPHA };
}

/**
 * Welch's t-test of the mean of wave b against wave a: t = (x̄₂ − x̄₁)/√(s₁²/n₁ + s₂²/n₂),
 * with Welch–Satterthwaite degrees of freedom. Needs at least two answers in each wave.
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
    const same = meanA === meanB;
    return { ...base, statistic: null, p: same ? 1 : 0, significant: !same };
  }
  const t = (meanB - meanA) / Math.sqrt(se2);
  const df = (se2 * se2) / ((ua * ua) / (a.n - 1) + (ub * ub) / (b.n - 1));
  const p = studentTwoSidedP(t, df);
  return { ...base, statistic: t, df, p, significant: p < ALPHA };
}
