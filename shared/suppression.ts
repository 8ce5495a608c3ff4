import type { Role } from "./accounts.js";

/**
 * The shapes of results bodies and of the marker that replaces a hidden figure, shared by the
 * server and the pages. Which figures are hidden outside the analyst role is decided in one
 * place, the server's disclosure step (server/disclosure): a count of 1 … k−1 is `{"suppressed":
 * true}`; a figure hidden so that a small one cannot be worked out from it is
 * `{"suppressed": true, "protects": "others"}`. Zero is shown as zero: it identifies no one.
 */
import type { Interval } from "./statistics.js";

export interface Suppressed {
  suppressed: true;
  /** Set on a figure that is not small itself but hidden so that a small one stays hidden. */
  protects?: "others";
}
export const SUPPRESSED: Suppressed = Object.freeze({ suppressed: true as const });
/** A number (or interval) a viewer may see, or the marker that replaced it. */
export type Cell<T> = T | Suppressed;

export type OptionValue = string | number | boolean;

export interface OptionResult {
  value: OptionValue;
  count: Cell<number>;
  percent: Cell<number>;
  ci95?: Cell<Interval | null>;
}

export interface ItemResult {
  id: string;
  n: Cell<number>;
  options: OptionResult[];
  mean: Cell<number | null>;
  ci95: Cell<Interval | null>;
}

export interface QuestionResult {
  id: string;
  type: string;
  n: Cell<number>;
  options?: OptionResult[];
  items?: ItemResult[];
  mean?: Cell<number | null>;
  ci95?: Cell<Interval | null>;
}

export interface IndexResult {
  score: Cell<number | null>;
  ci95: Cell<Interval | null>;
  n: Cell<number>;
}

export interface WeightedOption {
  value: OptionValue;
  percent: Cell<number>;
  ci95: Cell<Interval | null>;
  /**
   * The share of a category the weights were raked to: it equals the population margin by
   * construction, so it has no sampling interval (`ci95` is null).
   */
  raked?: true;
}

export interface WeightedItem {
  id: string;
  effectiveN: Cell<number>;
  options: WeightedOption[];
  mean: Cell<number | null>;
  ci95: Cell<Interval | null>;
  marginOfError: Cell<number | null>;
}

export interface WeightedQuestion {
  id: string;
  type: string;
  effectiveN: Cell<number>;
  options?: WeightedOption[];
  items?: WeightedItem[];
  mean?: Cell<number | null>;
  ci95?: Cell<Interval | null>;
  marginOfError?: Cell<number | null>;
}

export interface WeightedIndex {
  score: Cell<number | null>;
  ci95: Cell<Interval | null>;
  marginOfError: Cell<number | null>;
  effectiveN: Cell<number>;
  /** Whether the effective n reaches MIN_RELIABLE_N (shared/flags.ts); below it no interval is shown. */
  reliable?: boolean;
}

export interface WeightedBlock {
  questions: WeightedQuestion[];
  indices: Record<string, WeightedIndex>;
}

export interface ResultsBody {
  surveyId: string;
  n: Cell<number>;
  suppressed: boolean;
  questions: QuestionResult[];
  indices: Record<string, IndexResult>;
  weighted?: WeightedBlock | null;
  weighting?: Record<string, unknown>;
  /** `reason` says why a view is not offered outside the analyst role, and what is. */
  suppression?: { applied: boolean; threshold: number; label: string; reason?: string };
}

/**
 * Who is looking. Analysts and admins see exact counts; everyone else does not (officers and
 * supervisors never reach a survey's results, but if they did they would get the protected body).
 */
export type Viewer = Role | "public";

export function seesExactCounts(viewer: Viewer): boolean {
  return viewer === "analyst" || viewer === "admin";
}

/** How a figure hidden to protect a small one elsewhere is labelled (it is not small itself). */
export const PROTECTS_OTHERS_LABEL = "hidden to protect others";

export const isSuppressed = (value: unknown): value is Suppressed =>
  typeof value === "object" && value !== null && (value as Suppressed).suppressed === true;

/** Is this count a small cell: at least one response but fewer than k? */
export const isSmall = (count: number, k: number): boolean => count > 0 && count < k;

export function suppressionLabel(k: number): string {
  return `fewer than ${k}`;
}

export interface TrendPoint {
  period: string;
  n: Cell<number>;
  indices: Record<string, IndexResult>;
}
