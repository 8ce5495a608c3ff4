import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { scoreIndices } from "@shared/indices.js";
import type { Answers, Question } from "@shared/survey.js";
import { rollupWrites } from "@server/analytics/rollup-increments.js";
import { emptyCounts, expandIncrement, mergeCounts } from "@server/analytics/rollup-store.js";
import type { RollupCounts } from "@server/analytics/rollup.model.js";
import { auditObservation } from "@server/disclosure/audit.js";
import { buildRelease } from "@server/disclosure/disclosure.service.js";
import { ALL_UNIT, districtUnit, monthUnit, type UnitId } from "@server/disclosure/figures.js";
import { designerFigures } from "@server/disclosure/observe.js";
import { fuzzSettings } from "./settings.js";
import { seededRandom } from "../helpers/random.js";

/**
 * The disclosure property: for generated surveys and answers, gather every figure a designer
 * (and so the public, who sees less) can obtain — the whole survey, each district, each month
 * and each range of months, month trend points, comment counts, comparisons of any two of
 * those periods — and let the auditor prove that no small count can be worked out from them.
 * Runs the same pure steps the services run on the rollups they read.
 */
const settings = fuzzSettings();
const RUNS = 200 * Math.max(1, Math.round(settings.runsPerEndpoint / 20));

const MONTHS = ["2026-08", "2026-09", "2026-10"];
const EXTRA_TYPES = ["single", "likert", "rating", "multi", "matrix", "text", "number"] as const;

