import { isReliable } from "@shared/flags.js";
import { INDEX_KEYS } from "@shared/indices.js";
import { percent, roundTo as round, weightedMeanInterval, wilsonInterval } from "@shared/statistics.js";
import type { WeightedBlock, WeightedIndex, WeightedOption, WeightedQuestion } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { questionFor, WEIGHTING_VARIABLES, type Margins } from "@shared/weighting.js";
import type { WaveFigures } from "./compare.js";
import type { RollupCounts } from "./rollup.model.js";
import { itemTotal, optionValues, scaleOf, withinScale, type CountMap, type RawMoments } from "./results.js";

export interface CellCounts {
  key: string;
  counts: RollupCounts;
}

/** Σ factorᵢ × documentᵢ, field by field: weighted counts when the factor is a cell's weight. */
export function mergeScaled(parts: Array<{ counts: RollupCounts; factor: number }>): RollupCounts {
  const total: RollupCounts = { n: 0, a: {}, c: {}, m: {}, x: {} };
  const addInto = (
    target: Record<string, unknown>,
    source: Record<string, unknown>,
    factor: number,
  ): void => {
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === "number")
        target[key] = ((target[key] as number | undefined) ?? 0) + factor * value;
      else if (value && typeof value === "object") {
        target[key] ??= {};
        addInto(target[key] as Record<string, unknown>, value as Record<string, unknown>, factor);
      }
    }
  };
  for (const { counts, factor } of parts) {
    total.n += factor * (counts.n ?? 0);
    for (const part of ["a", "c", "m", "x"] as const) addInto(total[part], counts[part] ?? {}, factor);
  }
  return total;
}

/** Kish effective n of a sub-population from its Σw·count and Σw²·count. */
const effective = (sumW: number, sumW2: number): number => (sumW2 > 0 ? (sumW * sumW) / sumW2 : 0);

interface Sums {
  w1: RollupCounts;
  w2: RollupCounts;
}

/** Σw × counts and Σw² × counts over the cells that have a weight. */
function weightedSums(cells: CellCounts[], weights: Record<string, number>): Sums {
  const weighted = cells.filter((cell) => weights[cell.key] !== undefined);
  return {
    w1: mergeScaled(weighted.map((cell) => ({ counts: cell.counts, factor: weights[cell.key]! }))),
    w2: mergeScaled(weighted.map((cell) => ({ counts: cell.counts, factor: weights[cell.key]! ** 2 }))),
  };
}

/**
 * A weighted wave as a comparison reads it, on each estimate's Kish effective n: a share is
 * (weighted share) × n_eff of n_eff, and a mean's moments are the weighted ones scaled by
 * n_eff / Σw, which keeps the weighted mean and gives the variance s²_w·n_eff/(n_eff − 1)
 * that the weighted intervals use. Tests on these figures carry the design effect.
 */
export function weightedFigures(cells: CellCounts[], weights: Record<string, number>): WaveFigures {
  const { w1, w2 } = weightedSums(cells, weights);
  const at = (counts: RollupCounts, key: "a" | "c" | "m" | "x") =>
    (counts[key] ?? {}) as Record<string, unknown>;
  const scaled = (m1: RawMoments, m2: RawMoments) => {
    const sumW = m1?.n ?? 0;
    const nEff = effective(sumW, m2?.n ?? 0);
    const f = sumW > 0 ? nEff / sumW : 0;
    return { n: nEff, sum: (m1?.s ?? 0) * f, sumSq: (m1?.q ?? 0) * f };
  };
  const item = (counts: RollupCounts, id: string, itemId?: string): RawMoments => {
    const raw = at(counts, "m")[id];
    return itemId === undefined ? (raw as RawMoments) : ((raw ?? {}) as Record<string, RawMoments>)[itemId];
  };
  const answered = (id: string) =>
    effective((at(w1, "a")[id] as number | undefined) ?? 0, (at(w2, "a")[id] as number | undefined) ?? 0);
  return {
    answered,
    chose: (id, value) => {
      const total = (at(w1, "a")[id] as number | undefined) ?? 0;
      const chosen = (at(w1, "c")[id] as CountMap | undefined)?.[String(value)] ?? 0;
      return total > 0 ? (chosen / total) * answered(id) : 0;
    },
    mean: (id, itemId) => scaled(item(w1, id, itemId), item(w2, id, itemId)),
    index: (key) => scaled(at(w1, "x")[key] as RawMoments, at(w2, "x")[key] as RawMoments),
  };
}

function weightedOptions(
  values: ReturnType<typeof optionValues>,
  c1: CountMap | undefined,
  total: number,
  nEff: number,
) {
  return values.map((value): WeightedOption => {
    const share = total > 0 ? (c1?.[String(value)] ?? 0) / total : 0;
    const interval = wilsonInterval(share * nEff, nEff);
    return {
      value,
      percent: percent(share, 1),
      ci95: interval ? [percent(interval[0], 1), percent(interval[1], 1)] : null,
    };
  });
}

