import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isSuppressed,
  resultsForViewer,
  SUPPRESSED,
  suppressionMask,
  suppressResults,
  suppressTrendPoints,
  type ResultsBody,
} from "@shared/suppression.js";

const K = 10;

describe("suppressionMask", () => {
  it("when no cell is small, then nothing is hidden (zero is not a small cell)", () => {
    assert.deepEqual(suppressionMask([40, 0, 25], K, true), [false, false, false]);
  });

  it("when one option of a single-choice question is small, then the next smallest is hidden too", () => {
    // n = 100 is shown: hiding only the 4 would leave 100 − 60 − 36 = 4. Hiding 4 and 36 leaves 40,
    // which could be any split; together they hold 40 ≥ k.
    assert.deepEqual(suppressionMask([60, 4, 36], K, true), [false, true, true]);
  });

  it("when two small cells together hold fewer than k, then a third is hidden", () => {
    // 3 + 2 = 5 < 10 would reveal that both are small and sum to 5: add the 20.
    assert.deepEqual(suppressionMask([3, 2, 20, 75], K, true), [true, true, true, false]);
  });

  it("when two small cells already hold k or more, then no complement is needed", () => {
    assert.deepEqual(suppressionMask([6, 7, 50], K, true), [true, true, false]);
  });

  it("when the only complement candidates are zeros, then the nonzero cells are used", () => {
    assert.deepEqual(suppressionMask([5, 0, 0, 95], K, true), [true, false, false, true]);
  });

  it("when options do not add up to a shown total (multiple choice), then only small cells go", () => {
    assert.deepEqual(suppressionMask([60, 4, 36], K, false), [false, true, false]);
  });
});

function body(): ResultsBody {
  return {
    surveyId: "s1",
    n: 100,
    suppressed: false,
    questions: [
      {
        id: "q_safe",
        type: "likert",
        n: 100,
        options: [
          { value: 1, count: 3, percent: 3 },
          { value: 2, count: 12, percent: 12 },
          { value: 3, count: 30, percent: 30 },
          { value: 4, count: 30, percent: 30 },
          { value: 5, count: 25, percent: 25 },
          { value: 0, count: 0, percent: 0 },
        ],
        mean: 3.62,
        ci95: [3.41, 3.83],
      },
      {
        id: "q_prio",
        type: "multi",
        n: 100,
        options: [
          { value: "traffic", count: 70, percent: 70 },
          { value: "drugs", count: 5, percent: 5 },
        ],
      },
      { id: "q_rare", type: "yesno", n: 7, options: [{ value: true, count: 7, percent: 100 }] },
      {
        id: "q_pj",
        type: "matrix",
        n: 100,
        items: [
          {
            id: "fair",
            n: 100,
            options: [
              { value: 1, count: 50, percent: 50 },
              { value: 5, count: 50, percent: 50 },
            ],
            mean: 3,
            ci95: [2.6, 3.4],
          },
          {
            id: "listens",
            n: 100,
            options: [
              { value: 1, count: 98, percent: 98 },
              { value: 5, count: 2, percent: 2 },
            ],
            mean: 1.08,
            ci95: [1, 1.16],
          },
        ],
      },
    ],
    indices: {
      safety: { score: 65.5, ci95: [60, 71], n: 100 },
      trust: { score: 50, ci95: [20, 80], n: 6 },
    },
  };
}