interface Case {
  k: number;
  districts: number;
  months: number;
  total: number;
  extras: Array<(typeof EXTRA_TYPES)[number]>;
  requiredChild: boolean;
  withoutDistrict: number;
  seed: number;
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  k: fc.integer({ min: 3, max: 10 }),
  districts: fc.integer({ min: 1, max: 4 }),
  months: fc.integer({ min: 1, max: 3 }),
  total: fc.integer({ min: 5, max: 60 }),
  extras: fc.array(fc.constantFrom(...EXTRA_TYPES), { minLength: 0, maxLength: 4 }),
  requiredChild: fc.boolean(),
  withoutDistrict: fc.constantFrom(0, 0, 0.15),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

const text = (s: string) => ({ en: s });

function questionsFor(c: Case): Question[] {
  const questions: Question[] = [
    { id: "q_contact", type: "yesno", prompt: text("Contact?") },
    {
      id: "q_sat",
      type: "likert",
      prompt: text("Respect?"),
      theme: "procedural_justice.respect",
      showIf: { question: "q_contact", in: [true] },
      ...(c.requiredChild ? { required: true } : {}),
    },
  ];
  c.extras.forEach((type, i) => {
    const id = `q_${type}_${i}`;
    if (type === "single" || type === "multi")
      questions.push({
        id,
        type,
        prompt: text(id),
        options: ["a", "b", "c"].map((v) => ({ value: v, label: text(v) })),
      });
    else if (type === "likert") questions.push({ id, type, prompt: text(id), theme: "safety.night" });
    else if (type === "rating")
      questions.push({ id, type, prompt: text(id), scale: { min: 1, max: 5 }, theme: "trust.overall" });
    else if (type === "matrix")
      questions.push({
        id,
        type,
        prompt: text(id),
        items: ["m1", "m2"].map((item) => ({
          id: item,
          prompt: text(item),
          theme: "procedural_justice.voice",
        })),
      });
    else questions.push({ id, type, prompt: text(id) });
  });
  return questions;
}

/** Picks from weights that are often lopsided, so small cells are common. */
function pick<T>(rand: () => number, values: T[], weights: number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let at = rand() * total;
  for (let i = 0; i < values.length; i++) {
    at -= weights[i]!;
    if (at <= 0) return values[i]!;
  }
  return values.at(-1)!;
}

function answerFor(question: Question, rand: () => number, weights: Map<string, number[]>): unknown {
  const w = (n: number) => {
    const key = `${question.id}:${n}`;
    if (!weights.has(key))
      weights.set(
        key,
        Array.from({ length: n }, () => (rand() < 0.4 ? 0.05 : rand())),
      );
    return weights.get(key)!;
  };
  switch (question.type) {
    case "yesno":
      return pick(rand, [true, false], w(2));
    case "likert":
      return pick(rand, [1, 2, 3, 4, 5, 0], w(6));
    case "rating":
      return pick(rand, [1, 2, 3, 4, 5], w(5));
    case "single":
      return pick(rand, ["a", "b", "c"], w(3));
    case "multi": {
      const chosen = ["a", "b", "c"].filter(() => rand() < 0.4);
      return chosen.length > 0 ? chosen : ["a"];
    }
    case "matrix":
      return Object.fromEntries(
        (question.items ?? [])
          .filter(() => rand() < 0.9)
          .map((item) => [item.id, pick(rand, [1, 2, 3, 4, 5, 0], w(6))]),
      );
    case "number":
      return Math.round(rand() * 80);
    default:
      return `comment ${Math.round(rand() * 1000)}`;
  }
}

/** Every unit's counts, built by the same rollup code the server runs for each stored response. */
function unitCountsFor(c: Case, questions: Question[], districts: string[]): Map<UnitId, RollupCounts> {
  const rand = seededRandom(c.seed);
  const weights = new Map<string, number[]>();
  const districtWeights = districts.map(() => (rand() < 0.3 ? 0.08 : rand()));
  const monthWeights = MONTHS.slice(0, c.months).map(() => (rand() < 0.3 ? 0.1 : rand()));
  const byTarget = new Map<string, RollupCounts>();
  for (let r = 0; r < c.total; r++) {
    const answers: Answers = {};
    for (const question of questions) {
      if (question.showIf && answers[question.showIf.question] !== true) continue;
      if (!question.required && rand() < 0.1) continue;
      answers[question.id] = answerFor(question, rand, weights) as Answers[string];
    }
    const district = rand() < c.withoutDistrict ? null : pick(rand, districts, districtWeights);
    const month = pick(rand, MONTHS.slice(0, c.months), monthWeights);
    const source = {
      answers,
      periods: { day: `${month}-15`, week: `${month}-W1`, month },
      district,
      scores: scoreIndices(questions, answers),
    };
    for (const write of rollupWrites(questions, source)) {
      const key = `${write.segment}|${write.period}`;
      byTarget.set(key, mergeCounts([byTarget.get(key) ?? emptyCounts(), expandIncrement(write.inc)]));
    }
  }
  const units = new Map<UnitId, RollupCounts>([[ALL_UNIT, byTarget.get("all|all") ?? emptyCounts()]]);
  for (const d of districts) units.set(districtUnit(d), byTarget.get(`district:${d}|all`) ?? emptyCounts());
  for (const month of MONTHS) {
    const counts = byTarget.get(`all|m:${month}`);
    if (counts && counts.n > 0) units.set(monthUnit(month), counts);
  }
  return units;
}

describe(`disclosure control holds against subtraction (seed ${settings.seed}, ${RUNS} surveys)`, () => {
  it("when every figure a designer can obtain is gathered, then the auditor finds every small count protected", async () => {
    let withHidden = 0;
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const questions = questionsFor(c);
        const districts = Array.from({ length: c.districts }, (_, i) => `D${i + 1}`);
        const counts = unitCountsFor(c, questions, districts);
        const release = await buildRelease(questions, districts, c.k, counts);
        const observation = designerFigures(release, questions, districts, c.k);
        const report = await auditObservation(questions, districts, c.k, observation, release.release.values);
        if (report.checked > 0) withHidden += 1;
        assert.deepEqual(report.violations, [], "no percent, mean, score or change over a hidden count");
        assert.deepEqual(
          report.exposed.map((e) => `${e.unit} ${e.key}=${e.value} in [${e.range.min}, ${e.range.max}]`),
          [],
          "every small count's feasible range spans at least k",
        );
      }),
      { seed: settings.seed, numRuns: RUNS },
    );
    // The property is about hidden counts: most generated surveys must have some.
    assert.ok(withHidden > RUNS / 2, `only ${withHidden} of ${RUNS} surveys had a small count to protect`);
  });
});
