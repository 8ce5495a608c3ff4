import type { IndexKey } from "./indices.js";

/**
 * Peer benchmarks: how an agency's index compares with other agencies' figures for the same
 * shared template and period. Pure statistics and the shapes both sides read.
 */

/** The templates whose index figures agencies may compare: both ask the same themed items everywhere. */
export const BENCHMARK_TEMPLATES = ["community-trust", "post-contact"] as const;
export type BenchmarkTemplate = (typeof BENCHMARK_TEMPLATES)[number];

/**
 * The fewest other agencies a peer figure may be computed from. Five keeps a quartile from
 * resting on one or two agencies and follows the common "at least five contributors" rule of
 * benchmarking clubs; a setting may raise it, never lower it.
 */
export const MIN_BENCHMARK_PEERS = 5;

/** Why an agency that does not share sees no peer figures (said by the API and the dashboard). */
export const NOT_SHARING_REASON =
  "Your agency does not share its figures with peer agencies, so it sees none of theirs. An admin can turn sharing on in the agency settings.";

/** The open benchmark file's format name and version. */
export const BENCHMARK_FILE_FORMAT = "community-pulse/benchmarks";
export const BENCHMARK_FILE_VERSION = 1;

/** One index figure as it left the disclosure-control step: score 0–100, its n and 95% interval. */
export interface PeerFigure {
  score: number;
  n: number;
  ci95: [number, number] | null;
}

/** The peer summary of one index. */
export interface PeerIndex {
  median: number;
  p25: number;
  p75: number;
  /** The agency's percentile rank among its peers (0–100); null when its own figure is not shown. */
  percentile: number | null;
  peers: number;
  /** The agency's own figure, as the disclosure-control step shows it; null when hidden or too small. */
  own: number | null;
}

export type BenchmarksBody =
  | {
      available: true;
      peers: number;
      period: string;
      template: string;
      templateVersion: string;
      minN: number;
      minPeers: number;
      indices: Partial<Record<IndexKey, PeerIndex>>;
    }
  | {
      available: false;
      /** `not_sharing`, `not_a_shared_template`, `template_changed` or `too_few_peers`. */
      code: string;
      reason: string;
      period: string | null;
      minN: number;
      minPeers: number;
    };

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/**
 * The p-quantile of sorted values by linear interpolation between order statistics (Hyndman
 * and Fan type 7, the default of R and NumPy): position h = (N − 1)·p from the smallest.
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("no values");
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (h - below) * (upper - lower);
}

/**
 * The percentile rank of a value among others (mid-rank definition): the share of them below
 * it plus half the share equal to it, times 100. Above every peer → 100, below every one → 0,
 * equal to all → 50.
 */
export function percentileRank(others: readonly number[], value: number): number {
  const below = others.filter((x) => x < value).length;
  const equal = others.filter((x) => x === value).length;
  return (100 * (below + equal / 2)) / others.length;
}

/**
 * Median, quartiles and the agency's percentile among its peers' figures: quartiles to one
 * decimal, the percentile to a whole number. Never returns a peer's figure by itself.
 */
export function summarizePeers(peerScores: readonly number[], own: number | null): PeerIndex {
  const sorted = [...peerScores].sort((a, b) => a - b);
  return {
    median: oneDecimal(quantile(sorted, 0.5)),
    p25: oneDecimal(quantile(sorted, 0.25)),
    p75: oneDecimal(quantile(sorted, 0.75)),
    percentile: own === null ? null : Math.round(percentileRank(sorted, own)),
    peers: sorted.length,
    own: own === null ? null : oneDecimal(own),
  };
}
