/**
 * Statistics computed from counts and sums, so dashboards never scan raw responses.
 * Pure functions; each follows the textbook formula named in its comment.
 *
 * Distribution functions come from stdlib (@stdlib/stats-base-dists-*): maintained, tested
 * against reference values to machine precision, pure JavaScript (no native build), and the
 * same code in the server and in anything else that imports shared/.
 */
import stdNormalCdf from "@stdlib/stats-base-dists-normal-cdf";
import stdTCdf from "@stdlib/stats-base-dists-t-cdf";
import stdTQuantile from "@stdlib/stats-base-dists-t-quantile";

export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export type Interval = [number, number];

const Z95 = 1.959963984540054;

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * The 97.5% quantile of Student's t with `df` (possibly fractional, as Welch's) degrees of
 * freedom: the multiplier of a two-sided 95% interval. Exact (inverse incomplete beta), so
 * intervals of 5–7 answers are not the 0.1–0.3% too narrow a series approximation made them.
 */
export function tQuantile975(df: number): number {
  return tQuantile(0.975, df);
}

export interface MeanSummary {
  mean: number;
  ci95: Interval | null;
}

/** Mean and its 95% t-interval from n, Σx and Σx² (sample variance with n − 1). */
export function meanWithInterval({ n, sum, sumSq }: Moments, digits = 2): MeanSummary | null {
  if (n <= 0) return null;
  const mean = sum / n;
  if (n < 2) return { mean: round(mean, digits), ci95: null };
  const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean: round(mean, digits), ci95: [round(mean - half, digits), round(mean + half, digits)] };
}

/** Wilson score interval for a proportion k/n at 95%. */
export function wilsonInterval(k: number, n: number): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function percent(k: number, n: number, digits = 1): number {
  return n > 0 ? round((100 * k) / n, digits) : 0;
}

export function addMoments(a: Moments, b: Moments): Moments {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSq: a.sumSq + b.sumSq };
}

/** Standard normal cumulative distribution Φ(z). */
export function normalCdf(z: number): number {
  return stdNormalCdf(z, 0, 1);
}

/** Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|), from the far tail so tiny p keep their digits. */
export function normalTwoSidedP(z: number): number {
  return 2 * stdNormalCdf(-Math.abs(z), 0, 1);
}

/** Two-sided p-value of Student's t with `df` (possibly fractional) degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) return NaN;
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return 2 * stdTCdf(-Math.abs(t), df);
}

/** Student's t cumulative distribution P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  return df > 0 ? stdTCdf(t, df) : NaN;
}

/** The t quantile for probability p (0 < p < 1). */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0) || !(p > 0 && p < 1)) return NaN;
  return stdTQuantile(p, df);
}

/** Weighted first and second moments: Σw, Σwx, Σwx², and the unweighted count behind them. */
export interface WeightedMoments {
  n: number;
  sumW: number;
  sumWX: number;
  sumWX2: number;
}

export interface WeightedMeanSummary {
  mean: number;
  ci95: Interval | null;
  marginOfError: number | null;
}

/**
 * Weighted mean with a design-effect-adjusted 95% interval: SE² = s²_w / n_eff, where s²_w is
 * the weighted variance and n_eff the Kish effective sample size, with t on n_eff − 1 df.
 */
export function weightedMeanInterval(
  moments: WeightedMoments,
  effectiveN: number,
  digits = 2,
): WeightedMeanSummary | null {
  if (moments.n <= 0 || moments.sumW <= 0) return null;
  const mean = moments.sumWX / moments.sumW;
  if (moments.n < 2 || effectiveN <= 1) return { mean: round(mean, digits), ci95: null, marginOfError: null };
  const populationVariance = Math.max(0, moments.sumWX2 / moments.sumW - mean * mean);
  const variance = (populationVariance * effectiveN) / (effectiveN - 1);
  const half = tQuantile975(effectiveN - 1) * Math.sqrt(variance / effectiveN);
  return {
    mean: round(mean, digits),
    ci95: [round(mean - half, digits), round(mean + half, digits)],
    marginOfError: round(half, digits),
  };
}

/** 95% margin of error of a proportion p on an effective sample size: z·√(p(1−p)/n_eff). */
export function proportionMarginOfError(p: number, effectiveN: number): number | null {
  if (effectiveN <= 0) return null;
  return Z95 * Math.sqrt((p * (1 - p)) / effectiveN);
}

export { round as roundTo, Z95 };
