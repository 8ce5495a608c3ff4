/**
 * A second implementation of the statistics the server reports, written from the textbook
 * formulas and deliberately sharing no code with `shared/` or `server/` (lint enforces it): the
 * reference check (statistics.test.ts) recomputes every figure of a results, weighted results
 * and compare body with these and asserts agreement. Distribution functions come from the
 * regularized incomplete beta and gamma functions (Numerical Recipes, 3rd ed., §6.1–6.4), and
 * quantiles from bisection on them, so no statistics library stands between the two sides.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7): about 15 significant digits. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const TINY = 1e-300;
const EPS = 1e-16;

/** Lentz's continued fraction for the incomplete beta function (NR betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 2 * EPS) return h;
  }
  throw new Error(`incomplete beta did not converge (a=${a}, b=${b}, x=${x})`);
}

/** The regularized incomplete beta I_x(a, b). */
export function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast only on this side of the mean; use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The regularized upper incomplete gamma Q(a, x) (NR gser / gcf). */
export function upperIncompleteGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) return 1 - sum * front;
    }
    throw new Error("incomplete gamma series did not converge");
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 2 * EPS) return front * h;
  }
  throw new Error("incomplete gamma fraction did not converge");
}

/** P(|Z| ≥ |z|) for a standard normal Z: erfc(|z|/√2) = Q(½, z²/2), accurate far into the tail. */
export function normalTwoSided(z: number): number {
  return upperIncompleteGamma(0.5, (z * z) / 2);
}

/** P(|T| ≥ |t|) for Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, ½). */
export function studentTwoSided(t: number, df: number): number {
  return incompleteBeta(df / 2, 0.5, df / (df + t * t));
}

/** The x in [0, hi] where a decreasing function crosses `target`, by bisection to the last bit. */
function bisectDecreasing(f: (x: number) => number, target: number, hi: number): number {
  let lo = 0;
  for (let i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The 97.5% normal quantile, found rather than typed in. */
export const Z975 = bisectDecreasing(normalTwoSided, 0.05, 10);

/** The 97.5% quantile of Student's t on df (possibly fractional) degrees of freedom. */
export function t975(df: number): number {
  return bisectDecreasing((t) => studentTwoSided(t, df), 0.05, 1e4);
}

export type Interval = [number, number];

/** Wilson score interval of a proportion k/n at 95% (k and n may be effective, fractional). */
export function wilson(k: number, n: number): Interval {
  const p = k / n;
  const z2 = Z975 * Z975;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z975 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface Summary {
  n: number;
  mean: number;
  /** Sample variance, divisor n − 1. */
  variance: number;
}

/** Mean and sample variance by two passes over the values. */
export function summarise(values: number[]): Summary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) : NaN;
  return { n, mean, variance };
}

/** Student t 95% interval of a mean: x̄ ± t₀.₉₇₅(n − 1)·s/√n. */
export function tInterval({ n, mean, variance }: Summary): Interval {
  const half = t975(n - 1) * Math.sqrt(variance / n);
  return [mean - half, mean + half];
}

export interface TestResult {
  statistic: number | null;
  df?: number;
  p: number;
}

/** Welch's t-test of b against a, with Welch–Satterthwaite degrees of freedom. */
export function welch(a: Summary, b: Summary): TestResult {
  const ua = a.variance / a.n;
  const ub = b.variance / b.n;
  if (ua + ub === 0) return { statistic: null, p: a.mean === b.mean ? 1 : 0 };
  const t = (b.mean - a.mean) / Math.sqrt(ua + ub);
  const df = (ua + ub) ** 2 / (ua ** 2 / (a.n - 1) + ub ** 2 / (b.n - 1));
  return { statistic: t, df, p: studentTwoSided(t, df) };
}

/** Pooled two-proportion z-test of k₂/n₂ against k₁/n₁. */
export function twoProportionZ(k1: number, n1: number, k2: number, n2: number): TestResult {
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: null, p: 1 };
  const z = (k2 / n2 - k1 / n1) / se;
  return { statistic: z, p: normalTwoSided(z) };
}

const lnChoose = (n: number, k: number): number => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/**
 * Fisher's exact test, two-sided: the hypergeometric probability (both margins fixed) of every
 * table no more likely than the observed one, "no more likely" up to a relative 1e-7 (R's rule).
 */
