import { DISTRICT_CODE_PATTERN } from "./accounts.js";
import { answerOf, LIKERT, LIMITS, type AnswerValue, type Answers, type Question } from "./survey.js";

export interface AnswerProblem {
  path: string;
  message: string;
}

export interface AnswerCheck {
  problems: AnswerProblem[];
  /** Answers with blanks removed and text trimmed; only meaningful when there are no problems. */
  answers: Answers;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Whether a question is shown, given the answers to the questions before it. */
export function isVisible(question: Question, answers: Answers, visible: ReadonlySet<string>): boolean {
  if (!question.showIf) return true;
  const { question: sourceId, in: wanted } = question.showIf;
  if (!visible.has(sourceId)) return false;
  const answer = answerOf(answers, sourceId);
  if (isBlank(answer)) return false;
  if (Array.isArray(answer)) return answer.some((v) => wanted.includes(v));
  return wanted.includes(answer as string | number | boolean);
}

const isLikert = (v: unknown): boolean =>
  Number.isInteger(v) &&
  ((v as number) === LIKERT.dontKnow || ((v as number) >= LIKERT.min && (v as number) <= LIKERT.max));

/** Checks one non-blank answer against its question; returns the problem or null. */
function checkValue(
  question: Question,
  value: AnswerValue,
  path: string,
  districts: readonly string[],
): AnswerProblem[] {
  const fail = (message: string): AnswerProblem[] => [{ path, message }];
  switch (question.type) {
    case "single": {
      if (typeof value !== "string") return fail("must be one of the offered options");
      return question.options?.some((o) => o.value === value)
        ? []
        : fail(`"${value.slice(0, 60)}" is not an offered option`);
    }
    case "multi": {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
        return fail("must be a list of offered options");
      if (new Set(value).size !== value.length) return fail("lists an option twice");
      const bad = value.find((v) => !question.options?.some((o) => o.value === v));
      return bad === undefined ? [] : fail(`"${bad.slice(0, 60)}" is not an offered option`);
    }
    case "likert":
      return isLikert(value) ? [] : fail("must be a whole number from 1 to 5, or 0 for don't know");
    case "rating": {
      const { min, max } = question.scale ?? { min: 1, max: 5 };
      const ok = Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
      return ok ? [] : fail(`must be a whole number from ${min} to ${max}`);
    }
    case "matrix": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return fail("must map each item id to a whole number from 1 to 5, or 0");
      }
      const problems: AnswerProblem[] = [];
      const items = question.items ?? [];
      for (const [itemId, itemValue] of Object.entries(value)) {
        if (!items.some((item) => item.id === itemId)) {
          problems.push({
            path: `${path}.${itemId.slice(0, 60)}`,
            message: "is not an item of this question",
          });
        } else if (!isLikert(itemValue)) {
          problems.push({
            path: `${path}.${itemId}`,
            message: "must be a whole number from 1 to 5, or 0 for don't know",
          });
        }
      }
      if (question.required) {
        for (const item of items) {
          if (!(item.id in value)) problems.push({ path: `${path}.${item.id}`, message: "is required" });
        }
      }
      return problems;
    }
    case "yesno":
      return typeof value === "boolean" ? [] : fail("must be true or false");
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > LIMITS.numberAnswerAbs) {
        return fail("must be a number");
      }
      if (question.min !== undefined && value < question.min) return fail(`must be at least ${question.min}`);
      if (question.max !== undefined && value > question.max) return fail(`must be at most ${question.max}`);
      return [];
    }
    case "district": {
      if (typeof value !== "string" || !DISTRICT_CODE_PATTERN.test(value))
        return fail("must be a district code");
      if (districts.length > 0 && !districts.includes(value))
        return fail(`"${value}" is not one of the agency's districts`);
      return [];
    }
    case "date": {
      if (typeof value !== "string" || !DATE_PATTERN.test(value)) return fail("must be a date as YYYY-MM-DD");
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)
        ? []
        : fail("is not a real date");
    }
    case "text": {
      if (typeof value !== "string") return fail("must be text");
      return value.trim().length > LIMITS.textAnswerLength
        ? fail(`must be at most ${LIMITS.textAnswerLength} characters`)
        : [];
    }
  }
}

/**
 * Applies every answer rule of the contract at once: unknown questions, wrong types, options
 * not offered, values off the scale, required answers missing, and answers to questions that
 * skip logic hides. One problem per bad answer, with its path (`answers.<id>`).
 */
export function checkAnswers(
  questions: Question[],
  answers: Answers,
  districts: readonly string[] = [],
): AnswerCheck {
  const problems: AnswerProblem[] = [];
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key))
      problems.push({ path: `answers.${key.slice(0, 60)}`, message: "is not a question of this survey" });
  }
  const visible = new Set<string>();
  const cleaned: Answers = {};
  for (const question of questions) {
    const path = `answers.${question.id}`;
    const raw = answerOf(answers, question.id);
    const shown = isVisible(question, answers, visible);
    if (shown) visible.add(question.id);
    if (isBlank(raw)) {
      if (shown && question.required) problems.push({ path, message: "is required" });
      continue;
    }
    if (!shown) {
      problems.push({ path, message: "answers a question that is hidden by its skip logic" });
      continue;
    }
    const valueProblems = checkValue(question, raw as AnswerValue, path, districts);
    problems.push(...valueProblems);
    if (valueProblems.length === 0)
      cleaned[question.id] = typeof raw === "string" ? raw.trim() : (raw as AnswerValue);
  }
  return { problems, answers: cleaned };
}
