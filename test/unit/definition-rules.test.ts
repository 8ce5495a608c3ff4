import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkDefinitionRules, checkTranslations, type RuleProblem } from "@shared/definition-rules.js";
import type { Question } from "@shared/survey.js";

const LANGUAGES = ["en", "es"];
const text = (en: string, es = `${en} (es)`): Record<string, string> => ({ en, es });
const option = (value: string): { value: string; label: Record<string, string> } => ({
  value,
  label: text(value),
});

const contact: Question = {
  id: "q_contact",
  type: "single",
  prompt: text("Did you have contact with us?"),
  options: [option("yes"), option("no")],
};
const followup: Question = {
  id: "q_followup",
  type: "likert",
  prompt: text("The officer listened."),
  showIf: { question: "q_contact", in: ["yes"] },
};
const likert = (id: string): Question => ({ id, type: "likert", prompt: text(`Statement ${id}`) });

/** Exactly one problem, at `path`, whose message matches `message`. */
function assertOneProblem(problems: RuleProblem[], path: string, message: RegExp): void {
  assert.deepEqual(
    problems.map((p) => p.path),
    [path],
    `expected exactly one problem at ${path}, got ${JSON.stringify(problems)}`,
  );
  assert.match(problems[0]!.message, message);
}

describe("checkDefinitionRules", () => {
  it("when the definition is sound, then there are no problems", () => {
    assert.deepEqual(checkDefinitionRules([contact, followup], LANGUAGES), []);
  });

  it("when an id repeats, then the repeat is reported and the message names the first index", () => {
    const problems = checkDefinitionRules([likert("q_a"), likert("q_b"), likert("q_a")], LANGUAGES);
    assert.deepEqual(problems, [
      { path: "questions[2].id", message: 'duplicates the id "q_a" of questions[0]' },
    ]);
  });

  it("when an id names a member every object inherits, then it is refused as reserved", () => {
    assertOneProblem(
      checkDefinitionRules([likert("constructor")], LANGUAGES),
      "questions[0].id",
      /reserved name/,
    );
  });

  it("when a single-choice question has no options, then it needs at least two", () => {
    const { options: _options, ...withoutOptions } = contact;
    assertOneProblem(
      checkDefinitionRules([withoutOptions], LANGUAGES),
      "questions[0].options",
      /a single question needs at least two options/,
    );
  });

  it("when a multi-choice question has only one option, then it needs at least two", () => {
    assertOneProblem(
      checkDefinitionRules([{ ...contact, type: "multi", options: [option("yes")] }], LANGUAGES),
      "questions[0].options",
      /a multi question needs at least two options/,
    );
  });

  it("when showIf points to a later question, then the message says it comes later", () => {
    assertOneProblem(
      checkDefinitionRules([followup, contact], LANGUAGES),
      "questions[0].showIf.question",
      /"q_contact", which comes later/,
    );
  });

  it("when showIf points to an unknown question, then the message says it is not a question of this survey", () => {
    assertOneProblem(
      checkDefinitionRules(
        [contact, { ...followup, showIf: { question: "q_nowhere", in: ["yes"] } }],
        LANGUAGES,
      ),
      "questions[1].showIf.question",
      /"q_nowhere", which is not a question of this survey/,
    );
  });

  it("when showIf points to the question itself, then it cannot depend on itself", () => {
    assertOneProblem(
      checkDefinitionRules(
        [contact, { ...followup, showIf: { question: "q_followup", in: [1] } }],
        LANGUAGES,
      ),
      "questions[1].showIf.question",
      /cannot depend on itself/,
    );
  });

  it("when a showIf value is not an answer the source offers, then that value is reported by index", () => {
    assertOneProblem(
      checkDefinitionRules(
        [contact, { ...followup, showIf: { question: "q_contact", in: ["yes", "maybe"] } }],
        LANGUAGES,
      ),
      "questions[1].showIf.in[1]",
      /"maybe" is not an answer "q_contact" offers/,
    );
  });

  it("when showIf tests a likert answer, then 0–5 are allowed and 6 is not", () => {
    const source = likert("q_safe");
    const allowed: Question = { ...likert("q_why"), showIf: { question: "q_safe", in: [0, 1, 5] } };
    assert.deepEqual(checkDefinitionRules([source, allowed], LANGUAGES), []);
    assertOneProblem(
      checkDefinitionRules([source, { ...allowed, showIf: { question: "q_safe", in: [6] } }], LANGUAGES),
      "questions[1].showIf.in[0]",
      /6 is not an answer "q_safe" offers/,
    );
  });

  it("when showIf tests a text question, then that question cannot drive skip logic", () => {
    const source: Question = { id: "q_comment", type: "text", prompt: text("Comment") };
    assertOneProblem(
      checkDefinitionRules(
        [source, { ...followup, showIf: { question: "q_comment", in: ["x"] } }],
        LANGUAGES,
      ),
      "questions[1].showIf.question",
      /a text question cannot drive skip logic/,
    );
  });

  it("when a rating has a scale of 2–7, then only 1–5 or 0–10 are accepted", () => {
    const rating = (min: number, max: number): Question => ({
      id: "q_rating",
      type: "rating",
      prompt: text("Rate us"),
      scale: { min, max },
    });
    assertOneProblem(
      checkDefinitionRules([rating(2, 7)], LANGUAGES),
      "questions[0].scale",
      /a rating needs a scale of 1–5 or 0–10/,
    );
    assert.deepEqual(checkDefinitionRules([rating(1, 5)], LANGUAGES), []);
    assert.deepEqual(checkDefinitionRules([rating(0, 10)], LANGUAGES), []);
  });

  it("when a matrix has one item, then it needs at least two", () => {
    const matrix: Question = {
      id: "q_pj",
      type: "matrix",
      prompt: text("The officer…"),
      items: [{ id: "listens", prompt: text("listened") }],
    };
    assertOneProblem(
      checkDefinitionRules([matrix], LANGUAGES),
      "questions[0].items",
      /a matrix question needs at least two items/,
    );
  });

  it("when a likert question carries options, then likert does not take options", () => {
    assertOneProblem(
      checkDefinitionRules([{ ...likert("q_safe"), options: [option("a"), option("b")] }], LANGUAGES),
      "questions[0].options",
      /a likert question does not take options/,
    );
  });

  it("when a prompt lacks the survey's first language, then the first-language text is reported missing", () => {
    assertOneProblem(
      checkDefinitionRules([{ ...likert("q_safe"), prompt: { es: "Me siento seguro." } }], LANGUAGES),
      "questions[0].prompt.en",
      /needs text in the survey's first language/,
    );
  });

  it("when a prompt has a language the survey does not offer, then that language is reported", () => {
    assertOneProblem(
      checkDefinitionRules([{ ...likert("q_safe"), prompt: { en: "Safe", fr: "Sûr" } }], ["en"]),
      "questions[0].prompt.fr",
      /"fr" is not one of the survey's languages/,
    );
  });

  it("when a single-choice option value repeats, then the repeat is reported", () => {
    assertOneProblem(
      checkDefinitionRules(
        [{ ...contact, options: [option("yes"), option("no"), option("yes")] }],
        LANGUAGES,
      ),
      "questions[0].options[2].value",
      /duplicates the option "yes"/,
    );
  });
});

