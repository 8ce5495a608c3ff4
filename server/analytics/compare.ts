import { INDEX_KEYS } from "@shared/indices.js";
import { roundTo, type Moments } from "@shared/statistics.js";
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
  CORRECTIONS,
  MIN_EXPECTED_COUNT,
  TESTS,
  holmAdjust,
  proportionTest,
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
  /** Raw p of this test alone. */
  p: number | null;
  /** p after the correction for every test of the body; `significant` is decided on it. */
  pAdjusted: number | null;
  significant: boolean;
  /** Indices only: each wave's n for this index (its Kish effective n when weighted). */
  nA?: number;
  nB?: number;
}

/** The other option of a two-option question: its shares move with the tested one, so no test of its own. */
export interface OptionFigures {
  a: number | null;
  b: number | null;
  change: number | null;
  testedWith: OptionValue;
}

type Hideable<T> = T | Suppressed;
export type OptionComparison = { value: OptionValue } & (Change | OptionFigures | Suppressed);

export interface QuestionComparison {
  id: string;
  type: string;
  mean?: Hideable<Change>;
  options?: OptionComparison[];
  items?: Array<{ id: string; mean: Hideable<Change> }>;
}

export interface Comparison {
  alpha: number;
  tests: typeof TESTS;
  /** A share is tested with Fisher's exact test when an expected count of its 2×2 table is below this. */
  fisherBelowExpectedCount: number;
  correction: { method: keyof typeof CORRECTIONS; name: string; tests: number };
  note: string;
  questions: QuestionComparison[];
  indices: Record<string, Hideable<Change>>;
}

/**
 * What a comparison reads of one wave. Unweighted, the rollup counts; weighted, effective
 * counts (a weighted share × the Kish effective n) and effective moments, so the same tests
 * run on both.
 */
export interface WaveFigures {
  /** Respondents who answered the question. */
  answered(questionId: string): number;
  chose(questionId: string, value: OptionValue): number;
  mean(questionId: string, itemId?: string): Moments;
  index(key: string): Moments;
}

/** The figures of a wave as counted: no weights. */
export function countedFigures(counts: RollupCounts): WaveFigures {
  const part = (key: "a" | "c" | "m" | "x") => (counts[key] ?? {}) as Record<string, unknown>;
  return {
    answered: (id) => (part("a")[id] as number | undefined) ?? 0,
    chose: (id, value) => (part("c")[id] as CountMap | undefined)?.[String(value)] ?? 0,
    mean: (id, item) =>
      moments(
        item === undefined
          ? (part("m")[id] as RawMoments)
          : ((part("m")[id] ?? {}) as Record<string, RawMoments>)[item],
      ),
    index: (key) => moments(part("x")[key] as RawMoments),
  };
}

function present(
  test: ChangeTest | null,
  key: TestKey,
  values: { a: number | null; b: number | null },
  scale: number,
  digits: number,
): Change {
  return {
    a: values.a === null ? null : roundTo(values.a * scale, digits),
    b: values.b === null ? null : roundTo(values.b * scale, digits),
    change: test ? roundTo(test.change * scale, digits) : null,
    test: test?.test ?? key,
    testName: TESTS[test?.test ?? key],
    statistic: test && test.statistic !== null ? roundTo(test.statistic, 3) : null,
    ...(test?.df !== undefined ? { df: roundTo(test.df, 1) } : {}),
    // Raw until correctComparison: the correction must see unrounded p-values.
    p: test ? test.p : null,
    pAdjusted: null,
    significant: false,
  };
}

function meanChange(a: Moments, b: Moments, digits = 2): Change {
  const values = { a: a.n ? a.sum / a.n : null, b: b.n ? b.sum / b.n : null };
  return present(welchTTest(a, b), "welch_t", values, 1, digits);
}

/**
 * Each respondent picks exactly one of two values, so one share is 100 − the other and both
 * changes are one finding: one test, not two.
 */
const isTwoWay = (q: Question, values: OptionValue[]): boolean =>
  values.length === 2 && (q.type === "yesno" || q.type === "single" || q.type === "district");

function optionChanges(
  q: Question,
  values: OptionValue[],
  a: WaveFigures,
  b: WaveFigures,
): OptionComparison[] {
  const na = a.answered(q.id);
  const nb = b.answered(q.id);
  const twoWay = isTwoWay(q, values);
  return values.map((value, i): OptionComparison => {
    const ka = a.chose(q.id, value);
    const kb = b.chose(q.id, value);
    const shares = { a: na ? ka / na : null, b: nb ? kb / nb : null };
    const change = present(proportionTest(ka, na, kb, nb), "two_proportion_z", shares, 100, 1);
    if (!twoWay || i === 0) return { value, ...change };
    return { value, a: change.a, b: change.b, change: change.change, testedWith: values[0]! };
  });
}