export function fisherExact(k1: number, n1: number, k2: number, n2: number): TestResult {
  const chosen = k1 + k2;
  const lnTotal = lnChoose(n1 + n2, chosen);
  const prob = (x: number): number => Math.exp(lnChoose(n1, x) + lnChoose(n2, chosen - x) - lnTotal);
  const observed = prob(k1) * (1 + 1e-7);
  let p = 0;
  for (let x = Math.max(0, chosen - n2); x <= Math.min(chosen, n1); x++) {
    const px = prob(x);
    if (px <= observed) p += px;
  }
  return { statistic: null, p: Math.min(1, p) };
}

/** Holm's step-down adjustment, made monotone and capped at 1, returned in the input order. */
export function holm(p: number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((x, y) => p[x]! - p[y]!);
  const adjusted = new Array<number>(m);
  let highest = 0;
  order.forEach((index, rank) => {
    highest = Math.max(highest, Math.min(1, (m - rank) * p[index]!));
    adjusted[index] = highest;
  });
  return adjusted;
}

/** Kish's effective sample size (Σw)²/Σw². */
export function kishN(weights: number[]): number {
  const s1 = weights.reduce((a, b) => a + b, 0);
  const s2 = weights.reduce((a, b) => a + b * b, 0);
  return (s1 * s1) / s2;
}

/** Kish's design effect n·Σw²/(Σw)² = n / n_eff. */
export function designEffect(weights: number[]): number {
  return weights.length / kishN(weights);
}

export interface WeightedSummary extends Summary {
  /** Kish effective n of the values' weights; `n` is the same, for the t-tests. */
  effectiveN: number;
}

/**
 * Weighted mean Σwx/Σw with the variance the server documents: the weighted population
 * variance Σw(x − x̄)²/Σw times n_eff/(n_eff − 1), on the Kish effective n.
 */
export function weightedSummary(values: number[], weights: number[]): WeightedSummary {
  const sw = weights.reduce((a, b) => a + b, 0);
  const mean = values.reduce((a, x, i) => a + weights[i]! * x, 0) / sw;
  const spread = values.reduce((a, x, i) => a + weights[i]! * (x - mean) ** 2, 0) / sw;
  const effectiveN = kishN(weights);
  return { n: effectiveN, effectiveN, mean, variance: (spread * effectiveN) / (effectiveN - 1) };
}

/** The 95% margin of a weighted mean: t₀.₉₇₅(n_eff − 1)·√(s²_w / n_eff). */
export function weightedMargin(s: WeightedSummary): number {
  return t975(s.effectiveN - 1) * Math.sqrt(s.variance / s.effectiveN);
}

/** A raking variable: each respondent's category (null: not adjusted on it) and the target shares. */
export interface RakingVariable {
  categoryOf: Array<string | null>;
  shares: Record<string, number>;
}

/**
 * Raking (iterative proportional fitting) of unit starting weights: for each variable in turn,
 * respondents with a known category are scaled so that their weighted shares meet the targets
 * while their total weight stays put; repeated until no weight changes by more than 1e-10
 * (relative), then scaled to a mean of 1. Target categories nobody is in are dropped and the
 * rest rescaled, as the server documents; trimming is not implemented (the check's data set
 * must not need it).
 */
export function rakeWeights(n: number, variables: RakingVariable[]): number[] {
  const prepared = variables.map(({ categoryOf, shares }) => {
    const present = new Set(categoryOf.filter((c): c is string => c !== null && (shares[c] ?? 0) > 0));
    const total = [...present].reduce((a, c) => a + shares[c]!, 0);
    const targets = new Map([...present].map((c) => [c, shares[c]! / total]));
    return { categoryOf: categoryOf.map((c) => (c !== null && targets.has(c) ? c : null)), targets };
  });
  const w = new Array<number>(n).fill(1);
  for (let iteration = 0; iteration < 100_000; iteration++) {
    let change = 0;
    for (const { categoryOf, targets } of prepared) {
      const byCategory = new Map<string, number>();
      let known = 0;
      categoryOf.forEach((c, i) => {
        if (c === null) return;
        byCategory.set(c, (byCategory.get(c) ?? 0) + w[i]!);
        known += w[i]!;
      });
      categoryOf.forEach((c, i) => {
        if (c === null) return;
        const factor = (targets.get(c)! * known) / byCategory.get(c)!;
        change = Math.max(change, Math.abs(factor - 1));
        w[i]! *= factor;
      });
    }
    if (change < 1e-10) {
      const mean = w.reduce((a, b) => a + b, 0) / n;
      return w.map((x) => x / mean);
    }
  }
  throw new Error("raking did not converge");
}
