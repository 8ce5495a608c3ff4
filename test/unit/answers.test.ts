import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkAnswers, isVisible, type AnswerProblem } from "@shared/answers.js";
import type { Answers, Question } from "@shared/survey.js";

const en = (text: string): Record<string, string> => ({ en: text });
const option = (value: string): { value: string; label: Record<string, string> } => ({
  value,
  label: en(value),
});

const DISTRICTS = ["D1", "D2", "D3"];

/** One question of every type, with a required question hidden unless q_contact is true. */
const questions: Question[] = [
  {
    id: "q_contact_type",
    type: "single",
    prompt: en("What was your contact about?"),
    required: true,
    options: [option("call"), option("stop"), option("report")],
  },
  { id: "q_safe", type: "likert", prompt: en("I feel safe."), required: true, theme: "safety.night" },
  { id: "q_rating", type: "rating", prompt: en("Rate us."), scale: { min: 1, max: 5 } },
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
    id: "q_priorities",
    type: "multi",
    prompt: en("Priorities"),
    options: [option("traffic"), option("youth"), option("drugs")],
  },
  { id: "q_contact", type: "yesno", prompt: en("Did you have contact?"), required: true },
  {
    id: "q_contact_satisfaction",
    type: "rating",
    prompt: en("How satisfied were you?"),
    scale: { min: 1, max: 5 },
    required: true,
    showIf: { question: "q_contact", in: [true] },
  },
  { id: "q_incident_date", type: "date", prompt: en("When?") },
  { id: "q_district", type: "district", prompt: en("Where do you live?"), demographic: "district" },
  { id: "q_years", type: "number", prompt: en("Years in the city"), min: 0, max: 100 },
  { id: "q_comment", type: "text", prompt: en("Anything else?") },
];

const valid: Answers = {
  q_contact_type: "stop",
  q_safe: 4,
  q_rating: 5,
  q_pj: { listens: 5, respect: 0 },
  q_priorities: ["traffic", "youth"],
  q_contact: true,
  q_contact_satisfaction: 3,
  q_incident_date: "2026-11-24",
  q_district: "D2",
  q_years: 12,
  q_comment: "  Thank you for coming quickly.  ",
};

/** The valid answers with some replaced, added or (when given `undefined`) removed. */
function answersWith(changes: Record<string, Answers[string] | undefined>): Answers {
  const result: Answers = { ...valid };
  for (const [id, value] of Object.entries(changes)) {
    if (value === undefined) delete result[id];
    else result[id] = value;
  }
  return result;
}

function problemsFor(answers: Answers): AnswerProblem[] {
  return checkAnswers(questions, answers, DISTRICTS).problems;
}

/** Exactly one problem, at `path`, whose message matches `message`. */
function assertOneProblem(problems: AnswerProblem[], path: string, message: RegExp): void {
  assert.deepEqual(
    problems.map((p) => p.path),
    [path],
    `expected exactly one problem at ${path}, got ${JSON.stringify(problems)}`,
  );
  assert.match(problems[0]!.message, message);
}