describe("checkTranslations", () => {
  it("when every text exists in every language, then there are no problems", () => {
    assert.deepEqual(checkTranslations(text("Survey"), [contact, followup], LANGUAGES), []);
  });

  it("when a title, prompt, option label and help lack Spanish, then each is reported at its own path", () => {
    const questions: Question[] = [
      { ...contact, options: [option("yes"), { value: "no", label: { en: "No" } }] },
      { ...followup, prompt: { en: "The officer listened.", es: "  " }, help: { en: "Help" } },
    ];
    assert.deepEqual(checkTranslations({ en: "Survey" }, questions, LANGUAGES), [
      { path: "title.es", message: "has no translation" },
      { path: "questions[0].options[1].label.es", message: "has no translation" },
      { path: "questions[1].prompt.es", message: "has no translation" },
      { path: "questions[1].help.es", message: "has no translation" },
    ]);
  });

  it("when a matrix item lacks a translation, then it is reported at its item path", () => {
    const matrix: Question = {
      id: "q_pj",
      type: "matrix",
      prompt: text("The officer…"),
      items: [
        { id: "listens", prompt: text("listened") },
        { id: "respect", prompt: { en: "was respectful" } },
      ],
    };
    assert.deepEqual(checkTranslations(text("Survey"), [matrix], LANGUAGES), [
      { path: "questions[0].items[1].prompt.es", message: "has no translation" },
    ]);
  });
});
