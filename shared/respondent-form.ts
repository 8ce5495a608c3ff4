import { isVisible } from "./answers.js";
import { answerOf, type AnswerValue, type Answers, type Question } from "./survey.js";

/**
 * How the respondent page's HTML form names its fields and how those fields become the
 * answers the API takes. Server (no-script posts) and browser (enhanced page) both use this,
 * so a form answered either way produces exactly the same answers.
 *
 * Field names: a question's id; a matrix item `<question>[<item>]`. Page fields start with
 * `_`, which no question id can (ids match `^[a-z]`).
 */
export const PAGE_FIELDS = {
  submissionId: "_sid",
  language: "_lang",
  token: "_t",
  started: "_ts",
  honeypot: "_hp",
  /** Only on invitations whose contact names an officer: "commend the officer" and a note. */
  commend: "_cm",
  commendNote: "_cmn",
} as const;

/** How the form reads a field: every value sent under that name, in order. */
export type FieldReader = (name: string) => string[];

export const matrixFieldName = (questionId: string, itemId: string): string => `${questionId}[${itemId}]`;

/** Ids the page gives each question's parts, so error links and the script find them. */
export const blockId = (questionId: string): string => `q-${questionId}`;
export const errorId = (questionId: string): string => `e-${questionId}`;
export const helpId = (questionId: string): string => `h-${questionId}`;
export const inputId = (questionId: string, index?: number, itemId?: string): string =>
  ["f", questionId, itemId, index].filter((part) => part !== undefined).join("-");

/** Every field name the form may send: its questions' fields plus the page fields. */
export function knownFieldNames(questions: readonly Question[]): Set<string> {
  const names = new Set<string>(Object.values(PAGE_FIELDS));
  for (const question of questions) {
    if (question.type === "matrix") {
      for (const item of question.items ?? []) names.add(matrixFieldName(question.id, item.id));
    } else names.add(question.id);
  }
  return names;
}

const INTEGER = /^-?\d{1,10}$/;
const DECIMAL = /^-?(\d{1,12}(\.\d{0,6})?|\.\d{1,6})$/;

/** A whole number when the text is one; otherwise the text, so the answer rules name the problem. */
const wholeNumber = (text: string): number | string => (INTEGER.test(text) ? Number(text) : text);

function encodeValue(question: Question, value: string): AnswerValue {
  switch (question.type) {
    case "likert":
    case "rating":
      return wholeNumber(value);
    case "yesno":
      if (value === "true") return true;
      if (value === "false") return false;
      return value;
    case "number": {
      const normalized = value.replace(",", ".");
      return DECIMAL.test(normalized) ? Number(normalized) : value;
    }
    default:
      return value;
  }
}

/**
 * Reads a form's fields into answers. Blank fields are left out (the answer rules decide if
 * that is allowed); values are typed the way the API expects them (likert 1–5, yes/no true/false).
 */
export function formToAnswers(questions: readonly Question[], read: FieldReader): Answers {
  const answers: Answers = {};
  for (const question of questions) {
    if (question.type === "matrix") {
      const row: Record<string, number> = {};
      for (const item of question.items ?? []) {
        const value = read(matrixFieldName(question.id, item.id))[0]?.trim();
        if (value) row[item.id] = wholeNumber(value) as number;
      }
      if (Object.keys(row).length > 0) answers[question.id] = row;
      continue;
    }
    const values = read(question.id)
      .map((v) => (question.type === "text" ? v : v.trim()))
      .filter((v) => v.trim() !== "");
    if (values.length === 0) continue;
    answers[question.id] = question.type === "multi" ? values : encodeValue(question, values[0]!);
  }
  return answers;
}

/** The ids of the questions shown for these answers, in order (skip logic applied). */
export function visibleQuestionIds(questions: readonly Question[], answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const question of questions) if (isVisible(question, answers, visible)) visible.add(question.id);
  return visible;
}

/**
 * Drops answers to questions that skip logic hides. A page without its script shows every
 * question, so a person may answer one that their other answers then rule out; they could
 * not have known, so such an answer is discarded rather than refused.
 */
export function withoutHiddenAnswers(questions: readonly Question[], answers: Answers): Answers {
  const visible = visibleQuestionIds(questions, answers);
  const kept: Answers = {};
  for (const question of questions) {
    const value = answerOf(answers, question.id);
    if (value !== undefined && visible.has(question.id)) kept[question.id] = value;
  }
  return kept;
}

/** The control an error message links to: a question's first input, or a matrix item's. */
export function firstFieldId(question: Question, itemId?: string): string {
  if (question.type === "matrix") return inputId(question.id, 0, itemId ?? question.items?.[0]?.id);
  const grouped = !["number", "date", "text"].includes(question.type);
  return grouped ? inputId(question.id, 0) : inputId(question.id);
}