describe("checkAnswers", () => {
  it("when every answer is valid, then there are no problems and text comes back trimmed", () => {
    const { problems, answers } = checkAnswers(questions, valid, DISTRICTS);
    assert.deepEqual(problems, []);
    assert.deepEqual(answers, { ...valid, q_comment: "Thank you for coming quickly." });
  });

  it("when an answer names a question the survey does not have, then that is one problem at answers.<id>", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_bogus: 3 })),
      "answers.q_bogus",
      /not a question of this survey/,
    );
  });

  it("when an answer has the wrong type, then that is one problem at its path", () => {
    assertOneProblem(problemsFor(answersWith({ q_safe: "4" })), "answers.q_safe", /whole number from 1 to 5/);
    assertOneProblem(problemsFor(answersWith({ q_years: "12" })), "answers.q_years", /must be a number/);
    assertOneProblem(
      problemsFor(answersWith({ q_contact_type: ["stop"] })),
      "answers.q_contact_type",
      /offered options/,
    );
  });

  it("when a single-choice answer is not an offered option, then that is one problem", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_contact_type: "arrest" })),
      "answers.q_contact_type",
      /"arrest" is not an offered option/,
    );
  });

  it("when a likert answer is 6, then it is off the 0–5 scale", () => {
    assertOneProblem(problemsFor(answersWith({ q_safe: 6 })), "answers.q_safe", /from 1 to 5, or 0/);
  });

  it("when a likert answer is 0, then it is accepted as don't know", () => {
    assert.deepEqual(problemsFor(answersWith({ q_safe: 0 })), []);
  });

  it("when a 1–5 rating is 0, then it is off the scale", () => {
    assertOneProblem(problemsFor(answersWith({ q_rating: 0 })), "answers.q_rating", /from 1 to 5/);
  });

  it("when a rating is not a whole number, then it is off the scale", () => {
    assertOneProblem(problemsFor(answersWith({ q_rating: 2.5 })), "answers.q_rating", /whole number/);
  });

  it("when a required answer is missing, then that is one problem: is required", () => {
    assertOneProblem(problemsFor(answersWith({ q_safe: undefined })), "answers.q_safe", /^is required$/);
  });

  it("when a required answer is only spaces, then it counts as missing", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_contact_type: "   " })),
      "answers.q_contact_type",
      /^is required$/,
    );
  });

  it("when a question hidden by showIf is answered, then that answer is one problem", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_contact: false, q_contact_satisfaction: 3 })),
      "answers.q_contact_satisfaction",
      /hidden by its skip logic/,
    );
  });

  it("when a required question is hidden by showIf, then it is not required", () => {
    const { problems, answers } = checkAnswers(
      questions,
      answersWith({ q_contact: false, q_contact_satisfaction: undefined }),
      DISTRICTS,
    );
    assert.deepEqual(problems, []);
    assert.equal("q_contact_satisfaction" in answers, false);
  });

  it("when a required question is shown by showIf and left blank, then it is required", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_contact: true, q_contact_satisfaction: undefined })),
      "answers.q_contact_satisfaction",
      /^is required$/,
    );
  });

  it("when text is over 5,000 characters, then that is one problem; exactly 5,000 is accepted", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_comment: "x".repeat(5001) })),
      "answers.q_comment",
      /at most 5000 characters/,
    );
    assert.deepEqual(problemsFor(answersWith({ q_comment: "x".repeat(5000) })), []);
  });

  it("when a matrix answer names an item the question does not have, then that is one problem at answers.<id>.<item>", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_pj: { listens: 5, respect: 4, bogus: 3 } })),
      "answers.q_pj.bogus",
      /not an item of this question/,
    );
  });

  it("when a matrix item is off the likert scale, then that is one problem at answers.<id>.<item>", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_pj: { listens: 7, respect: 4 } })),
      "answers.q_pj.listens",
      /from 1 to 5, or 0/,
    );
  });

  it("when a multi-choice answer lists an option twice, then that is one problem", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_priorities: ["traffic", "traffic"] })),
      "answers.q_priorities",
      /lists an option twice/,
    );
  });

  it("when a multi-choice answer lists an option not offered, then that is one problem", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_priorities: ["traffic", "parking"] })),
      "answers.q_priorities",
      /"parking" is not an offered option/,
    );
  });

  it("when a date does not exist (2026-02-30), then that is one problem: not a real date", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_incident_date: "2026-02-30" })),
      "answers.q_incident_date",
      /is not a real date/,
    );
  });

  it("when a date is not written YYYY-MM-DD, then that is one problem", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_incident_date: "24/11/2026" })),
      "answers.q_incident_date",
      /YYYY-MM-DD/,
    );
  });

  it("when a district is not one of the agency's districts, then that is one problem", () => {
    assertOneProblem(
      problemsFor(answersWith({ q_district: "D9" })),
      "answers.q_district",
      /"D9" is not one of the agency's districts/,
    );
  });

  it("when the agency lists no districts, then any well-formed district code is accepted", () => {
    assert.deepEqual(checkAnswers(questions, answersWith({ q_district: "D9" })).problems, []);
  });

  it("when a number is outside the question's min and max, then that is one problem", () => {
    assertOneProblem(problemsFor(answersWith({ q_years: 101 })), "answers.q_years", /at most 100/);
  });

  it("when several answers are bad, then every problem is reported at once, one per answer", () => {
    const problems = problemsFor(
      answersWith({ q_bogus: 1, q_safe: 9, q_rating: undefined, q_district: "D7" }),
    );
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      "answers.q_bogus",
      "answers.q_district",
      "answers.q_safe",
    ]);
  });

  it("when an optional text answer is only spaces, then it is dropped rather than stored", () => {
    const { problems, answers } = checkAnswers(questions, answersWith({ q_comment: "   " }), DISTRICTS);
    assert.deepEqual(problems, []);
    assert.equal("q_comment" in answers, false);
  });

  it("when a question's id names an inherited member and it is left unanswered, then there is no problem", () => {
    const survey: Question[] = [{ id: "constructor", type: "text", prompt: en("Anything else?") }];
    assert.deepEqual(checkAnswers(survey, {}).problems, []);
  });
});

describe("isVisible", () => {
  const dependent: Question = {
    id: "q_followup",
    type: "text",
    prompt: en("Tell us more."),
    showIf: { question: "q_priorities", in: ["youth"] },
  };

  it("when a question has no showIf, then it is visible", () => {
    assert.equal(isVisible(questions[0]!, {}, new Set()), true);
  });

  it("when a multi-choice source lists one of the wanted values, then the dependent question is visible", () => {
    assert.equal(
      isVisible(dependent, { q_priorities: ["traffic", "youth"] }, new Set(["q_priorities"])),
      true,
    );
  });

  it("when the source lists none of the wanted values, then the dependent question is hidden", () => {
    assert.equal(isVisible(dependent, { q_priorities: ["traffic"] }, new Set(["q_priorities"])), false);
  });

  it("when the source question is itself hidden, then the dependent question is hidden even if the source was answered", () => {
    assert.equal(isVisible(dependent, { q_priorities: ["youth"] }, new Set()), false);
  });

  it("when the source question is unanswered, then the dependent question is hidden", () => {
    assert.equal(isVisible(dependent, {}, new Set(["q_priorities"])), false);
  });
});