describe("suppressResults", () => {
  const out = suppressResults(body(), K);
  const question = (id: string) => out.questions.find((q) => q.id === id)!;

  it("when a likert option is small, then it and its complement are hidden, and so are the mean and interval", () => {
    const safe = question("q_safe");
    const hidden = safe.options!.filter((o) => isSuppressed(o.count)).map((o) => o.value);
    assert.deepEqual(hidden, [1, 2]);
    assert.deepEqual(safe.options![0], { value: 1, count: SUPPRESSED, percent: SUPPRESSED });
    assert.ok(isSuppressed(safe.mean) && isSuppressed(safe.ci95));
    assert.equal(safe.n, 100);
  });

  it("when the hidden cells are summed back from n, then no single hidden count can be recovered", () => {
    const safe = question("q_safe");
    const shown = safe.options!.reduce((a, o) => a + (isSuppressed(o.count) ? 0 : (o.count as number)), 0);
    assert.ok(100 - shown >= K, `the hidden cells hold ${100 - shown}, which is not itself a small cell`);
  });

  it("when a multiple-choice option is small, then only that option is hidden", () => {
    const prio = question("q_prio");
    assert.equal(prio.options![0]!.count, 70);
    assert.ok(isSuppressed(prio.options![1]!.count));
  });

  it("when a question has fewer than k answers, then its n and every cell are hidden", () => {
    const rare = question("q_rare");
    assert.ok(isSuppressed(rare.n));
    assert.ok(rare.options!.every((o) => isSuppressed(o.count) && isSuppressed(o.percent)));
  });

  it("when one matrix item has a small cell, then that item alone is protected", () => {
    const [fair, listens] = question("q_pj").items!;
    assert.equal(fair!.mean, 3);
    assert.ok(listens!.options.every((o) => isSuppressed(o.count)));
    assert.ok(isSuppressed(listens!.mean));
  });

  it("when an index rests on fewer than k respondents, then every number of it is hidden", () => {
    assert.deepEqual(out.indices["trust"], { score: SUPPRESSED, ci95: SUPPRESSED, n: SUPPRESSED });
    assert.equal(out.indices["safety"]!.score, 65.5);
  });

  it("when the whole body rests on fewer than k responses, then it is suppressed whole", () => {
    const small = suppressResults({ ...body(), n: 6 }, K);
    assert.equal(small.suppressed, true);
    assert.ok(isSuppressed(small.n));
    assert.deepEqual(small.questions, []);
    assert.deepEqual(small.indices, {});
    assert.equal(small.suppression?.label, "fewer than 10");
  });

  it("when the input is suppressed, then the input itself is left unchanged", () => {
    const input = body();
    suppressResults(input, K);
    assert.deepEqual(input, body());
  });

  it("when weighted estimates ride along, then the same cells are hidden in them", () => {
    const withWeighted: ResultsBody = {
      ...body(),
      weighted: {
        questions: [
          {
            id: "q_safe",
            type: "likert",
            effectiveN: 80,
            options: [1, 2, 3, 4, 5, 0].map((value) => ({
              value,
              percent: 10,
              ci95: [5, 15] as [number, number],
            })),
            mean: 3.5,
            ci95: [3.3, 3.7],
            marginOfError: 0.2,
          },
        ],
        indices: { trust: { score: 51, ci95: [20, 82], marginOfError: 31, effectiveN: 5 } },
      },
    };
    const w = suppressResults(withWeighted, K).weighted!;
    const safe = w.questions[0]!;
    assert.ok(isSuppressed(safe.options![0]!.percent) && isSuppressed(safe.options![1]!.percent));
    assert.equal(safe.options![2]!.percent, 10);
    assert.ok(isSuppressed(safe.mean) && isSuppressed(safe.marginOfError));
    assert.ok(isSuppressed(w.indices["trust"]!.score));
  });
});

describe("resultsForViewer", () => {
  it("when an analyst or admin looks, then counts are exact; a designer or the public get the suppressed body", () => {
    for (const viewer of ["analyst", "admin"] as const) {
      const exact = resultsForViewer(body(), viewer, K);
      assert.equal(exact.questions[0]!.options![0]!.count, 3, viewer);
      assert.equal(exact.suppression?.applied, false);
    }
    for (const viewer of ["designer", "public"] as const) {
      const hidden = resultsForViewer(body(), viewer, K);
      assert.ok(isSuppressed(hidden.questions[0]!.options![0]!.count), viewer);
      assert.equal(hidden.suppression?.applied, true);
    }
  });
});

describe("suppressTrendPoints", () => {
  it("when a period has fewer than k responses, then the whole point is hidden", () => {
    const points = suppressTrendPoints(
      [
        { period: "2026-W01", n: 4, indices: { safety: { score: 50, ci95: null, n: 4 } } },
        {
          period: "2026-W02",
          n: 40,
          indices: { safety: { score: 60, ci95: [55, 65], n: 40 }, trust: { score: 30, ci95: null, n: 3 } },
        },
      ],
      K,
    );
    assert.deepEqual(points[0], { period: "2026-W01", n: SUPPRESSED, indices: {} });
    assert.equal(points[1]!.indices["safety"]!.score, 60);
    assert.ok(isSuppressed(points[1]!.indices["trust"]!.score));
  });
});
