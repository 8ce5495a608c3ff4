import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Question } from "@shared/survey.js";
import {
  kishDesignEffect,
  kishEffectiveN,
  parseCellKey,
  rake,
  sharesFromCounts,
  weightingCell,
  type CellCount,
  type Margins,
} from "@shared/weighting.js";

const close = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );

/** Weighted share of each category of one variable, among respondents whose category is known. */
function shares(cells: CellCount[], weights: Record<string, number>, index: number): Record<string, number> {
  const totals: Record<string, number> = {};
  let known = 0;
  for (const cell of cells) {
    const category = cell.key.split("|")[index]!;
    if (category === "-") continue;
    const w = cell.n * weights[cell.key]!;
    totals[category] = (totals[category] ?? 0) + w;
    known += w;
  }
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / known]));
}

const en = (text: string) => ({ en: text });

describe("weightingCell", () => {
  const questions: Question[] = [
    { id: "q_d", type: "district", prompt: en("District"), demographic: "district" },
    {
      id: "q_age",
      type: "single",
      prompt: en("Age"),
      demographic: "age",
      options: [{ value: "25_34", label: en("25–34") }],
    },
    { id: "q_g", type: "single", prompt: en("Gender"), demographic: "gender", options: [] },
  ];

  it("when a survey asks district, age and gender, then the key lists the answers with - for the rest", () => {
    assert.equal(weightingCell(questions, { q_d: "D1", q_age: "25_34", q_g: "woman" }), "D1|25_34|woman|-");
    assert.equal(weightingCell(questions, { q_d: "D2" }), "D2|-|-|-");
  });

  it("when a survey asks no demographic question, then there is no cell", () => {
    assert.equal(weightingCell([{ id: "q", type: "likert", prompt: en("Safe") }], { q: 3 }), null);
  });

  it("when a key is parsed, then unknown categories are null", () => {
    assert.deepEqual(parseCellKey("D1|-|woman|-"), {
      district: "D1",
      age: null,
      gender: "woman",
      race: null,
    });
  });
});

