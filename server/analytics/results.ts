import { INDEX_KEYS } from "@shared/indices.js";
import {
  meanWithInterval,
  percent,
  wilsonInterval,
  type Interval,
  type Moments,
} from "@shared/statistics.js";
import type {
  IndexResult,
  OptionResult,
  OptionValue,
  QuestionResult,
  ResultsBody,
} from "@shared/suppression.js";
import { LIKERT, type Question } from "@shared/survey.js";
import type { RollupCounts } from "./rollup.model.js";

export type CountMap = Record<string, number>;
export type RawMoments = { n?: number; s?: number; q?: number } | undefined;

export const moments = (raw: RawMoments): Moments => ({
  n: raw?.n ?? 0,
  sum: raw?.s ?? 0,
  sumSq: raw?.q ?? 0,
});

/** The values a question can take, in the order they are listed. */
export function optionValues(question: Question, districts: string[]): OptionValue[] {
  switch (question.type) {
    case "single":
    case "multi":
      return (question.options ?? []).map((o) => o.value);
    case "likert":
    case "matrix":
      return [1, 2, 3, 4, 5, LIKERT.dontKnow];
    case "rating": {
      const { min, max } = question.scale ?? { min: 1, max: 5 };
      return Array.from({ length: max - min + 1 }, (_, i) => min + i);
    }
    case "yesno":
      return [true, false];
    case "district":
      return districts;
    default:
      return [];
  }
}

/** Wilson 95% interval of k/n on the percent scale, one decimal. */
export function percentInterval(k: number, n: number): Interval | null {
  const interval = wilsonInterval(k, n);
  return interval ? [percent(interval[0], 1), percent(interval[1], 1)] : null;
}

function distribution(values: OptionValue[], counts: CountMap | undefined, n: number): OptionResult[] {
  return values.map((value) => {
    const count = counts?.[String(value)] ?? 0;
    return { value, count, percent: percent(count, n), ci95: percentInterval(count, n) };
  });
}

/** An interval kept within the scale its values live on: a mean of 1–5 answers is never below 1. */
export const withinScale = (ci: Interval | null, scale?: { min: number; max: number }): Interval | null =>
  ci && scale ? [Math.max(scale.min, ci[0]), Math.min(scale.max, ci[1])] : ci;

function scored(raw: RawMoments, scale?: { min: number; max: number }) {
  const summary = meanWithInterval(moments(raw));
  return summary
    ? { mean: summary.mean, ci95: withinScale(summary.ci95, scale) }
    : { mean: null, ci95: null };
}

/** The range of a question's scored answers, when it has one. */
export function scaleOf(question: Question): { min: number; max: number } | undefined {
  if (question.type === "likert" || question.type === "matrix") return { min: LIKERT.min, max: LIKERT.max };
  if (question.type === "rating") return question.scale ?? { min: 1, max: 5 };
  return undefined;
}

/** The matrix's item answered counts, summed from its per-value counts. */
export const itemTotal = (counts: CountMap | undefined): number =>
  Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

/**
 * Turns merged rollup counts into the contract's results body (exact, unsuppressed): counts,
 * percents with Wilson intervals, means with t-intervals, and indices.
 */
export function presentResults(
  surveyId: string,
  questions: Question[],
  counts: RollupCounts,
  districts: string[],
): ResultsBody {
  const answered = counts.a as Record<string, number>;
  const c = counts.c as Record<string, unknown>;
  const m = counts.m as Record<string, unknown>;
  const questionResults = questions.map((question): QuestionResult => {
    const n = answered[question.id] ?? 0;
    const base = { id: question.id, type: question.type, n };
    switch (question.type) {
      case "matrix": {
        const itemCounts = (c[question.id] ?? {}) as Record<string, CountMap>;
        const itemMoments = (m[question.id] ?? {}) as Record<string, RawMoments>;
        const items = (question.items ?? []).map((item) => {
          const itemN = itemTotal(itemCounts[item.id]);
          return {
            id: item.id,
            n: itemN,
            options: distribution(optionValues(question, districts), itemCounts[item.id], itemN),
            ...scored(itemMoments[item.id], scaleOf(question)),
          };
        });
        return { ...base, items };
      }
      case "likert":
      case "rating":
        return {
          ...base,
          options: distribution(optionValues(question, districts), c[question.id] as CountMap, n),
          ...scored(m[question.id] as RawMoments, scaleOf(question)),
        };
      case "number":
        return { ...base, ...scored(m[question.id] as RawMoments) };
      case "text":
      case "date":
        return base;
      default:
        return {
          ...base,
          options: distribution(optionValues(question, districts), c[question.id] as CountMap, n),
        };
    }
  });
  return {
    surveyId,
    n: counts.n,
    suppressed: false,
    questions: questionResults,
    indices: presentIndices(counts),
  };
}

/** Index scores (0–100) with 95% intervals, for every index the survey has items for. */
export function presentIndices(counts: Pick<RollupCounts, "x">): Record<string, IndexResult> {
  const x = counts.x as Record<string, RawMoments>;
  const indices: Record<string, IndexResult> = {};
  for (const key of INDEX_KEYS) {
    const raw = x[key];
    if (!raw?.n) continue;
    const summary = meanWithInterval(moments(raw), 1);
    indices[key] = {
      score: summary?.mean ?? null,
      ci95: withinScale(summary?.ci95 ?? null, { min: 0, max: 100 }),
      n: raw.n,
    };
  }
  return indices;
}
