import { problemMessage, type UiStrings } from "@shared/i18n/index.js";
import { knownFieldNames, PAGE_FIELDS, type FieldReader } from "@shared/respondent-form.js";
import { LANGUAGE_PATTERN, LIMITS, type Question } from "@shared/survey.js";
import { AppError, type ErrorDetail } from "@server/platform/errors.js";
import type { SummaryEntry } from "./pages.js";

/** The no-script form's body: its question fields and the page fields, checked for shape. */
export interface FormPost {
  read: FieldReader;
  submissionId: string;
  language: string | null;
  token: string | null;
  started: string | undefined;
  honeypot: string | undefined;
  /** The page offered to commend the officer (its note field came back). */
  commendOffered: boolean;
  /** Ticked "commend the officer": with the note, maybe empty. */
  commendation: { note: string } | null;
}

export const SUBMISSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
// Longest value any field may carry: a text answer of 5,000 characters, with room for CRLFs.
const MAX_VALUE_LENGTH = LIMITS.textAnswerLength * 2;

const formError = (details: ErrorDetail[]): AppError =>
  new AppError(400, "invalid_form", "The form was not sent the way the survey page sends it.", details);

/**
 * Checks a parsed urlencoded body against the fields this survey's form has. Unknown names are
 * refused (not ignored), like unknown keys everywhere else; so are over-long values and page
 * fields that are missing or malformed.
 */
export function readFormPost(body: unknown, questions: readonly Question[]): FormPost {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw formError([{ path: "body", message: "must be a form" }]);
  }
  const known = knownFieldNames(questions);
  const fields = new Map<string, string[]>();
  const details: ErrorDetail[] = [];
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (!known.has(name)) {
      details.push({ path: name.slice(0, 60), message: "is not a field of this survey's form" });
    } else if (!values.every((v): v is string => typeof v === "string" && v.length <= MAX_VALUE_LENGTH)) {
      details.push({ path: name, message: "has a value that is too long" });
    } else fields.set(name, values);
  }
  const one = (name: string): string | undefined => fields.get(name)?.[0];
  const submissionId = one(PAGE_FIELDS.submissionId) ?? "";
  if (!SUBMISSION_ID_PATTERN.test(submissionId)) {
    details.push({ path: PAGE_FIELDS.submissionId, message: "is missing or malformed" });
  }
  const language = one(PAGE_FIELDS.language) ?? null;
  if (language !== null && !(language.length <= 10 && LANGUAGE_PATTERN.test(language))) {
    details.push({ path: PAGE_FIELDS.language, message: "is not a language tag" });
  }
  const token = one(PAGE_FIELDS.token) || null;
  if (token !== null && !TOKEN_PATTERN.test(token)) {
    details.push({ path: PAGE_FIELDS.token, message: "is not an invitation token" });
  }
  const note = one(PAGE_FIELDS.commendNote);
  if (note !== undefined && note.length > LIMITS.commendationNoteLength) {
    details.push({ path: PAGE_FIELDS.commendNote, message: "is too long" });
  }
  const commended = one(PAGE_FIELDS.commend) === "1";
  if (commended && token === null) {
    details.push({ path: PAGE_FIELDS.commend, message: "needs an invitation link" });
  }
  if (details.length > 0) throw formError(details);
  return {
    read: (name) => fields.get(name) ?? [],
    submissionId,
    language,
    token,
    started: one(PAGE_FIELDS.started),
    honeypot: one(PAGE_FIELDS.honeypot),
    commendOffered: note !== undefined,
    commendation: commended ? { note: note?.trim() ?? "" } : null,
  };
}

export interface FieldErrors {
  byQuestion: Map<string, string[]>;
  summary: SummaryEntry[];
}

/**
 * Places the API's answer problems (`answers.<question>[.<item>]`) next to their questions and
 * in the summary, worded for the respondent. Problems that name no question (never expected
 * from this form) still reach the summary, attached to the first question.
 */
export function fieldErrors(
  problems: readonly ErrorDetail[],
  questions: readonly Question[],
  strings: UiStrings,
  language: string,
): FieldErrors {
  const byQuestion = new Map<string, string[]>();
  const summary: SummaryEntry[] = [];
  for (const problem of problems) {
    const [, questionId, itemId] = problem.path.split(".");
    const question = questions.find((q) => q.id === questionId) ?? questions[0];
    if (!question) continue;
    const message = problemMessage(problem, question, strings, language);
    byQuestion.set(question.id, [...(byQuestion.get(question.id) ?? []), message]);
    summary.push({
      questionId: question.id,
      itemId: question.type === "matrix" ? itemId : undefined,
      message,
    });
  }
  return { byQuestion, summary };
}
