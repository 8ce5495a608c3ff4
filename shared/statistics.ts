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
  if (!(df > 0)) return NaN;
  // Welch's df is fractional; below 3 the expansion is poor, so invert the exact CDF there.
  if (df < table.length) return Number.isInteger(df) ? table[df]! : tQuantile(0.975, df);
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

/** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;

/** Regularized upper incomplete gamma Q(a, x): series below a + 1, Lentz continued fraction above. */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 1000 && Math.abs(term) > Math.abs(sum) * EPS; k++) {
      term *= x / (a + k);
      sum += term;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Complementary error function, erfc(x) = Q(½, x²) for x ≥ 0. */
export function erfc(x: number): number {
  const q = regularizedGammaQ(0.5, x * x);
  return x >= 0 ? q : 2 - q;
}

/** Standard normal cumulative distribution Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|). */
export function normalTwoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast only below (a + 1)/(a + b + 2); use symmetry above.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Two-sided p-value of Student's t with `df` (possibly fractional) degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(t)) return Number.isFinite(t) ? NaN : 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Student's t cumulative distribution P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTwoSidedP(t, df) / 2;
  return t >= 0 ? 1 - tail : tail;
}

/** The t quantile for probability p (0.5 < p < 1) by bisection on the exact CDF. */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0) || !(p > 0 && p < 1)) return NaN;
  let lo = -1e6;
  let hi = 1e6;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
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
