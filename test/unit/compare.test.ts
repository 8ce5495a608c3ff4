import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Question } from "@shared/survey.js";
import {
  compareFigures,
  correctComparison,
  countedFigures,
  type Change,
  type Comparison,
} from "@server/analytics/compare.js";
import type { RollupCounts } from "@server/analytics/rollup.model.js";
import { weightedFigures } from "@server/analytics/weighted-results.js";

const close = (actual: number | null | undefined, expected: number, tolerance: number, what: string): void =>
  assert.ok(
    typeof actual === "number" && Math.abs(actual - expected) <= tolerance,
    `${what}: ${String(actual)} is not within ${tolerance} of ${expected}`,
  );

const counts = (partial: Partial<RollupCounts> & { n: number }): RollupCounts => ({
  a: {},
  c: {},
  m: {},
  x: {},
  ...partial,
});

const prompt = { en: "?" };
const QUESTIONS: Question[] = [
  { id: "q_yes", type: "yesno", prompt },
  {
    id: "q_pick",
    type: "single",
    prompt,
    options: [
      { value: "x", label: prompt },
      { value: "y", label: prompt },
    ],
  },
  {
    id: "q_multi",
    type: "multi",
    prompt,
    options: [
      { value: "x", label: prompt },
      { value: "y", label: prompt },
    ],
  },
] as Question[];

/** 100 answers to each question: `yes` of them yes, and the same split for x/y in both choices. */
function wave(yes: number): RollupCounts {
  const split = { x: yes, y: 100 - yes };
  return counts({
    n: 100,
    a: { q_yes: 100, q_pick: 100, q_multi: 100 },
    c: { q_yes: { true: yes, false: 100 - yes }, q_pick: split, q_multi: split },
  });
}

const tested = (x: unknown): x is Change => typeof x === "object" && x !== null && "p" in x;

describe("compareFigures", () => {
  it("when a question has two options a respondent picks one of, then it is one test; multiple choice keeps two", () => {
    const comparison = correctComparison(
      compareFigures(QUESTIONS, countedFigures(wave(30)), countedFigures(wave(60)), []),
    );
    const options = (id: string) => comparison.questions.find((q) => q.id === id)!.options!;
    assert.deepEqual(options("q_yes").map(tested), [true, false]);
    assert.deepEqual(options("q_yes")[1], { value: false, a: 70, b: 40, change: -30, testedWith: true });
    assert.deepEqual(options("q_pick").map(tested), [true, false]);
    assert.deepEqual(options("q_multi").map(tested), [true, true]);
    assert.equal(comparison.correction.tests, 4);
  });
});

describe("correctComparison", () => {
  it("when a change is hidden, then it is not in the family; the rest get Holm's p and significance from it", () => {
    // 30/100 → 60/100: z = 4.2640, p = 2.0078e-5 (python3); hidden q_yes leaves 3 tests.
    const raw = compareFigures(QUESTIONS, countedFigures(wave(30)), countedFigures(wave(60)), []);
    const hidden: Comparison = {
      ...raw,
      questions: raw.questions.map((q) =>
        q.id === "q_yes"
          ? { ...q, options: q.options!.map((o) => ({ value: o.value, suppressed: true })) }
          : q,
      ),
    };
    const corrected = correctComparison(hidden);
    assert.equal(corrected.correction.tests, 3);
    const pick = corrected.questions.find((q) => q.id === "q_pick")!.options![0] as Change;
    close(pick.p, 2.0078e-5, 1e-8, "p");
    close(pick.pAdjusted, 3 * 2.0078e-5, 1e-8, "pAdjusted");
    assert.equal(pick.significant, true);
  });
});

describe("weightedFigures", () => {
  // Cell young: 20 people, 18 yes, all rate 4; cell older: 80 people, 8 yes, all rate 2.
  // Weights 2.5 and 0.625: Σw = 100, Σw² = 156.25, Kish n = 64. Weighted yes share
  // (45 + 5)/100 = 0.5; weighted mean (2.5·80 + 0.625·160)/100 = 3, Σwx² = 2.5·320 + 0.625·320 = 1000.
  const cells = [
    {
      key: "young",
      counts: counts({
        n: 20,
        a: { q_yes: 20 },
        c: { q_yes: { true: 18, false: 2 } },
        m: { q_rate: { n: 20, s: 80, q: 320 } },
      }),
    },
    {
      key: "older",
      counts: counts({
        n: 80,
        a: { q_yes: 80 },
        c: { q_yes: { true: 8, false: 72 } },
        m: { q_rate: { n: 80, s: 160, q: 320 } },
      }),
    },
  ];
  const figures = weightedFigures(cells, { young: 2.5, older: 0.625 });

  it("when a share is read, then it is the weighted share of the Kish effective n (32 of 64)", () => {
    close(figures.answered("q_yes"), 64, 1e-9, "n_eff");
    close(figures.chose("q_yes", true), 32, 1e-9, "effective yes");
    close(figures.chose("q_yes", false), 32, 1e-9, "effective no");
  });

  it("when a mean is read, then its moments keep the weighted mean 3 and give s² = 1 × 64/63 on n_eff 64", () => {
    const m = figures.mean("q_rate");
    close(m.n, 64, 1e-9, "n");
    close(m.sum / m.n, 3, 1e-12, "mean");
    close((m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1), 64 / 63, 1e-9, "s²");
  });
});
