/**
 * Statistics computed from counts and sums, so dashboards never scan raw responses.
 * Pure functions; each follows the textbook formula named in its comment.
 */

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
 * Two-sided 97.5% quantile of Student's t with `df` degrees of freedom, by the Cornish–Fisher
 * expansion around the normal quantile (accurate to ~1e-3 from df = 3; exact table below).
 */
export function tQuantile975(df: number): number {
  const table = [NaN, 12.706, 4.303, 3.182];
  if (df < 1) return NaN;
  if (df < table.length) return table[df]!;
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
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
