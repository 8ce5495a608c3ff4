import type { Interval, Moments } from "./statistics.js";

/**
 * Empirical Bayes estimates of group means (a unit's or an officer's index score, 0–100),
 * shrunk toward the agency mean: the normal–normal model with the between-group variance
 * estimated by the method of moments. A group with few answers or an unusual mean moves
 * toward the agency; a large group keeps close to its own mean. This is what keeps a
 * per-officer table from ranking people on noise.
 *
 * For groups g = 1 … G, each with n_g scores, mean ȳ_g and within-group sum of squares SS_g:
 *
 * - within-group variance, pooled: σ² = Σ SS_g / (Σ n_g − G);
 * - between-group variance (method of moments): τ² = max(0, s² − (1/G) Σ σ²/n_g), where s² is
 *   the sample variance of the G group means; with fewer than two groups τ² = 0;
 * - agency mean μ and its variance: the mean of every score of the survey (grouped or not),
 *   Var(μ) = s²_agency / N;
 * - shrinkage B_g = (σ²/n_g) / (σ²/n_g + τ²) (1 when τ² = 0);
 * - estimate θ_g = B_g μ + (1 − B_g) ȳ_g; posterior variance V_g = (1 − B_g) σ²/n_g + B_g² Var(μ);
 * - 95% interval θ_g ± 1.96 √V_g, within 0–100.
 */

export interface GroupEstimate {
  /** The posterior mean, rounded to one decimal. */
  estimate: number;
  ci95: Interval;
  /** 1 − B_g: how much of the group's own mean the estimate keeps (0 = all agency, 1 = all own). */
  ownWeight: number;
}

export interface ShrinkageFit {
  agencyMean: number;
  withinVariance: number;
  betweenVariance: number;
  estimates: Map<string, GroupEstimate>;
}

const Z95 = 1.959963984540054;
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const clamp = (value: number): number => Math.min(100, Math.max(0, value));

/**
 * Fits the model to `groups` (only the groups that will be shown: hidden groups must not
 * move what is shown) and returns each group's shrunk estimate. `agency` holds every score of
 * the survey. Null when the agency has fewer than two scores.
 */
export function shrinkGroupMeans(groups: ReadonlyMap<string, Moments>, agency: Moments): ShrinkageFit | null {
  if (agency.n < 2) return null;
  const agencyMean = agency.sum / agency.n;
  const agencyVariance = Math.max(0, (agency.sumSq - agency.n * agencyMean ** 2) / (agency.n - 1));
  const meanVariance = agencyVariance / agency.n;
  const used = [...groups].filter(([, m]) => m.n > 0);
  const scored = used.reduce((sum, [, m]) => sum + m.n, 0);
  const within = used.reduce((sum, [, m]) => sum + Math.max(0, m.sumSq - m.sum ** 2 / m.n), 0);
  // With one answer per group there is no within-group spread to pool: the agency's stands in.
  const withinVariance = scored > used.length ? within / (scored - used.length) : agencyVariance;
  let betweenVariance = 0;
  if (used.length >= 2) {
    const means = used.map(([, m]) => m.sum / m.n);
    const centre = means.reduce((a, b) => a + b, 0) / means.length;
    const spread = means.reduce((sum, mean) => sum + (mean - centre) ** 2, 0) / (means.length - 1);
    const noise = used.reduce((sum, [, m]) => sum + withinVariance / m.n, 0) / used.length;
    betweenVariance = Math.max(0, spread - noise);
  }
  const estimates = new Map<string, GroupEstimate>();
  for (const [id, m] of used) {
    const sampling = withinVariance / m.n;
    const shrink = betweenVariance > 0 ? sampling / (sampling + betweenVariance) : 1;
    const estimate = shrink * agencyMean + (1 - shrink) * (m.sum / m.n);
    const variance = (1 - shrink) * sampling + shrink ** 2 * meanVariance;
    const half = Z95 * Math.sqrt(variance);
    estimates.set(id, {
      estimate: round(estimate, 1),
      ci95: [round(clamp(estimate - half), 1), round(clamp(estimate + half), 1)],
      ownWeight: round(1 - shrink, 3),
    });
  }
  return { agencyMean, withinVariance, betweenVariance, estimates };
}