/**
 * Per question and per index, how wave b differs from wave a. Means (likert, rating, number,
 * matrix items, indices) use Welch's t-test; option shares the two-proportion z-test or, with
 * an expected count under 5, Fisher's exact test, in percentage points. A two-option question
 * is tested once. p-values are raw and nothing is significant yet: correctComparison decides,
 * after suppression has removed what the viewer may not see.
 */
export function compareFigures(
  questions: Question[],
  a: WaveFigures,
  b: WaveFigures,
  districts: string[],
): Comparison {
  const out = questions.flatMap((q): QuestionComparison[] => {
    const base = { id: q.id, type: q.type };
    if (q.type === "matrix") {
      const items = (q.items ?? []).map((item) => ({
        id: item.id,
        mean: meanChange(a.mean(q.id, item.id), b.mean(q.id, item.id)),
      }));
      return [{ ...base, items }];
    }
    if (isScored(q.type)) return [{ ...base, mean: meanChange(a.mean(q.id), b.mean(q.id)) }];
    const values = optionValues(q, districts);
    if (values.length === 0) return [];
    return [{ ...base, options: optionChanges(q, values, a, b) }];
  });
  const indices: Record<string, Change> = {};
  for (const key of INDEX_KEYS) {
    const [ia, ib] = [a.index(key), b.index(key)];
    // Each wave's size as this index's test used it (the people with a score, or their Kish
    // effective n): what the flag rule's minimum n is judged on, not the whole wave's size.
    if (ia.n || ib.n) indices[key] = { ...meanChange(ia, ib, 1), nA: roundTo(ia.n, 1), nB: roundTo(ib.n, 1) };
  }
  return {
    alpha: ALPHA,
    tests: TESTS,
    fisherBelowExpectedCount: MIN_EXPECTED_COUNT,
    correction: { method: "holm", name: CORRECTIONS.holm, tests: 0 },
    note: "Significant means p < 0.05 after Holm's correction for every test shown in this comparison; p is each test's own, pAdjusted the corrected one.",
    questions: out,
    indices,
  };
}

/** The comparison of two waves as counted (no weights); see compareFigures. */
export function presentComparison(
  questions: Question[],
  a: RollupCounts,
  b: RollupCounts,
  districts: string[],
): Comparison {
  return compareFigures(questions, countedFigures(a), countedFigures(b), districts);
}

const isTested = (x: unknown): x is Change =>
  typeof x === "object" && x !== null && "test" in x && typeof (x as Change).p === "number";

/**
 * Holm's correction over every test the body shows (a hidden change is not part of the family,
 * so no corrected p depends on a figure the viewer may not see), then `significant` at
 * pAdjusted < α and p-values rounded to 4 significant digits.
 */
export function correctComparison(comparison: Comparison): Comparison {
  const tested: Change[] = [];
  const copy = (x: unknown) => {
    if (!isTested(x)) return x;
    const change = { ...x };
    tested.push(change);
    return change;
  };
  const questions = comparison.questions.map((q) => ({
    ...q,
    ...(q.mean ? { mean: copy(q.mean) as Hideable<Change> } : {}),
    ...(q.options ? { options: q.options.map((o) => copy(o) as OptionComparison) } : {}),
    ...(q.items ? { items: q.items.map((i) => ({ id: i.id, mean: copy(i.mean) as Hideable<Change> })) } : {}),
  }));
  const indices = Object.fromEntries(
    Object.entries(comparison.indices).map(([key, c]) => [key, copy(c) as Hideable<Change>]),
  );
  const adjusted = holmAdjust(tested.map((c) => c.p!));
  const digits = (p: number) => Number(p.toPrecision(4));
  tested.forEach((c, i) => {
    c.pAdjusted = digits(adjusted[i]!);
    c.significant = adjusted[i]! < comparison.alpha;
    c.p = digits(c.p!);
  });
  return {
    ...comparison,
    correction: { ...comparison.correction, tests: tested.length },
    questions,
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
    if (q.options) {
      const hidden = (value: OptionValue) =>
        hiddenIn(q.id, (r) => r.options?.find((x) => x.value === value)?.count);
      out.options = q.options.map((o) => {
        // A two-way test rests on both options' counts: hide it when either is hidden.
        const rests = "testedWith" in o ? [o.value] : [o.value, ...twinsOf(q.options!, o.value)];
        return rests.some(hidden) ? { value: o.value, ...SUPPRESSED } : o;
      });
    }
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

/** The options whose test is the given option's (the other side of a two-way question). */
const twinsOf = (options: OptionComparison[], value: OptionValue): OptionValue[] =>
  options.filter((o) => "testedWith" in o && o.testedWith === value).map((o) => o.value);
