import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  onGrid,
  rollupIncrement,
  rollupTargets,
  rollupWrites,
  type RollupSource,
} from "@server/analytics/rollup-increments.js";
import { mergeCounts } from "@server/analytics/rollups.service.js";
import type { RollupCounts } from "@server/analytics/rollup.model.js";
import type { Question } from "@shared/survey.js";

const en = (text: string): Record<string, string> => ({ en: text });
const option = (value: string): { value: string; label: Record<string, string> } => ({
  value,
  label: en(value),
});

const questions: Question[] = [
  {
    id: "q_contact_type",
    type: "single",
    prompt: en("Contact"),
    options: [option("call"), option("stop")],
  },
  { id: "q_safe", type: "likert", prompt: en("Safe"), theme: "safety.night" },
  { id: "q_trust", type: "likert", prompt: en("Trust"), theme: "trust" },
  {
    id: "q_pj",
    type: "matrix",
    prompt: en("The officer…"),
    items: [
      { id: "listens", prompt: en("listened") },
      { id: "respect", prompt: en("was respectful") },
    ],
  },
  {
    id: "q_prio",
    type: "multi",
    prompt: en("Priorities"),
    options: [option("traffic"), option("youth"), option("drugs")],
  },
  { id: "q_years", type: "number", prompt: en("Years") },
  { id: "q_nps", type: "rating", prompt: en("Recommend"), scale: { min: 0, max: 10 } },
  { id: "q_contact", type: "yesno", prompt: en("Contact?") },
  { id: "q_comment", type: "text", prompt: en("Comment") },
  { id: "q_visit", type: "date", prompt: en("When") },
  { id: "q_district", type: "district", prompt: en("District"), demographic: "district" },
  {
    id: "q_age",
    type: "single",
    prompt: en("Age"),
    demographic: "age",
    options: [option("18_24"), option("25_34")],
  },
  {
    id: "q_gender",
    type: "single",
    prompt: en("Gender"),
    demographic: "gender",
    options: [option("woman"), option("man")],
  },
  { id: "q_unanswered", type: "likert", prompt: en("Skipped") },
];

const source: RollupSource = {
  answers: {
    q_contact_type: "stop",
    q_safe: 4,
    q_trust: 0,
    q_pj: { listens: 5, respect: 0 },
    q_prio: ["traffic", "youth"],
    q_years: 3,
    q_nps: 0,
    q_contact: true,
    q_comment: "Thanks",
    q_visit: "2026-11-20",
    q_district: "D2",
    q_age: "25_34",
  },
  periods: { day: "2026-11-24", week: "2026-W48", month: "2026-11" },
  district: "D2",
  scores: { safety: 75, procedural_justice: 100 },
};

describe("rollupIncrement", () => {
  it("when one response is counted, then its $inc holds exactly these counts and moments", () => {
    // n: one response. a.<q>: answered. c.<q>.<value>: counts. m.<q>.{n,s,q}: n, Σx, Σx².
    // likert 0 (don't know) is counted but adds no moment; rating 0 on 0–10 is a real score.
    // matrix: c.<q>.<item>.<value> and m.<q>.<item>; text and date only count as answered.
    // x.<index>: index moments, 75 → s 75, q 5625; 100 → s 100, q 10000.
    assert.deepEqual(rollupIncrement(questions, source), {
      n: 1,
      "a.q_contact_type": 1,
      "c.q_contact_type.stop": 1,
      "a.q_safe": 1,
      "c.q_safe.4": 1,
      "m.q_safe.n": 1,
      "m.q_safe.s": 4,
      "m.q_safe.q": 16,
      "a.q_trust": 1,
      "c.q_trust.0": 1,
      "a.q_pj": 1,
      "c.q_pj.listens.5": 1,
      "m.q_pj.listens.n": 1,
      "m.q_pj.listens.s": 5,
      "m.q_pj.listens.q": 25,
      "c.q_pj.respect.0": 1,
      "a.q_prio": 1,
      "c.q_prio.traffic": 1,
      "c.q_prio.youth": 1,
      "a.q_years": 1,
      "m.q_years.n": 1,
      "m.q_years.s": 3,
      "m.q_years.q": 9,
      "a.q_nps": 1,
      "c.q_nps.0": 1,
      "m.q_nps.n": 1,
      "m.q_nps.s": 0,
      "m.q_nps.q": 0,
      "a.q_contact": 1,
      "c.q_contact.true": 1,
      "a.q_comment": 1,
      "a.q_visit": 1,
      "a.q_district": 1,
      "c.q_district.D2": 1,
      "a.q_age": 1,
      "c.q_age.25_34": 1,
      "x.safety.n": 1,
      "x.safety.s": 75,
      "x.safety.q": 5625,
      "x.procedural_justice.n": 1,
      "x.procedural_justice.s": 100,
      "x.procedural_justice.q": 10000,
    });
  });

  it("when a response answers nothing, then only n is incremented", () => {
    assert.deepEqual(rollupIncrement(questions, { ...source, answers: {}, scores: {} }), { n: 1 });
  });
});