describe("rake", () => {
  // Sample: D1 = 30 (age a) + 10 (age b) = 40, D2 = 20 (a) + 40 (b) = 60; a = 50, b = 50.
  // Margins: D1 0.5, D2 0.5; a 0.4, b 0.6. The exact solution, found by hand:
  //   w(D1,a) = 1, w(D1,b) = 2, w(D2,a) = 0.5, w(D2,b) = 1
  //   D1: 30 + 20 = 50, D2: 10 + 40 = 50 → 0.5 / 0.5;  a: 30 + 10 = 40, b: 20 + 40 = 60 → 0.4 / 0.6.
  //   Mean weight (30 + 20 + 10 + 40)/100 = 1. Kish deff = 100·(30 + 40 + 5 + 40)/100² = 1.15.
  const cells: CellCount[] = [
    { key: "D1|a|-|-", n: 30 },
    { key: "D1|b|-|-", n: 10 },
    { key: "D2|a|-|-", n: 20 },
    { key: "D2|b|-|-", n: 40 },
  ];
  const margins: Margins = { district: { D1: 0.5, D2: 0.5 }, age: { a: 0.4, b: 0.6 } };

  it("when two variables are raked, then the weights converge to the hand-worked solution", () => {
    const result = rake(cells, margins);
    assert.equal(result.converged, true);
    close(result.weights["D1|a|-|-"]!, 1, 1e-6, "D1,a");
    close(result.weights["D1|b|-|-"]!, 2, 1e-6, "D1,b");
    close(result.weights["D2|a|-|-"]!, 0.5, 1e-6, "D2,a");
    close(result.weights["D2|b|-|-"]!, 1, 1e-6, "D2,b");
    close(result.designEffect, 1.15, 1e-6, "deff");
    close(result.effectiveN, 100 / 1.15, 1e-4, "effective n");
  });

  it("when raking is done, then every margin is met within 1e-6", () => {
    const messy: CellCount[] = [
      { key: "D1|18_24|woman|-", n: 13 },
      { key: "D1|18_24|man|-", n: 7 },
      { key: "D1|65_plus|woman|-", n: 41 },
      { key: "D1|65_plus|man|-", n: 22 },
      { key: "D2|18_24|woman|-", n: 5 },
      { key: "D2|18_24|man|-", n: 19 },
      { key: "D2|65_plus|woman|-", n: 30 },
      { key: "D2|65_plus|man|-", n: 11 },
      { key: "D3|18_24|woman|-", n: 9 },
      { key: "D3|65_plus|man|-", n: 27 },
    ];
    const target: Margins = {
      district: { D1: 0.3, D2: 0.45, D3: 0.25 },
      age: { "18_24": 0.35, "65_plus": 0.65 },
      gender: { woman: 0.52, man: 0.48 },
    };
    const result = rake(messy, target, { trim: null });
    assert.equal(result.converged, true);
    assert.ok(result.maxDeviation < 1e-6, `max deviation ${result.maxDeviation}`);
    (["district", "age", "gender"] as const).forEach((variable, index) => {
      const got = shares(messy, result.weights, index);
      for (const [category, share] of Object.entries(target[variable]!))
        close(got[category]!, share, 1e-6, `${variable} ${category}`);
    });
  });

  it("when one variable is raked, then each weight is target share × n / category n", () => {
    // D1: 0.5 × 100 / 30 = 5/3; D2: 0.5 × 100 / 70 = 5/7; deff = (30·25/9 + 70·25/49)/100 = 1.190476.
    const result = rake(
      [
        { key: "D1|-|-|-", n: 30 },
        { key: "D2|-|-|-", n: 70 },
      ],
      { district: { D1: 0.5, D2: 0.5 } },
    );
    close(result.weights["D1|-|-|-"]!, 5 / 3, 1e-9, "D1");
    close(result.weights["D2|-|-|-"]!, 5 / 7, 1e-9, "D2");
    close(result.designEffect, 1.190476, 1e-6, "deff");
  });

  it("when some respondents did not answer a variable, then they keep weight 1 and the rest are raked among themselves", () => {
    // Known: D1 30, D2 50 (80) → D1 = 0.5 × 80 / 30 = 4/3, D2 = 0.5 × 80 / 50 = 0.8; unknown 20 stay at 1.
    const result = rake(
      [
        { key: "D1|-|-|-", n: 30 },
        { key: "D2|-|-|-", n: 50 },
        { key: "-|-|-|-", n: 20 },
      ],
      { district: { D1: 0.5, D2: 0.5 } },
    );
    close(result.weights["D1|-|-|-"]!, 4 / 3, 1e-9, "D1");
    close(result.weights["D2|-|-|-"]!, 0.8, 1e-9, "D2");
    close(result.weights["-|-|-|-"]!, 1, 1e-9, "unknown");
  });

  it("when a margin category has no respondents, then it is dropped, the rest rescaled, and a note says so", () => {
    const result = rake(
      [
        { key: "D1|-|-|-", n: 10 },
        { key: "D2|-|-|-", n: 30 },
      ],
      { district: { D1: 0.25, D2: 0.25, D3: 0.5 } },
    );
    // Renormalised targets 0.5 / 0.5: D1 = 0.5 × 40 / 10 = 2, D2 = 0.5 × 40 / 30 = 2/3.
    close(result.weights["D1|-|-|-"]!, 2, 1e-9, "D1");
    assert.match(result.notes.join(" "), /no respondents in D3/);
  });

  it("when a weight would exceed the trimming bound, then every weight ends inside [0.2, 5] and the miss is reported", () => {
    // Untrimmed: D1 = 0.5 × 100 / 2 = 25. Trimmed and rescaled to mean 1: D1 = 5, D2 = (100 − 10)/98.
    const result = rake(
      [
        { key: "D1|-|-|-", n: 2 },
        { key: "D2|-|-|-", n: 98 },
      ],
      { district: { D1: 0.5, D2: 0.5 } },
    );
    close(result.weights["D1|-|-|-"]!, 5, 1e-6, "D1 at the upper bound");
    close(result.weights["D2|-|-|-"]!, 90 / 98, 1e-6, "D2");
    assert.equal(result.converged, false);
    close(result.maxDeviation, 0.4, 1e-6, "D1 share 0.1 against 0.5");
    assert.equal(result.trimmedCells, 1);
  });
});

describe("Kish design effect", () => {
  it("when half the sample weighs 1 and half 3, then deff = n·Σw²/(Σw)² = 100·500/200² = 1.25", () => {
    const pairs = [
      { n: 50, w: 1 },
      { n: 50, w: 3 },
    ];
    close(kishDesignEffect(pairs), 1.25, 1e-12, "deff");
    close(kishEffectiveN(pairs), 80, 1e-12, "n_eff = 200² / 500");
  });
});

describe("sharesFromCounts", () => {
  it("when census counts are given, then shares are proportional and sum to exactly 1 at six decimals", () => {
    assert.deepEqual(sharesFromCounts({ D1: 12_000, D2: 18_000, D3: 30_000 }), { D1: 0.2, D2: 0.3, D3: 0.5 });
    const thirds = sharesFromCounts({ a: 1, b: 1, c: 1 });
    assert.equal(Math.round(Object.values(thirds).reduce((x, y) => x + y, 0) * 1e6), 1e6);
    assert.deepEqual(Object.values(thirds).sort(), [0.333333, 0.333333, 0.333334]);
  });

  it("when the counts add up to zero, then it refuses", () => {
    assert.throws(() => sharesFromCounts({ a: 0 }), RangeError);
  });
});
