import {
  SUPPRESSED,
  isSmall,
  isSuppressed,
  suppressionLabel,
  type Cell,
  type IndexResult,
  type ItemResult,
  type OptionResult,
  type QuestionResult,
  type ResultsBody,
  type Suppressed,
  type TrendPoint,
  type WeightedBlock,
  type WeightedOption,
  type WeightedQuestion,
} from "@shared/suppression.js";
import { presentIndices } from "@server/analytics/results.js";
import type { RollupCounts } from "@server/analytics/rollup.model.js";
import { countKey, indexKey, itemCountKey, itemOptionKey, optionKey } from "./figures.js";

/**
 * Applies a release's hidden figures to a results body: a hidden count hides its percent and
 * interval; a question, item or index with anything hidden hides its mean, interval and score;
 * weighted figures follow the unweighted ones. A hidden count that is not itself small is
 * marked as hidden to protect others, so a designer's table does not call it "fewer than k".
 */
export type HiddenFigures = ReadonlySet<string>;

export const PROTECTS_OTHERS = Object.freeze({ suppressed: true as const, protects: "others" as const });

function marker(count: Cell<number>, k: number): Suppressed {
  const value = isSuppressed(count) ? 0 : count;
  return isSmall(value, k) ? SUPPRESSED : PROTECTS_OTHERS;
}

function maskOptions(
  options: OptionResult[],
  hidden: (o: OptionResult) => boolean,
  k: number,
): OptionResult[] {
  return options.map((o) => {
    if (!hidden(o)) return o;
    const mark = marker(o.count, k);
    return { value: o.value, count: mark, percent: mark, ...(o.ci95 !== undefined ? { ci95: mark } : {}) };
  });
}

interface Masked {
  question: QuestionResult;
  /** Question hidden whole; options hidden by value; means hidden. */
  whole: boolean;
  options: Set<string>;
  scored: boolean;
  items: Map<string, { whole: boolean; options: Set<string>; scored: boolean }>;
}

function maskQuestion(q: QuestionResult, hidden: HiddenFigures, k: number): Masked {
  const masked: Masked = { question: q, whole: false, options: new Set(), scored: false, items: new Map() };
  if (hidden.has(countKey(q.id))) {
    const mark = marker(q.n, k);
    masked.whole = true;
    masked.scored = true;
    const out: QuestionResult = { id: q.id, type: q.type, n: mark };
    if (q.options) out.options = maskOptions(q.options, () => true, k);
    if (q.items)
      out.items = q.items.map((item) => {
        masked.items.set(item.id, { whole: true, options: new Set(), scored: true });
        return {
          id: item.id,
          n: marker(item.n, k),
          options: maskOptions(item.options, () => true, k),
          mean: mark,
          ci95: mark,
        };
      });
    if (q.mean !== undefined) out.mean = mark;
    if (q.ci95 !== undefined) out.ci95 = mark;
    masked.question = out;
    return masked;
  }
  const out: QuestionResult = { ...q };
  if (q.options) {
    out.options = maskOptions(q.options, (o) => hidden.has(optionKey(q.id, o.value)), k);
    for (const o of q.options) if (hidden.has(optionKey(q.id, o.value))) masked.options.add(String(o.value));
    masked.scored = masked.options.size > 0;
    if (masked.scored && q.mean !== undefined) {
      out.mean = PROTECTS_OTHERS;
      out.ci95 = PROTECTS_OTHERS;
    }
  }
  if (q.items) {
    out.items = q.items.map((item): ItemResult => {
      const whole = hidden.has(itemCountKey(q.id, item.id));
      const options = new Set(
        item.options
          .filter((o) => whole || hidden.has(itemOptionKey(q.id, item.id, o.value)))
          .map((o) => String(o.value)),
      );
      const scored = options.size > 0;
      masked.items.set(item.id, { whole, options, scored });
      return {
        id: item.id,
        n: whole ? marker(item.n, k) : item.n,
        options: maskOptions(item.options, (o) => options.has(String(o.value)), k),
        mean: scored ? PROTECTS_OTHERS : item.mean,
        ci95: scored ? PROTECTS_OTHERS : item.ci95,
      };
    });
  }
  masked.question = out;
  return masked;
}

