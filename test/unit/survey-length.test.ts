import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { estimatedMinutes } from "@shared/survey-length.js";
import type { Question } from "@shared/survey.js";
import { templates } from "@server/surveys/templates/index.js";

const likert = (id: string): Question => ({ id, type: "likert", prompt: { en: id } });
const text = (id: string): Question => ({ id, type: "text", prompt: { en: id } });

describe("how long a survey takes", () => {
  it("when a survey has one short question, then it takes a minute, never less", () => {
    assert.equal(estimatedMinutes([likert("q_a")]), 1);
  });

  it("when questions are added, then the estimate grows: eight statements a minute and more, open text 45 s each", () => {
    assert.equal(estimatedMinutes(Array.from({ length: 7 }, (_, i) => likert(`q_${i}`))), 1);
    assert.equal(estimatedMinutes(Array.from({ length: 8 }, (_, i) => likert(`q_${i}`))), 2);
    assert.equal(estimatedMinutes([text("q_a"), text("q_b"), text("q_c"), text("q_d")]), 3);
  });

  it("when a matrix has more items, then it takes longer", () => {
    const matrix = (n: number): Question => ({
      id: "q_m",
      type: "matrix",
      prompt: { en: "m" },
      items: Array.from({ length: n }, (_, i) => ({ id: `i_${i}`, prompt: { en: `${i}` } })),
    });
    assert.equal(estimatedMinutes([matrix(4)]), 1);
    assert.equal(estimatedMinutes([matrix(12)]), 2);
  });

  it("the templates' estimates differ with their length", () => {
    const minutes = Object.fromEntries(templates.map((t) => [t.id, estimatedMinutes(t.questions)]));
    assert.ok(minutes["post-contact"]! < minutes["community-trust"]!, JSON.stringify(minutes));
  });
});
