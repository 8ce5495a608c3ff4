import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MIN_RELIABLE_N,
  comparisonFigures,
  indexFlag,
  indexFlags,
  lastTwoMonths,
  resultsFigures,
} from "@shared/flags.js";
import type { ResultsBody } from "@shared/suppression.js";

const change = (value: number, significant: boolean, nA = 40, nB = 40) => ({
  change: value,
  significant,
  nA,
  nB,
});

describe("the shared flag rule (indexFlag)", () => {
  it("when the minimum is asked for, then it is 30 (NCHS)", () => {
    assert.equal(MIN_RELIABLE_N, 30);
  });

  it("when a change is significant and negative on two waves of 30+, then the index is falling, even above 60", () => {
    assert.equal(indexFlag({ score: 72, n: 40, change: change(-6, true) }), "falling");
  });

  it("when the change shown is up and not significant, then it is never falling", () => {
    assert.equal(indexFlag({ score: 72, n: 40, change: change(2.1, false) }), null);
    assert.equal(indexFlag({ score: 55, n: 40, change: change(2.1, false) }), "weak");
  });

  it("when a rise is significant, then it is rising unless the score is weak", () => {
    assert.equal(indexFlag({ score: 72, n: 40, change: change(6, true) }), "rising");
    assert.equal(indexFlag({ score: 50, n: 40, change: change(6, true) }), "weak");
  });

  it("when a card has no score, then it has no flag", () => {
    assert.equal(indexFlag({ score: null, n: 0, change: change(-6, true) }), null);
  });

  it("when n or the effective n is below 30, then nothing is flagged", () => {
    assert.equal(indexFlag({ score: 20, n: 29 }), null);
    assert.equal(indexFlag({ score: 20, n: 4.2 }), null);
    assert.equal(indexFlag({ score: 20, n: null }), null);
    assert.equal(indexFlag({ score: 20, n: 30 }), "weak");
  });

  it("when either wave of a significant fall had fewer than 30, then it is not called falling", () => {
    assert.equal(indexFlag({ score: 72, n: 40, change: change(-6, true, 3, 40) }), null);
    assert.equal(indexFlag({ score: 72, n: 40, change: change(-6, true, 40, 29.9) }), null);
  });
});

describe("indexFlags", () => {
  it("when nothing is falling or weak, then the lowest reliable score is the weakest", () => {
    assert.deepEqual(
      indexFlags({
        trust: { score: 70, n: 40 },
        safety: { score: 65, n: 40 },
        procedural_justice: { score: 10, n: 5 },
      }),
      { safety: "weakest" },
    );
  });

  it("when one index is weak, then no weakest is named", () => {
    assert.deepEqual(indexFlags({ trust: { score: 70, n: 40 }, safety: { score: 55, n: 40 } }), {
      safety: "weak",
    });
  });

  it("when every index rests on too few answers, then there is no flag at all", () => {
    assert.deepEqual(indexFlags({ trust: { score: 40, n: 7 }, safety: { score: 30, n: 7 } }), {});
  });
});

describe("figures read from bodies", () => {
  const results = {
    surveyId: "s",
    n: 50,
    suppressed: false,
    questions: [],
    indices: {
      trust: { score: 62, ci95: [55, 69], n: 50 },
      safety: { score: { suppressed: true }, ci95: { suppressed: true }, n: { suppressed: true } },
    },
  } as ResultsBody;
  const comparison = {
    waves: { a: { n: 45 }, b: { n: 50 } },
    indices: { trust: { a: 70, b: 62, change: -8, significant: true }, safety: { suppressed: true } },
  };

  it("when results are unweighted, then the card's score and n are judged with its comparison", () => {
    const figures = resultsFigures(results, comparison);
    assert.deepEqual(figures.trust, { score: 62, n: 50, change: change(-8, true, 45, 50) });
    assert.deepEqual(figures.safety, { score: null, n: null, change: null });
    assert.deepEqual(indexFlags(figures), { trust: "falling" });
  });

  it("when weighting was applied, then the weighted score and its effective n are judged", () => {
    const weighted = {
      ...results,
      weighting: { applied: true },
      weighted: {
        questions: [],
        indices: { trust: { score: 58, ci95: null, marginOfError: null, effectiveN: 4.2 } },
      },
    } as ResultsBody;
    assert.deepEqual(resultsFigures(weighted, null).trust, { score: 58, n: 4.2, change: null });
    assert.deepEqual(indexFlags(resultsFigures(weighted, null)), {});
  });

  it("when a weighted comparison was applied, then each wave's effective n is its size", () => {
    const weighted = {
      ...comparison,
      weighting: { applied: true, waves: { a: { effectiveN: 12.5 }, b: { effectiveN: 44 } } },
    };
    assert.deepEqual(comparisonFigures(weighted).trust, {
      score: 62,
      n: 44,
      change: change(-8, true, 12.5, 44),
    });
  });

  it("when the body gives an index's own wave sizes, then they are judged, not the whole waves'", () => {
    // 45 and 50 people answered, but only 12 and 14 of them the questions behind trust.
    const own = {
      ...comparison,
      indices: { trust: { a: 70, b: 62, change: -8, significant: true, nA: 12, nB: 14 } },
    };
    assert.deepEqual(comparisonFigures(own).trust, { score: 62, n: 14, change: change(-8, true, 12, 14) });
    assert.deepEqual(indexFlags(comparisonFigures(own)), {});
    // Not falling on thin waves; 62 is not weak either, so it is only where to start.
    assert.deepEqual(indexFlags(resultsFigures(results, own)), { trust: "weakest" });
  });
});

describe("lastTwoMonths", () => {
  it("when unfiltered, then the last two months are compared whole", () => {
    assert.deepEqual(lastTwoMonths(["2026-08", "2026-09", "2026-10"]), {
      a: { from: "2026-09-01", to: "2026-09-30" },
      b: { from: "2026-10-01", to: "2026-10-31" },
    });
  });

  it("when dates are filtered, then months outside are dropped and the ends are cut to the filter", () => {
    assert.deepEqual(
      lastTwoMonths(["2026-08", "2026-09", "2026-10"], { from: "2026-08-10", to: "2026-09-20" }),
      {
        a: { from: "2026-08-10", to: "2026-08-31" },
        b: { from: "2026-09-01", to: "2026-09-20" },
      },
    );
    assert.equal(lastTwoMonths(["2026-09", "2026-10"], { from: "2026-10-01" }), null);
  });
});
