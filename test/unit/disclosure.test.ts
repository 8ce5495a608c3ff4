import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Question } from "@shared/survey.js";
import { presentIndices } from "@server/analytics/results.js";
import { surveyStructure, type Relation } from "@server/disclosure/figures.js";
import { maskResults } from "@server/disclosure/present.js";
import { protectRelease } from "@server/disclosure/protect.js";
import { feasibleRanges, isProtected } from "@server/disclosure/ranges.js";

const K = 10;
const cell = (unit: string, key: string, coefficient = 1) => ({ unit, key, coefficient });

describe("feasible ranges (the audit's linear programs)", () => {
  it("when a 2×2 table shows its margins only, then each cell ranges as far as the margins allow", async () => {
    // Rows a, b; columns x, y. Row sums 12 and 20, column sums 15 and 17 (total 32).
    const relations: Relation[] = [
      { terms: [cell("u", "ax"), cell("u", "ay")], op: "=", constant: 12 },
      { terms: [cell("u", "bx"), cell("u", "by")], op: "=", constant: 20 },
      { terms: [cell("u", "ax"), cell("u", "bx")], op: "=", constant: 15 },
      { terms: [cell("u", "ay"), cell("u", "by")], op: "=", constant: 17 },
    ];
    const targets = ["ax", "ay", "bx", "by"].map((key) => ({ unit: "u", key }));
    const ranges = await feasibleRanges(relations, () => null, targets, 32);
    // ax ∈ [max(0, 12 − 17), min(12, 15)] = [0, 12]; bx = 15 − ax ∈ [3, 15].
    assert.deepEqual(ranges.get("u\u0000ax"), { min: 0, max: 12 });
    assert.deepEqual(ranges.get("u\u0000bx"), { min: 3, max: 15 });
  });

  it("when one cell of the table is shown, then the others are pinned exactly", async () => {
    const relations: Relation[] = [
      { terms: [cell("u", "ax"), cell("u", "ay")], op: "=", constant: 12 },
      { terms: [cell("u", "ax"), cell("u", "bx")], op: "=", constant: 15 },
    ];
    const ranges = await feasibleRanges(
      relations,
      (_u, key) => (key === "ay" ? 9 : null),
      [{ unit: "u", key: "bx" }],
      32,
    );
    assert.deepEqual(ranges.get("u\u0000bx"), { min: 12, max: 12 });
  });

  it("protection means a span of at least k", () => {
    assert.equal(isProtected({ min: 0, max: 10 }, K), true);
    assert.equal(isProtected({ min: 3, max: 13 }, K), true);
    assert.equal(isProtected({ min: 0, max: 9 }, K), false);
  });
});

const yesno = (id: string): Question => ({ id, type: "yesno", prompt: { en: id } });
const likert = (id: string, extra: Partial<Question> = {}): Question => ({
  id,
  type: "likert",
  prompt: { en: id },
  ...extra,
});

/** The whole survey's figures from a few named counts (every other count 0). */
function whole(questions: Question[], counts: Record<string, number>) {
  const structure = surveyStructure(questions, []);
  return new Map([["all", new Map(structure.keys.map((key) => [key, counts[key] ?? 0]))]]);
}

describe("protectRelease", () => {
  it("when 20 said yes and 3 no, then the follow-up shown only after yes is hidden whole", async () => {
    const questions = [
      yesno("q_contact"),
      likert("q_sat", { showIf: { question: "q_contact", in: [true] } }),
    ];
    const units = whole(questions, {
      N: 23,
      "q.q_contact.n": 23,
      "q.q_contact.o.true": 20,
      "q.q_contact.o.false": 3,
      "q.q_sat.n": 20,
      "q.q_sat.o.4": 12,
      "q.q_sat.o.5": 8,
    });
    const release = await protectRelease({ questions, districts: [], k: K, units });
    const hidden = release.hidden.get("all")!;
    assert.ok(hidden.has("q.q_contact.o.false") && hidden.has("q.q_contact.o.true"));
    assert.ok(hidden.has("q.q_sat.n"), "its count would be the yes count");
    assert.ok(!hidden.has("N") && !hidden.has("q.q_contact.n"));
  });

  it("when nothing is small, then nothing is hidden and no audit round repeats", async () => {
    const questions = [likert("q_safe", { theme: "safety.night" })];
    const units = whole(questions, {
      N: 40,
      "q.q_safe.n": 40,
      "q.q_safe.o.4": 25,
      "q.q_safe.o.5": 15,
      "x.safety.n": 40,
    });
    const release = await protectRelease({ questions, districts: [], k: K, units });
    assert.deepEqual([...release.hidden.get("all")!], []);
    assert.equal(release.rounds, 1);
  });

  it("when a body is masked, then a small cell reads 'fewer than k' and its complement 'protects others'", () => {
    const body = {
      surveyId: "s",
      n: 15,
      suppressed: false,
      questions: [
        {
          id: "q_safe",
          type: "likert",
          n: 15,
          options: [
            { value: 1, count: 3, percent: 20, ci95: [7, 45] as [number, number] },
            { value: 5, count: 12, percent: 80, ci95: [55, 93] as [number, number] },
          ],
          mean: 4.2,
          ci95: [3.4, 5] as [number, number],
        },
      ],
      indices: { safety: { score: 80, ci95: [60, 100] as [number, number], n: 15 } },
    };
    const masked = maskResults(body, new Set(["q.q_safe.o.1", "q.q_safe.o.5", "x.safety.n"]), K);
    const [q] = masked.questions;
    assert.deepEqual(q!.options![0]!.count, { suppressed: true });
    assert.deepEqual(q!.options![1]!.count, { suppressed: true, protects: "others" });
    assert.deepEqual(q!.mean, { suppressed: true, protects: "others" });
    assert.deepEqual(masked.indices["safety"]!.score, { suppressed: true, protects: "others" });
    assert.equal(masked.n, 15);
  });
});

describe("intervals stay within their scale", () => {
  it("when a small index's interval would pass 100, then it ends at 100", () => {
    // Scores 100, 100 and 50: mean 83.3, t-interval about 83.3 ± 71.7.
    const indices = presentIndices({ x: { safety: { n: 3, s: 250, q: 100 ** 2 * 2 + 50 ** 2 } } });
    const ci = indices["safety"]!.ci95 as [number, number];
    assert.equal(ci[1], 100);
    assert.ok(ci[0] > 0 && ci[0] < 83.3);
  });
});