describe("rollupTargets", () => {
  it("when a response has a district and an age answer, then it counts in 4 periods × 3 segments", () => {
    // periods: all, d:<day>, w:<week>, m:<month>; segments: all, district:D2, age:25_34.
    // The district question's own answer does not add a segment; source.district does.
    const periods = ["all", "d:2026-11-24", "w:2026-W48", "m:2026-11"];
    const segments = ["all", "district:D2", "age:25_34"];
    const expected = periods.flatMap((period) => segments.map((segment) => ({ period, segment })));
    assert.equal(expected.length, 12);
    assert.deepEqual(rollupTargets(questions, source), expected);
  });

  it("when a response has no district and no demographic answers, then it counts in the 4 periods of segment all", () => {
    assert.deepEqual(rollupTargets(questions, { ...source, district: null, answers: { q_safe: 3 } }), [
      { period: "all", segment: "all" },
      { period: "d:2026-11-24", segment: "all" },
      { period: "w:2026-W48", segment: "all" },
      { period: "m:2026-11", segment: "all" },
    ]);
  });

  it("when two demographic questions are answered, then each adds its own segment", () => {
    const targets = rollupTargets(questions, {
      ...source,
      answers: { ...source.answers, q_gender: "woman" },
    });
    assert.deepEqual(
      targets.filter((t) => t.period === "all").map((t) => t.segment),
      ["all", "district:D2", "age:25_34", "gender:woman"],
    );
    assert.equal(targets.length, 16);
  });
});

describe("mergeCounts", () => {
  it("when rollup documents are merged, then every count and moment is summed field by field", () => {
    const day1: RollupCounts = {
      n: 2,
      a: { q_safe: 2 },
      c: { q_safe: { "4": 1, "5": 1 }, q_pj: { listens: { "5": 2 } } },
      m: { q_safe: { n: 2, s: 9, q: 41 } },
      x: {},
    };
    const day2: RollupCounts = {
      n: 1,
      a: { q_safe: 1, q_comment: 1 },
      c: { q_safe: { "4": 1 }, q_pj: { listens: { "3": 1 } } },
      m: { q_safe: { n: 1, s: 4, q: 16 } },
      x: { safety: { n: 1, s: 75, q: 5625 } },
    };
    assert.deepEqual(mergeCounts([day1, day2]), {
      n: 3,
      a: { q_safe: 3, q_comment: 1 },
      c: { q_safe: { "4": 2, "5": 1 }, q_pj: { listens: { "5": 2, "3": 1 } } },
      m: { q_safe: { n: 3, s: 13, q: 57 } },
      x: { safety: { n: 1, s: 75, q: 5625 } },
    });
  });

  it("when documents are merged, then the inputs are left unchanged", () => {
    const doc: RollupCounts = { n: 1, a: { q: 1 }, c: { q: { yes: 1 } }, m: {}, x: {} };
    mergeCounts([doc, doc]);
    assert.deepEqual(doc, { n: 1, a: { q: 1 }, c: { q: { yes: 1 } }, m: {}, x: {} });
  });

  it("when there are no documents, then the result is all zeros", () => {
    assert.deepEqual(mergeCounts([]), { n: 0, a: {}, c: {}, m: {}, x: {} });
  });
});

describe("rollupWrites", () => {
  it("when a response has a weighting cell, then it also counts in that cell's rollup, for all time and its month", () => {
    const writes = rollupWrites(questions, { ...source, cell: "D2|25_34|-|-" });
    const inc = rollupIncrement(questions, source);
    assert.deepEqual(writes.slice(-2), [
      { period: "all", segment: "cell:D2|25_34|-|-", inc },
      { period: "m:2026-11", segment: "cell:D2|25_34|-|-", inc },
    ]);
    assert.equal(writes.length, 14);
  });

  it("when a response has no cell, then it writes exactly its period × segment targets", () => {
    assert.deepEqual(
      rollupWrites(questions, source).map(({ period, segment }) => ({ period, segment })),
      rollupTargets(questions, source),
    );
  });
});

describe("moment grid", () => {
  it("when index scores are fractional, then moments are kept on a 1/256 grid so sums are exact in any order", () => {
    // 200/3 = 66.666… → 17067/256 = 66.66796875; its square is exact in binary floating point.
    assert.equal(onGrid(200 / 3), 17067 / 256);
    const values = Array.from({ length: 1000 }, (_, i) => onGrid((i * 100) / 7));
    const forward = values.reduce((a, v) => a + v * v, 0);
    const backward = [...values].reverse().reduce((a, v) => a + v * v, 0);
    assert.equal(forward, backward);
    const inc = rollupIncrement(questions, { ...source, scores: { trust: 200 / 3 } });
    assert.equal(inc["x.trust.s"], 17067 / 256);
    assert.equal(inc["x.trust.q"], (17067 / 256) ** 2);
  });
});
