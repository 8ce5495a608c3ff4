import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { indicesForTheme, scoreIndices } from "@shared/indices.js";
import type { Question } from "@shared/survey.js";

const en = (text: string): Record<string, string> => ({ en: text });

describe("indicesForTheme", () => {
  it("when the theme is a procedural justice facet, then it feeds the facet and the overall index", () => {
    assert.deepEqual(indicesForTheme("procedural_justice.voice"), [
      "procedural_justice",
      "procedural_justice_voice",
    ]);
    assert.deepEqual(indicesForTheme("procedural_justice.respect"), [
      "procedural_justice",
      "procedural_justice_respect",
    ]);
  });

  it("when the theme is below a facet, then it feeds every index whose prefix it matches", () => {
    assert.deepEqual(indicesForTheme("procedural_justice.motives.care"), [
      "procedural_justice",
      "procedural_justice_motives",
    ]);
  });

  it("when the theme is an index name exactly, then it feeds only that index", () => {
    assert.deepEqual(indicesForTheme("procedural_justice"), ["procedural_justice"]);
    assert.deepEqual(indicesForTheme("safety"), ["safety"]);
  });

  it("when the theme starts with an index name but not at a dot, then it feeds nothing", () => {
    assert.deepEqual(indicesForTheme("trustworthiness"), []);
    assert.deepEqual(indicesForTheme("safety_net"), []);
  });

  it("when the theme belongs to no index or is missing, then it feeds nothing", () => {
    assert.deepEqual(indicesForTheme("engagement.partner"), []);
    assert.deepEqual(indicesForTheme(undefined), []);
    assert.deepEqual(indicesForTheme(""), []);
  });
});

describe("scoreIndices", () => {
  const questions: Question[] = [
    { id: "q_safe_night", type: "likert", prompt: en("Safe at night"), theme: "safety.night" },
    { id: "q_safe_day", type: "likert", prompt: en("Safe by day"), theme: "safety.day" },
    {
      id: "q_pj",
      type: "matrix",
      prompt: en("The officer…"),
      theme: "procedural_justice",
      items: [
        { id: "listens", prompt: en("listened"), theme: "procedural_justice.voice" },
        { id: "respect", prompt: en("was respectful"), theme: "procedural_justice.respect" },
        { id: "fair", prompt: en("was fair") },
      ],
    },
    {
      id: "q_trust",
      type: "rating",
      prompt: en("Trust, 0–10"),
      theme: "trust.overall",
      scale: { min: 0, max: 10 },
    },
    { id: "q_years", type: "number", prompt: en("Years"), theme: "trust.years" },
    { id: "q_unanswered", type: "likert", prompt: en("Not answered"), theme: "trust.other" },
  ];

  it("when themed items are answered, then each index is the mean of its items rescaled to 0–100", () => {
    // likert 4 → (4−1)/4·100 = 75; likert 0 is don't know → left out of safety.
    // matrix: listens 5 → 100 (voice), respect 2 → 25 (respect), fair 3 → 50 (question theme only).
    //   procedural_justice = (100 + 25 + 50)/3 = 58.33…
    // rating 7 on 0–10 → 70; the number question is not scored.
    const scores = scoreIndices(questions, {
      q_safe_night: 4,
      q_safe_day: 0,
      q_pj: { listens: 5, respect: 2, fair: 3 },
      q_trust: 7,
      q_years: 12,
    });
    assert.deepEqual(scores, {
      safety: 75,
      procedural_justice: 175 / 3,
      procedural_justice_voice: 100,
      procedural_justice_respect: 25,
      trust: 70,
    });
  });

  it("when a likert is answered 1 and another 5 on the same index, then the index is 50", () => {
    assert.deepEqual(scoreIndices(questions, { q_safe_night: 1, q_safe_day: 5 }), { safety: 50 });
  });

  it("when a 1–5 rating without an explicit scale is answered 2, then it scores 25", () => {
    const rating: Question = { id: "q_r", type: "rating", prompt: en("Rate"), theme: "trust" };
    assert.deepEqual(scoreIndices([rating], { q_r: 2 }), { trust: 25 });
  });

  it("when every themed answer is don't know, then there are no scores", () => {
    assert.deepEqual(
      scoreIndices(questions, { q_safe_night: 0, q_pj: { listens: 0, respect: 0, fair: 0 } }),
      {},
    );
  });
});
