import { INDEX_KEYS } from "@shared/indices.js";
import { roundTo } from "@shared/statistics.js";
import {
  SUPPRESSED,
  isSuppressed,
  type OptionValue,
  type QuestionResult,
  type ResultsBody,
  type Suppressed,
} from "@shared/suppression.js";
import { isScored, type Question } from "@shared/survey.js";
import {
  ALPHA,
  TESTS,
  twoProportionZTest,
  welchTTest,
  type ChangeTest,
  type TestKey,
} from "@shared/waves.js";
import type { RollupCounts } from "./rollup.model.js";
import { moments, optionValues, type CountMap, type RawMoments } from "./results.js";

/** A change as shown: both waves' values, the difference, and the named test behind the flag. */
export interface Change {
  a: number | null;
  b: number | null;
  change: number | null;
  test: TestKey;
  testName: string;
  statistic: number | null;
  df?: number;
  p: number | null;
  significant: boolean;
}

type Hideable<T> = T | Suppressed;

export interface QuestionComparison {
  id: string;
  type: string;
  mean?: Hideable<Change>;
  options?: Array<{ value: OptionValue } & (Change | Suppressed)>;
  items?: Array<{ id: string; mean: Hideable<Change> }>;
}

export interface Comparison {
  alpha: number;
  tests: typeof TESTS;
  note: string;
  questions: QuestionComparison[];
  indices: Record<string, Hideable<Change>>;
}

function present(
  key: TestKey,
  test: ChangeTest | null,
  values: { a: number | null; b: number | null },
  scale: number,
  digits: number,
): Change {
  return {
    a: values.a === null ? null : roundTo(values.a * scale, digits),
    b: values.b === null ? null : roundTo(values.b * scale, digits),
    change: test ? roundTo(test.change * scale, digits) : null,
    test: key,
    testName: TESTS[key],
    statistic: test && test.statistic !== null ? roundTo(test.statistic, 3) : null,
    ...(test?.df !== undefined ? { df: roundTo(test.df, 1) } : {}),
    p: test ? Number(test.p.toPrecision(3)) : null,
    significant: test?.significant ?? false,
  };
}

function meanChange(ra: RawMoments, rb: RawMoments, digits = 2): Change {
  const a = moments(ra);
  const b = moments(rb);
  const values = { a: a.n ? a.sum / a.n : null, b: b.n ? b.sum / b.n : null };
  return present("welch_t", welchTTest(a, b), values, 1, digits);
}

function optionChanges(
  values: OptionValue[],
  wave: { a: CountMap | undefined; na: number; b: CountMap | undefined; nb: number },
) {
  return values.map((value) => {
    const ka = wave.a?.[String(value)] ?? 0;
    const kb = wave.b?.[String(value)] ?? 0;
    const shares = { a: wave.na ? ka / wave.na : null, b: wave.nb ? kb / wave.nb : null };
    return {
      value,
      ...present("two_proportion_z", twoProportionZTest(ka, wave.na, kb, wave.nb), shares, 100, 1),
    };
  });
}

/**
 * Per question and per index, how wave b differs from wave a. Means (likert, rating, number,
 * matrix items, indices) use Welch's t-test; option shares use the two-proportion z-test, in
 * percentage points. `significant` is true only at p < 0.05; no correction is made for the
 * number of comparisons, which the response says.
 */
export function presentComparison(
  questions: Question[],
  a: RollupCounts,
  b: RollupCounts,
  districts: string[],
): Comparison {
  const part = (counts: RollupCounts, key: "a" | "c" | "m") => counts[key] as Record<string, unknown>;
  const out = questions.flatMap((q): QuestionComparison[] => {
    const base = { id: q.id, type: q.type };
    if (q.type === "matrix") {
      const items = (q.items ?? []).map((item) => ({
        id: item.id,
        mean: meanChange(
          ((part(a, "m")[q.id] ?? {}) as Record<string, RawMoments>)[item.id],
          ((part(b, "m")[q.id] ?? {}) as Record<string, RawMoments>)[item.id],
        ),
      }));
      return [{ ...base, items }];
    }
    if (isScored(q.type))
      return [
        { ...base, mean: meanChange(part(a, "m")[q.id] as RawMoments, part(b, "m")[q.id] as RawMoments) },
      ];
    const values = optionValues(q, districts);
    if (values.length === 0) return [];
    const options = optionChanges(values, {
      a: part(a, "c")[q.id] as CountMap | undefined,
      na: (part(a, "a")[q.id] as number | undefined) ?? 0,
      b: part(b, "c")[q.id] as CountMap | undefined,
      nb: (part(b, "a")[q.id] as number | undefined) ?? 0,
    });
    return [{ ...base, options }];
  });
  const xa = a.x as Record<string, RawMoments>;
  const xb = b.x as Record<string, RawMoments>;
  const indices: Record<string, Change> = {};
  for (const key of INDEX_KEYS) if (xa[key]?.n || xb[key]?.n) indices[key] = meanChange(xa[key], xb[key], 1);
  return {
    alpha: ALPHA,
    tests: TESTS,
    note: "Each change is tested on its own at p < 0.05, with no correction for the number of comparisons.",
    questions: out,
    indices,
  };
}

/**
 * Applies each wave's suppression to the comparison: a change is hidden when a number behind
 * it is hidden in either wave (its option, its mean, its index), so no p-value or difference
 * can give a small cell away.
 */
export function suppressComparison(comparison: Comparison, a: ResultsBody, b: ResultsBody): Comparison {
  const hiddenIn = (id: string, pick: (q: QuestionResult) => unknown): boolean =>
    [a, b].some((body) => {
      const q = body.questions.find((x) => x.id === id);
      return !q || isSuppressed(q.n) || isSuppressed(pick(q));
    });
  const questions = comparison.questions.map((q): QuestionComparison => {
    const out: QuestionComparison = { ...q };
    if (q.items)
      out.items = q.items.map((item) => ({
        id: item.id,
        mean: hiddenIn(q.id, (r) => r.items?.find((i) => i.id === item.id)?.mean) ? SUPPRESSED : item.mean,
      }));
    if (q.mean) out.mean = hiddenIn(q.id, (r) => r.mean) ? SUPPRESSED : q.mean;
    if (q.options)
      out.options = q.options.map((o) =>
        hiddenIn(q.id, (r) => r.options?.find((x) => x.value === o.value)?.count)
          ? { value: o.value, ...SUPPRESSED }
          : o,
      );
    return out;
  });
  const indices: Record<string, Hideable<Change>> = {};
  for (const [key, change] of Object.entries(comparison.indices)) {
    const small = [a, b].some((body) => {
      const index = body.indices[key];
      return index !== undefined && isSuppressed(index.n);
    });
    indices[key] = small ? SUPPRESSED : change;
  }
  return { ...comparison, questions, indices };
}
