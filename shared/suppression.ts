/**
 * Small-cell suppression for every view outside the analyst role. A count of 1 … k−1 is
 * replaced by `{"suppressed": true}`, and so is every number that would let a reader recover
 * it: complementary cells of the same question (so subtracting the shown cells from n gives
 * nothing away), the percents of hidden cells, and the mean and interval of a question with a
 * hidden cell (they are linear and quadratic functions of its counts). Zero is shown as zero:
 * it identifies no one. Pure functions over the results body so the results endpoint, live
 * updates and public pages all apply the same rule.
 */
import type { Interval } from "./statistics.js";

export interface Suppressed {
  suppressed: true;
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
  suppression?: { applied: boolean; threshold: number; label: string };
}

/** Who is looking. Analysts and admins see exact counts; designers and the public do not. */
export type Viewer = "analyst" | "admin" | "designer" | "public";

export function seesExactCounts(viewer: Viewer): boolean {
  return viewer === "analyst" || viewer === "admin";
}

export const isSuppressed = (value: unknown): value is Suppressed =>
  typeof value === "object" && value !== null && (value as Suppressed).suppressed === true;

/** Is this count a small cell: at least one response but fewer than k? */
export const isSmall = (count: number, k: number): boolean => count > 0 && count < k;

export function suppressionLabel(k: number): string {
  return `fewer than ${k}`;
}

/**
 * Which cells of one question to hide. `grouped` cells add up to a total that is shown (a
 * single-choice question's options add up to its n), so when any is hidden, more are hidden,
 * smallest first, until at least two are hidden and together they hold at least k responses:
 * the total minus the shown cells then reveals only a sum that is not itself a small cell.
 * Options of a multiple-choice question do not add up to anything shown: small ones alone go.
 */
export function suppressionMask(counts: number[], k: number, grouped: boolean): boolean[] {
  const mask = counts.map((c) => isSmall(c, k));
  if (!grouped || !mask.some(Boolean)) return mask;
  const hidden = (): { cells: number; sum: number } =>
    mask.reduce((acc, m, i) => (m ? { cells: acc.cells + 1, sum: acc.sum + counts[i]! } : acc), {
      cells: 0,
      sum: 0,
    });
  for (let state = hidden(); state.cells < 2 || state.sum < k; state = hidden()) {
    let next = -1;
    counts.forEach((c, i) => {
      if (!mask[i] && c > 0 && (next < 0 || c < counts[next]!)) next = i;
    });
    if (next < 0) break;
    mask[next] = true;
  }
  return mask;
}

function maskOptions(options: OptionResult[], mask: boolean[]): OptionResult[] {
  return options.map((o, i) =>
    mask[i]
      ? {
          value: o.value,
          count: SUPPRESSED,
          percent: SUPPRESSED,
          ...(o.ci95 !== undefined ? { ci95: SUPPRESSED } : {}),
        }
      : o,
  );
}

const countOf = (cell: Cell<number>): number => (isSuppressed(cell) ? 0 : cell);

interface QuestionMask {
  all: boolean;
  options: boolean[];
  scored: boolean;
  items: Map<string, { all: boolean; options: boolean[]; scored: boolean }>;
}

function protectQuestion(q: QuestionResult, k: number): { result: QuestionResult; mask: QuestionMask } {
  const n = countOf(q.n);
  const mask: QuestionMask = { all: false, options: [], scored: false, items: new Map() };
  if (isSmall(n, k)) {
    mask.all = true;
    const result: QuestionResult = { id: q.id, type: q.type, n: SUPPRESSED };
    if (q.options)
      result.options = maskOptions(
        q.options,
        q.options.map(() => true),
      );
    if (q.items)
      result.items = q.items.map((item) => ({
        id: item.id,
        n: SUPPRESSED,
        options: maskOptions(
          item.options,
          item.options.map(() => true),
        ),
        mean: SUPPRESSED,
        ci95: SUPPRESSED,
      }));
    if (q.mean !== undefined) result.mean = SUPPRESSED;
    if (q.ci95 !== undefined) result.ci95 = SUPPRESSED;
    return { result, mask };
  }
  const result: QuestionResult = { ...q };
  if (q.options) {
    mask.options = suppressionMask(
      q.options.map((o) => countOf(o.count)),
      k,
      q.type !== "multi",
    );
    result.options = maskOptions(q.options, mask.options);
    mask.scored = mask.options.some(Boolean);
    if (mask.scored && q.mean !== undefined) {
      result.mean = SUPPRESSED;
      result.ci95 = SUPPRESSED;
    }
  }
  if (q.items) {
    result.items = q.items.map((item) => {
      const itemN = countOf(item.n);
      const all = isSmall(itemN, k);
      const options = all
        ? item.options.map(() => true)
        : suppressionMask(
            item.options.map((o) => countOf(o.count)),
            k,
            true,
          );
      const scored = options.some(Boolean);
      mask.items.set(item.id, { all, options, scored });
      return {
        id: item.id,
        n: all ? SUPPRESSED : item.n,
        options: maskOptions(item.options, options),
        mean: scored ? SUPPRESSED : item.mean,
        ci95: scored ? SUPPRESSED : item.ci95,
      };
    });
  }
  return { result, mask };
}