function maskWeighted(w: WeightedQuestion, m: Masked | undefined): WeightedQuestion {
  if (!m) return w;
  const hideOptions = (
    options: WeightedOption[],
    hiddenValues: Set<string>,
    all: boolean,
  ): WeightedOption[] =>
    options.map((o) =>
      all || hiddenValues.has(String(o.value))
        ? { value: o.value, percent: PROTECTS_OTHERS, ci95: PROTECTS_OTHERS }
        : o,
    );
  const out: WeightedQuestion = { ...w };
  if (m.whole) out.effectiveN = PROTECTS_OTHERS;
  if (w.options) out.options = hideOptions(w.options, m.options, m.whole);
  if (w.mean !== undefined && m.scored) {
    out.mean = PROTECTS_OTHERS;
    out.ci95 = PROTECTS_OTHERS;
    out.marginOfError = PROTECTS_OTHERS;
  }
  if (w.items)
    out.items = w.items.map((item) => {
      const im = m.items.get(item.id);
      const all = m.whole || (im?.whole ?? false);
      const scored = all || (im?.scored ?? false);
      return {
        id: item.id,
        effectiveN: all ? PROTECTS_OTHERS : item.effectiveN,
        options: hideOptions(item.options, im?.options ?? new Set(), all),
        mean: scored ? PROTECTS_OTHERS : item.mean,
        ci95: scored ? PROTECTS_OTHERS : item.ci95,
        marginOfError: scored ? PROTECTS_OTHERS : item.marginOfError,
      };
    });
  return out;
}

function maskIndex(index: IndexResult, k: number): IndexResult {
  const mark = marker(index.n, k);
  return { score: mark, ci95: mark, n: mark };
}

/** The body with nothing left but its frame: too few responses, or a view that is not offered. */
export function withheldResults<T extends ResultsBody>(body: T, k: number, reason?: string): T {
  return {
    ...body,
    // Withheld for its own size, to protect a small group elsewhere, or not offered at all.
    n: reason ? SUPPRESSED : marker(body.n, k),
    suppressed: true,
    questions: [],
    indices: {},
    ...(body.weighted !== undefined ? { weighted: null } : {}),
    ...(body.weighting
      ? { weighting: { applied: false, reason: reason ?? `${suppressionLabel(k)} responses` } }
      : {}),
    suppression: { applied: true, threshold: k, label: suppressionLabel(k), ...(reason ? { reason } : {}) },
  };
}

/** The body as a viewer below the analyst role may see it, given the view's hidden figures. */
export function maskResults<T extends ResultsBody>(body: T, hidden: HiddenFigures, k: number): T {
  if (hidden.has("N")) return withheldResults(body, k);
  const masks = new Map<string, Masked>();
  const questions = body.questions.map((q) => {
    const m = maskQuestion(q, hidden, k);
    masks.set(q.id, m);
    return m.question;
  });
  const indices = Object.fromEntries(
    Object.entries(body.indices).map(([key, v]) => [key, hidden.has(indexKey(key)) ? maskIndex(v, k) : v]),
  );
  const out: T = {
    ...body,
    questions,
    indices,
    suppression: { applied: true, threshold: k, label: suppressionLabel(k) },
  };
  if (body.weighted) {
    const weighted: WeightedBlock = {
      ...body.weighted,
      questions: body.weighted.questions.map((w) => maskWeighted(w, masks.get(w.id))),
      indices: Object.fromEntries(
        Object.entries(body.weighted.indices).map(([key, v]) => [
          key,
          hidden.has(indexKey(key))
            ? {
                score: PROTECTS_OTHERS,
                ci95: PROTECTS_OTHERS,
                marginOfError: PROTECTS_OTHERS,
                effectiveN: PROTECTS_OTHERS,
              }
            : v,
        ]),
      ),
    };
    out.weighted = weighted;
  }
  return out;
}

/** Month trend points as the release shows them: a hidden month keeps only its name. */
export function monthTrendPoints(
  months: Array<{ month: string; counts: RollupCounts; hidden: HiddenFigures }>,
  k: number,
): TrendPoint[] {
  return months.map(({ month, counts, hidden }) => {
    if (hidden.has("N")) return { period: month, n: marker(counts.n, k), indices: {} };
    const indices = Object.fromEntries(
      Object.entries(presentIndices(counts)).map(([key, v]) => [
        key,
        hidden.has(indexKey(key)) ? maskIndex(v, k) : v,
      ]),
    );
    return { period: month, n: counts.n, indices };
  });
}
