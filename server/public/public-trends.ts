import { INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import { quarterOf } from "@shared/periods.js";
import type { Interval } from "@shared/statistics.js";
import { isSuppressed, type Cell, type TrendPoint } from "@shared/suppression.js";
import {
  halfWidth,
  MARGIN_DIGITS,
  reliableInterval,
  type MonthIndex,
  type PeriodIndex,
  type PublicIndex,
} from "./public-results.js";

/*
 * The public trend and the headline month, both from the estimator of the survey's headline:
 * the release's month points, or each month's own weighted body when weighting applies.
 */

export interface PublicTrendPoint {
  period: string;
  n: Cell<number>;
  indices: Partial<Record<IndexKey, Cell<number | null>>>;
  /** Each score's 95% interval, hidden and null exactly where the score is. */
  intervals: Partial<Record<IndexKey, Cell<Interval | null>>>;
  /** Why a month of a weighted survey shows no scores: it could not be weighted on its own. */
  unweightedReason?: string;
}

/**
 * A month's weighted index figures, read from that month's own protected, weighted body:
 * `indices` when its weighting applied, else why not.
 */
export type MonthWeighting =
  { applied: true; indices: Record<string, MonthIndex> } | { applied: false; reason: string };

const NO_FIGURE: MonthIndex = { score: null, ci95: null, marginOfError: null };

/**
 * The allowed indices of one month point from the headline's estimator: the release's own
 * (unweighted) figures, or with `weighted` the month's raked ones; a month that cannot be
 * weighted gives none rather than raw ones. A weighted figure is taken only where the
 * month's unweighted score is shown (the release hides both alike).
 */
function monthIndices(
  point: TrendPoint,
  allowed: ReadonlySet<IndexKey>,
  weighted?: ReadonlyMap<string, MonthWeighting>,
): Array<[IndexKey, MonthIndex]> {
  const month = weighted?.get(point.period);
  return INDEX_KEYS.filter((key) => allowed.has(key) && point.indices[key]).map((key) => {
    const plain = point.indices[key]!;
    const ci95 = reliableInterval(plain.ci95, plain.n);
    const own: MonthIndex = {
      score: plain.score,
      ci95,
      marginOfError: halfWidth(ci95, MARGIN_DIGITS.index),
    };
    if (!weighted || plain.score === null || isSuppressed(plain.score)) return [key, own];
    if (!month?.applied) return [key, NO_FIGURE];
    return [key, month.indices[key] ?? NO_FIGURE];
  });
}

/**
 * Suppressed trend points reduced to the allowed indices' scores, from the same estimator as
 * the headline: with `weighted` (month → that month's raked scores) a month's score is its
 * weighted one, and a month that cannot be weighted shows no score rather than a raw one.
 * A score is shown only where the month's unweighted score is (the release hides both alike).
 */
export function publicTrends(
  points: TrendPoint[],
  allowed: ReadonlySet<IndexKey>,
  weighted?: ReadonlyMap<string, MonthWeighting>,
): PublicTrendPoint[] {
  return points.map((point) => {
    const month = weighted?.get(point.period);
    const figures = monthIndices(point, allowed, weighted);
    const out: PublicTrendPoint = {
      period: point.period,
      n: point.n,
      indices: Object.fromEntries(figures.map(([key, f]) => [key, f.score])),
      intervals: Object.fromEntries(figures.map(([key, f]) => [key, f.ci95])),
    };
    if (weighted && month && !month.applied && figures.length > 0) out.unweightedReason = month.reason;
    return out;
  });
}

/**
 * The headline month: the latest month with responses that has ended (`current` is this
 * month in the agency's time zone), so a month still filling up never leads the page. Each
 * index gets that month's figures from the trend's own estimator, beside its all-time ones.
 */
export function withLatestMonth(
  indices: PublicIndex[],
  points: TrendPoint[],
  allowed: ReadonlySet<IndexKey>,
  current: string,
  weighted?: ReadonlyMap<string, MonthWeighting>,
): PublicIndex[] {
  const latest = points.filter((p) => p.period < current).at(-1);
  if (!latest) return indices.map((index) => ({ ...index, latestMonth: null }));
  const figures = new Map(monthIndices(latest, allowed, weighted));
  // A month the release hides whole keeps its marker on every figure, as the trend does on n.
  const hiddenMonth = isSuppressed(latest.n) ? latest.n : null;
  const missing: MonthIndex = hiddenMonth
    ? { score: hiddenMonth, ci95: hiddenMonth, marginOfError: hiddenMonth }
    : NO_FIGURE;
  return indices.map((index) => ({
    ...index,
    latestMonth: {
      period: latest.period,
      ...(figures.get(index.key) ?? missing),
      // The people behind the month's score, as the release shows them (hidden with the score).
      n: latest.indices[index.key]?.n ?? hiddenMonth ?? 0,
    },
  }));
}

/**
 * The headline quarter: the latest quarter with responses (months in `points`) that has
 * ended before `currentQuarter`, or null before any has.
 */
export function latestQuarterOf(points: TrendPoint[], currentQuarter: string): string | null {
  return (
    points
      .map((p) => quarterOf(p.period))
      .filter((q) => q < currentQuarter)
      .at(-1) ?? null
  );
}

/**
 * Sets each index's headline (`latestPeriod`): its month, or, when the agency leads with
 * quarters, the figures of that quarter's own body (`indices`, from headlineQuarter).
 */
export function withLatestPeriod(
  indices: PublicIndex[],
  quarter: { period: string; indices: PublicIndex[] } | null,
): PublicIndex[] {
  if (quarter === null)
    return indices.map((index) => ({ ...index, latestPeriod: index.latestMonth ?? null }));
  return indices.map((index) => {
    const own = quarter.indices.find((i) => i.key === index.key);
    const figures: PeriodIndex = own
      ? {
          period: quarter.period,
          score: own.score,
          ci95: own.ci95,
          marginOfError: own.marginOfError,
          n: own.n,
        }
      : { period: quarter.period, score: null, ci95: null, marginOfError: null, n: 0 };
    return { ...index, latestPeriod: figures };
  });
}
