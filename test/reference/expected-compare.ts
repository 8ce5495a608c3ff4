/**
 * The figures of GET /compare (wave b against wave a), unweighted or weighted, from the raw
 * answers: Welch's t-test for means, the pooled two-proportion z-test for shares or Fisher's
 * exact test when an expected count of the 2×2 table is below 5, one test for a two-option
 * question, and Holm's adjustment over every test in the body. Weighted, each estimate is tested
 * on its Kish effective n (docs/API.md, "Weighted"). Imports nothing from server/ or shared/.
 */
import {
  estimate,
  exact,
  indexColumns,
  isScored,
  optionValues,
  questionColumn,
  type Answers,
  type Expectation,
  type Expected,
  type OptionValue,
  type QuestionDefinition,
} from "./expected.js";
import { weightedShare } from "./expected-weighted.js";
import {
  fisherExact,
  holm,
  summarise,
  twoProportionZ,
  weightedSummary,
  welch,
  type Summary,
  type TestResult,
} from "./textbook.js";

/** One wave's answers; weights null when the comparison is unweighted. */
export interface Wave {
  rows: Answers[];
  weights: number[] | null;
}

const MIN_EXPECTED = 5;
const ALPHA = 0.05;

function summaryOf(wave: Wave, scored: Array<number | null>): Summary | null {
  const has = scored.map((x) => x !== null);
  const values = scored.filter((x): x is number => x !== null);
  if (values.length === 0) return null;
  if (!wave.weights) return summarise(values);
  return weightedSummary(
    values,
    wave.weights.filter((_, i) => has[i]),
  );
}

/** Chosen and answered counts; weighted, the effective ones (share × n_eff of n_eff). */
function countsOf(wave: Wave, q: QuestionDefinition, value: OptionValue): { k: number; n: number } {
  const col = questionColumn(q, wave.rows);
  if (!wave.weights) {
    const chose = col.chose(value);
    return { k: chose.filter((c, i) => c && col.answered[i]).length, n: col.answered.filter(Boolean).length };
  }
  const { share, effectiveN } = weightedShare(col, value, wave.weights);
  return { k: share * effectiveN, n: effectiveN };
}

/**
 * The z-test while every expected count is at least 5; else Fisher on whole (rounded) counts;
 * none when nothing varies.
 */
function shareTest(k1: number, n1: number, k2: number, n2: number): Named | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const total = n1 + n2;
  const chosen = k1 + k2;
  // docs/API.md: a share that is 0% or 100% in both waves is not tested (nothing varies).
  if (chosen === 0 || chosen === total) return null;
  const expected = [n1, n2].flatMap((row) => [chosen, total - chosen].map((col) => (row * col) / total));
  if (Math.min(...expected) >= MIN_EXPECTED)
    return { name: "two_proportion_z", result: twoProportionZ(k1, n1, k2, n2) };
  const [r1, m1, r2, m2] = [k1, n1, k2, n2].map(Math.round) as [number, number, number, number];
  return m1 > 0 && m2 > 0 ? { name: "fisher_exact", result: fisherExact(r1, m1, r2, m2) } : null;
}

interface Named {
  name: string;
  result: TestResult;
}

interface Pending {
  path: string;
  test: TestResult | null;
}

function change(
  out: Expected,
  tested: Pending[],
  path: string,
  a: number | null,
  b: number | null,
  named: Named | null,
  untested: string,
  digits: number,
  figuresOnly = false,
): void {
  const test = named?.result ?? null;
  out.set(`${path}.a`, estimate(a, digits));
  out.set(`${path}.b`, estimate(b, digits));
  out.set(`${path}.change`, estimate(test && a !== null && b !== null ? b - a : null, digits));
  if (figuresOnly) return;
  out.set(`${path}.test`, exact(named?.name ?? untested));
  out.set(`${path}.statistic`, estimate(test?.statistic ?? null, 3));
  if (test?.df !== undefined) out.set(`${path}.df`, estimate(test.df, 1));
  out.set(`${path}.p`, { kind: "p", value: test ? test.p : null });
  tested.push({ path, test });
}

