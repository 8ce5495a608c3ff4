import { LIKERT, type LocalizedText, type Question, type QuestionType } from "@shared/survey.js";
import { languageName, textIn } from "../languages.js";

export const TYPE_LABELS: Readonly<Record<QuestionType, string>> = {
  single: "Single choice",
  multi: "Multiple choice",
  likert: "Agreement (5 points and don't know)",
  rating: "Rating (1–5 or 0–10)",
  matrix: "Matrix (several statements, one agreement scale)",
  yesno: "Yes or no",
  number: "Number",
  district: "District",
  date: "Date",
  text: "Open text",
};

const LIKERT_LABELS: Readonly<Record<number, string>> = {
  1: "Strongly disagree",
  2: "Disagree",
  3: "Neither agree nor disagree",
  4: "Agree",
  5: "Strongly agree",
  [LIKERT.dontKnow]: "Don't know",
};

export const DEMOGRAPHIC_LABELS: Readonly<Record<string, string>> = {
  "": "None",
  age: "Age (used for weighting)",
  gender: "Gender (used for weighting)",
  race: "Race or ethnicity (used for weighting)",
  district: "District (used for weighting)",
};

/** An id not used by any question yet: `q_new`, `q_new_2`, … */
export function freshId(taken: Iterable<string>, base = "q_new"): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

const emptyText = (languages: string[]): LocalizedText =>
  Object.fromEntries(languages.map((language) => [language, ""]));

/**
 * Reshapes a question for a new type, keeping what still applies (id, prompt, help, theme,
 * required, skip logic) and giving the new type the parts it needs: two options, a scale or
 * two statements, so the person edits instead of starting from an error.
 */
export function retype(question: Question, type: QuestionType, languages: string[]): Question {
  const next: Question = { id: question.id, type, prompt: question.prompt };
  if (question.help) next.help = question.help;
  if (question.required !== undefined) next.required = question.required;
  if (question.theme) next.theme = question.theme;
  if (question.showIf) next.showIf = question.showIf;
  if (question.demographic && (question.demographic !== "district" || type === "district")) {
    next.demographic = question.demographic;
  }
  if (type === "single" || type === "multi") {
    next.options = question.options ?? [
      { value: "option_1", label: emptyText(languages) },
      { value: "option_2", label: emptyText(languages) },
    ];
  }
  if (type === "rating") next.scale = question.scale ?? { min: 1, max: 5 };
  if (type === "matrix") {
    next.items = question.items ?? [
      { id: "item_1", prompt: emptyText(languages) },
      { id: "item_2", prompt: emptyText(languages) },
    ];
  }
  if (type === "number") {
    if (question.min !== undefined) next.min = question.min;
    if (question.max !== undefined) next.max = question.max;
  }
  return next;
}

export function blankQuestion(type: QuestionType, id: string, languages: string[]): Question {
  return retype({ id, type, prompt: emptyText(languages), required: false }, type, languages);
}

export interface SkipValue {
  value: string | number | boolean;
  label: string;
}

/**
 * The answers an earlier question offers to skip logic, with the words a designer knows them
 * by; null for types that cannot drive it (the server applies the same rule).
 */
export function skipValues(
  source: Question,
  language: string,
  districts: Array<{ code: string; name: string }>,
): SkipValue[] | null {
  switch (source.type) {
    case "single":
    case "multi":
      return (source.options ?? []).map((o) => ({
        value: o.value,
        label: `${textIn(o.label, language) || o.value} (${o.value})`,
      }));
    case "yesno":
      return [
        { value: true, label: "Yes" },
        { value: false, label: "No" },
      ];
    case "likert":
      return [1, 2, 3, 4, 5, LIKERT.dontKnow].map((v) => ({ value: v, label: `${v} — ${LIKERT_LABELS[v]}` }));
    case "rating": {
      const { min, max } = source.scale ?? { min: 1, max: 5 };
      return Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: String(min + i) }));
    }
    case "district":
      return districts.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }));
    default:
      return null;
  }
}

/** Short description of a question for lists: its prompt in the default language, or its id. */
export function questionName(question: Question, language: string): string {
  return textIn(question.prompt, language) || question.id;
}

export function languagesLabel(languages: string[]): string {
  return languages.map(languageName).join(", ");
}