function weightedMean(m1: RawMoments, m2: RawMoments, digits: number, scale?: { min: number; max: number }) {
  const nEff = effective(m1?.n ?? 0, m2?.n ?? 0);
  const summary = weightedMeanInterval(
    { n: Math.round(nEff), sumW: m1?.n ?? 0, sumWX: m1?.s ?? 0, sumWX2: m1?.q ?? 0 },
    nEff,
    digits,
  );
  return {
    mean: summary?.mean ?? null,
    ci95: withinScale(summary?.ci95 ?? null, scale),
    marginOfError: summary?.marginOfError ?? null,
    effectiveN: round(nEff, 1),
  };
}

function weightedQuestion(question: Question, sums: Sums, districts: string[]): WeightedQuestion {
  const id = question.id;
  const a1 = (sums.w1.a as CountMap)[id] ?? 0;
  const a2 = (sums.w2.a as CountMap)[id] ?? 0;
  const nEff = effective(a1, a2);
  const base = { id, type: question.type, effectiveN: round(nEff, 1) };
  const c1 = sums.w1.c as Record<string, unknown>;
  const c2 = sums.w2.c as Record<string, unknown>;
  const m1 = sums.w1.m as Record<string, unknown>;
  const m2 = sums.w2.m as Record<string, unknown>;
  const values = optionValues(question, districts);
  switch (question.type) {
    case "matrix": {
      const items = (question.items ?? []).map((item) => {
        const i1 = ((c1[id] ?? {}) as Record<string, CountMap>)[item.id];
        const i2 = ((c2[id] ?? {}) as Record<string, CountMap>)[item.id];
        const itemEff = effective(itemTotal(i1), itemTotal(i2));
        const mean = weightedMean(
          ((m1[id] ?? {}) as Record<string, RawMoments>)[item.id],
          ((m2[id] ?? {}) as Record<string, RawMoments>)[item.id],
          2,
          scaleOf(question),
        );
        return {
          id: item.id,
          effectiveN: round(itemEff, 1),
          options: weightedOptions(values, i1, itemTotal(i1), itemEff),
          mean: mean.mean,
          ci95: mean.ci95,
          marginOfError: mean.marginOfError,
        };
      });
      return { ...base, items };
    }
    case "likert":
    case "rating": {
      const mean = weightedMean(m1[id] as RawMoments, m2[id] as RawMoments, 2, scaleOf(question));
      return {
        ...base,
        options: weightedOptions(values, c1[id] as CountMap, a1, nEff),
        mean: mean.mean,
        ci95: mean.ci95,
        marginOfError: mean.marginOfError,
      };
    }
    case "number": {
      const mean = weightedMean(m1[id] as RawMoments, m2[id] as RawMoments, 2);
      return { ...base, mean: mean.mean, ci95: mean.ci95, marginOfError: mean.marginOfError };
    }
    case "text":
    case "date":
      return base;
    default:
      return { ...base, options: weightedOptions(values, c1[id] as CountMap, a1, nEff) };
  }
}

/**
 * The options of the questions the weights were raked on whose categories have a margin: their
 * weighted shares are the margins by construction, so an interval around them would describe
 * sampling error that the weighting removed. A category outside the margins (e.g. "prefer not
 * to say") is not fixed and keeps its interval.
 */
function withoutRakedIntervals(
  block: WeightedQuestion[],
  questions: Question[],
  raked: Margins,
): WeightedQuestion[] {
  const fixed = new Map<string, Set<string>>();
  for (const variable of WEIGHTING_VARIABLES) {
    const shares = raked[variable];
    const question = shares ? questionFor(questions, variable) : undefined;
    if (shares && question) fixed.set(question.id, new Set(Object.keys(shares)));
  }
  return block.map((q) => {
    const categories = fixed.get(q.id);
    if (!categories || !q.options) return q;
    return {
      ...q,
      options: q.options.map((o) =>
        categories.has(String(o.value)) ? { ...o, ci95: null, raked: true as const } : o,
      ),
    };
  });
}

/**
 * Weighted estimates beside the exact counts: Σ cells w × counts for percents, weighted means,
 * and 95% intervals on each estimate's own Kish effective sample size (so the design effect
 * of exactly the respondents who answered widens the interval). `raked` holds the margins the
 * weights met (converged raking): those shares carry no interval.
 */
export function presentWeighted(
  questions: Question[],
  cells: CellCounts[],
  weights: Record<string, number>,
  districts: string[],
  raked: Margins = {},
): WeightedBlock {
  const sums = weightedSums(cells, weights);
  const indices: Record<string, WeightedIndex> = {};
  const x1 = sums.w1.x as Record<string, RawMoments>;
  const x2 = sums.w2.x as Record<string, RawMoments>;
  for (const key of INDEX_KEYS) {
    if (!x1[key]?.n) continue;
    const mean = weightedMean(x1[key], x2[key], 1, { min: 0, max: 100 });
    indices[key] = {
      score: mean.mean,
      ci95: mean.ci95,
      marginOfError: mean.marginOfError,
      effectiveN: mean.effectiveN,
      reliable: isReliable(mean.effectiveN),
    };
  }
  const block = questions.map((q) => weightedQuestion(q, sums, districts));
  return { questions: withoutRakedIntervals(block, questions, raked), indices };
}