function meanChange(
  out: Expected,
  tested: Pending[],
  path: string,
  a: Summary | null,
  b: Summary | null,
  digits: number,
): void {
  const test = a && b && a.n >= 2 && b.n >= 2 ? { name: "welch_t", result: welch(a, b) } : null;
  change(out, tested, path, a?.mean ?? null, b?.mean ?? null, test, "welch_t", digits);
}

/** Every figure of a compare body, with Holm's adjustment over the tests it shows. */
export function expectedCompare(
  questions: QuestionDefinition[],
  a: Wave,
  b: Wave,
  districts: string[],
  threshold: number,
): Expected {
  const out: Expected = new Map();
  const tested: Pending[] = [];
  out.set("district", exact(null));
  out.set("waves.a.n", exact(a.rows.length));
  out.set("waves.b.n", exact(b.rows.length));
  out.set("alpha", exact(ALPHA));
  out.set("fisherBelowExpectedCount", exact(MIN_EXPECTED));
  out.set("suppression.applied", exact(false));
  out.set("suppression.threshold", exact(threshold));
  for (const q of questions) {
    const path = `questions[${q.id}]`;
    if (q.type === "matrix") {
      for (const item of q.items ?? []) {
        const [sa, sb] = [a, b].map((w) => summaryOf(w, questionColumn(q, w.rows, item.id).scored));
        meanChange(out, tested, `${path}.items[${item.id}].mean`, sa ?? null, sb ?? null, 2);
      }
      continue;
    }
    if (isScored(q)) {
      const [sa, sb] = [a, b].map((w) => summaryOf(w, questionColumn(q, w.rows).scored));
      meanChange(out, tested, `${path}.mean`, sa ?? null, sb ?? null, 2);
      continue;
    }
    const values = optionValues(q, districts);
    // One respondent, one of two values: the two shares are one finding, tested once.
    const twoWay = values.length === 2 && ["yesno", "single", "district"].includes(q.type);
    values.forEach((value, i) => {
      const ca = countsOf(a, q, value);
      const cb = countsOf(b, q, value);
      const test = shareTest(ca.k, ca.n, cb.k, cb.n);
      const shareA = ca.n > 0 ? (100 * ca.k) / ca.n : null;
      const shareB = cb.n > 0 ? (100 * cb.k) / cb.n : null;
      change(
        out,
        tested,
        `${path}.options[${String(value)}]`,
        shareA,
        shareB,
        test,
        "two_proportion_z",
        1,
        twoWay && i > 0,
      );
    });
  }
  const [ia, ib] = [indexColumns(questions, a.rows), indexColumns(questions, b.rows)];
  for (const [key, scores] of ia) {
    const [sa, sb] = [summaryOf(a, scores), summaryOf(b, ib.get(key)!)];
    if (!sa && !sb) continue;
    meanChange(out, tested, `indices.${key}`, sa, sb, 1);
    // Each wave's size for this index as its test used it (effective n when weighted).
    out.set(`indices.${key}.nA`, estimate(sa?.n ?? 0, 1));
    out.set(`indices.${key}.nB`, estimate(sb?.n ?? 0, 1));
  }
  const family = tested.filter((t): t is { path: string; test: TestResult } => t.test !== null);
  const adjusted = holm(family.map((t) => t.test.p));
  const adjustedOf = new Map(family.map((t, i) => [t.path, adjusted[i]!]));
  for (const { path } of tested) {
    const p = adjustedOf.get(path);
    const pAdjusted: Expectation = { kind: "p", value: p ?? null };
    out.set(`${path}.pAdjusted`, pAdjusted);
    out.set(`${path}.significant`, exact(p !== undefined && p < ALPHA));
  }
  out.set("correction.tests", exact(family.length));
  return out;
}