function protectWeighted(w: WeightedQuestion, mask: QuestionMask | undefined): WeightedQuestion {
  if (!mask) return w;
  const hideOptions = (options: WeightedOption[], hidden: boolean[], all: boolean): WeightedOption[] =>
    options.map((o, i) => (all || hidden[i] ? { value: o.value, percent: SUPPRESSED, ci95: SUPPRESSED } : o));
  const out: WeightedQuestion = { ...w };
  if (mask.all) out.effectiveN = SUPPRESSED;
  if (w.options) out.options = hideOptions(w.options, mask.options, mask.all);
  if (w.mean !== undefined && (mask.all || mask.scored)) {
    out.mean = SUPPRESSED;
    out.ci95 = SUPPRESSED;
    out.marginOfError = SUPPRESSED;
  }
  if (w.items)
    out.items = w.items.map((item) => {
      const m = mask.items.get(item.id);
      const all = mask.all || (m?.all ?? false);
      const scored = all || (m?.scored ?? false);
      return {
        id: item.id,
        effectiveN: all ? SUPPRESSED : item.effectiveN,
        options: hideOptions(item.options, m?.options ?? [], all),
        mean: scored ? SUPPRESSED : item.mean,
        ci95: scored ? SUPPRESSED : item.ci95,
        marginOfError: scored ? SUPPRESSED : item.marginOfError,
      };
    });
  return out;
}

function protectIndex<T extends { n?: Cell<number> }>(index: T, n: number, k: number): T {
  if (!isSmall(n, k)) return index;
  const hidden = Object.fromEntries(Object.keys(index).map((key) => [key, SUPPRESSED]));
  return hidden as T;
}

/**
 * The results body as a viewer outside the analyst role may see it. A body whose n is a small
 * cell (a district filter with fewer than k responses, say) is suppressed whole.
 */
export function suppressResults<T extends ResultsBody>(body: T, k: number): T {
  const suppression = { applied: true, threshold: k, label: suppressionLabel(k) };
  if (isSmall(countOf(body.n), k)) {
    return {
      ...body,
      n: SUPPRESSED,
      suppressed: true,
      questions: [],
      indices: {},
      ...(body.weighted !== undefined ? { weighted: null } : {}),
      ...(body.weighting
        ? { weighting: { applied: false, reason: suppressionLabel(k) + " responses" } }
        : {}),
      suppression,
    };
  }
  const masks = new Map<string, QuestionMask>();
  const questions = body.questions.map((q) => {
    const { result, mask } = protectQuestion(q, k);
    masks.set(q.id, mask);
    return result;
  });
  const indexN = new Map(Object.entries(body.indices).map(([key, v]) => [key, countOf(v.n)]));
  const indices = Object.fromEntries(
    Object.entries(body.indices).map(([key, v]) => [key, protectIndex(v, indexN.get(key)!, k)]),
  );
  const out: T = { ...body, questions, indices, suppression };
  if (body.weighted) {
    out.weighted = {
      ...body.weighted,
      questions: body.weighted.questions.map((w) => protectWeighted(w, masks.get(w.id))),
      indices: Object.fromEntries(
        Object.entries(body.weighted.indices).map(([key, v]) => [
          key,
          isSmall(indexN.get(key) ?? 0, k)
            ? { score: SUPPRESSED, ci95: SUPPRESSED, marginOfError: SUPPRESSED, effectiveN: SUPPRESSED }
            : v,
        ]),
      ),
    };
  }
  return out;
}

/** The body for one viewer: exact for analysts and admins, suppressed for everyone else. */
export function resultsForViewer<T extends ResultsBody>(body: T, viewer: Viewer, k: number): T {
  if (seesExactCounts(viewer))
    return { ...body, suppression: { applied: false, threshold: k, label: suppressionLabel(k) } };
  return suppressResults(body, k);
}

export interface TrendPoint {
  period: string;
  n: Cell<number>;
  indices: Record<string, IndexResult>;
}

/** Trend points for a suppressed view: a small period hides whole, a small index hides alone. */
export function suppressTrendPoints(points: TrendPoint[], k: number): TrendPoint[] {
  return points.map((point) => {
    if (isSmall(countOf(point.n), k)) return { period: point.period, n: SUPPRESSED, indices: {} };
    const indices = Object.fromEntries(
      Object.entries(point.indices).map(([key, v]) => [key, protectIndex(v, countOf(v.n), k)]),
    );
    return { ...point, indices };
  });
}
