import { LIKERT, RESERVED_IDS, type Question, type QuestionType } from "./survey.js";

export interface RuleProblem {
  path: string;
  message: string;
}

const CHOICE_TYPES: ReadonlySet<QuestionType> = new Set(["single", "multi"]);
const NO_OPTION_TYPES: ReadonlySet<QuestionType> = new Set([
  "likert",
  "rating",
  "matrix",
  "yesno",
  "number",
  "district",
  "date",
  "text",
]);

/**
 * The rules of a survey definition that a schema cannot express: unique ids, options where a
 * type needs them, scales, and skip logic that only looks back at questions already asked.
 * Returns every problem with the path of the field that causes it.
 */
export function checkDefinitionRules(questions: Question[], languages: string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const defaultLanguage = languages[0] ?? "en";
  const seen = new Map<string, number>();

  questions.forEach((question, index) => {
    const at = `questions[${index}]`;
    const firstIndex = seen.get(question.id);
    if (RESERVED_IDS.has(question.id)) {
      problems.push({ path: `${at}.id`, message: `"${question.id}" is a reserved name; choose another id` });
    }
    question.items?.forEach((item, i) => {
      if (RESERVED_IDS.has(item.id)) {
        problems.push({
          path: `${at}.items[${i}].id`,
          message: `"${item.id}" is a reserved name; choose another id`,
        });
      }
    });
    if (firstIndex !== undefined) {
      problems.push({
        path: `${at}.id`,
        message: `duplicates the id "${question.id}" of questions[${firstIndex}]`,
      });
    } else {
      seen.set(question.id, index);
    }
    problems.push(...checkTexts(question, at, languages, defaultLanguage));
    problems.push(...checkShape(question, at));
    if (question.showIf) problems.push(...checkShowIf(question, index, questions, seen, at));
  });
  return problems;
}

function checkTexts(
  question: Question,
  at: string,
  languages: string[],
  defaultLanguage: string,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const check = (text: Record<string, string> | undefined, path: string, required: boolean): void => {
    if (!text) {
      if (required) problems.push({ path, message: "is required" });
      return;
    }
    if (!text[defaultLanguage]?.trim()) {
      problems.push({
        path: `${path}.${defaultLanguage}`,
        message: `needs text in the survey's first language`,
      });
    }
    for (const language of Object.keys(text)) {
      if (!languages.includes(language)) {
        problems.push({
          path: `${path}.${language}`,
          message: `"${language}" is not one of the survey's languages`,
        });
      }
    }
  };
  check(question.prompt, `${at}.prompt`, true);
  check(question.help, `${at}.help`, false);
  question.options?.forEach((option, i) => check(option.label, `${at}.options[${i}].label`, true));
  question.items?.forEach((item, i) => check(item.prompt, `${at}.items[${i}].prompt`, true));
  return problems;
}

function checkShape(question: Question, at: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { type } = question;
  if (CHOICE_TYPES.has(type)) {
    if (!question.options || question.options.length < 2) {
      problems.push({ path: `${at}.options`, message: `a ${type} question needs at least two options` });
    } else {
      const values = new Set<string>();
      question.options.forEach((option, i) => {
        if (values.has(option.value)) {
          problems.push({
            path: `${at}.options[${i}].value`,
            message: `duplicates the option "${option.value}"`,
          });
        }
        values.add(option.value);
      });
    }
  } else if (NO_OPTION_TYPES.has(type) && question.options !== undefined) {
    problems.push({ path: `${at}.options`, message: `a ${type} question does not take options` });
  }
  if (type === "rating") {
    const scale = question.scale;
    const ok = scale && ((scale.min === 1 && scale.max === 5) || (scale.min === 0 && scale.max === 10));
    if (!ok) problems.push({ path: `${at}.scale`, message: "a rating needs a scale of 1–5 or 0–10" });
  } else if (question.scale !== undefined) {
    problems.push({ path: `${at}.scale`, message: `a ${type} question does not take a scale` });
  }
  if (type === "matrix") {
    if (!question.items || question.items.length < 2) {
      problems.push({ path: `${at}.items`, message: "a matrix question needs at least two items" });
    } else {
      const ids = new Set<string>();
      question.items.forEach((item, i) => {
        if (ids.has(item.id))
          problems.push({ path: `${at}.items[${i}].id`, message: `duplicates the item "${item.id}"` });
        ids.add(item.id);
      });
    }
  } else if (question.items !== undefined) {
    problems.push({ path: `${at}.items`, message: `a ${type} question does not take items` });
  }
  if (type !== "number" && (question.min !== undefined || question.max !== undefined)) {
    problems.push({ path: `${at}.min`, message: "only number questions take min and max" });
  }
  if (
    type === "number" &&
    question.min !== undefined &&
    question.max !== undefined &&
    question.min > question.max
  ) {
    problems.push({ path: `${at}.max`, message: "must not be below min" });
  }
  if (question.demographic === "district" && type !== "district") {
    problems.push({ path: `${at}.demographic`, message: "the district role belongs to a district question" });
  }
  return problems;
}

function checkShowIf(
  question: Question,
  index: number,
  questions: Question[],
  earlier: Map<string, number>,
  at: string,
): RuleProblem[] {
  const showIf = question.showIf!;
  const target = earlier.get(showIf.question);
  if (showIf.question === question.id) {
    return [{ path: `${at}.showIf.question`, message: "a question cannot depend on itself" }];
  }
  if (target === undefined || target >= index) {
    const later = questions.findIndex((q) => q.id === showIf.question);
    const message =
      later === -1
        ? `refers to "${showIf.question}", which is not a question of this survey`
        : `refers to "${showIf.question}", which comes later; skip logic may only look at earlier questions`;
    return [{ path: `${at}.showIf.question`, message }];
  }
  const source = questions[target]!;
  const allowed = allowedShowIfValues(source);
  if (allowed === null) {
    return [{ path: `${at}.showIf.question`, message: `a ${source.type} question cannot drive skip logic` }];
  }
  const problems: RuleProblem[] = [];
  showIf.in.forEach((value, i) => {
    if (allowed !== "any-district" && !allowed.some((a) => a === value)) {
      problems.push({
        path: `${at}.showIf.in[${i}]`,
        message: `${JSON.stringify(value)} is not an answer "${source.id}" offers`,
      });
    }
  });
  return problems;
}

/** The answers a question can give that skip logic may test; null when it cannot be tested. */
function allowedShowIfValues(source: Question): Array<string | number | boolean> | "any-district" | null {
  switch (source.type) {
    case "single":
    case "multi":
      return (source.options ?? []).map((o) => o.value);
    case "yesno":
      return [true, false];
    case "likert":
      return [LIKERT.dontKnow, 1, 2, 3, 4, 5];
    case "rating": {
      const { min, max } = source.scale ?? { min: 1, max: 5 };
      return Array.from({ length: max - min + 1 }, (_, i) => min + i);
    }
    case "district":
      return "any-district";
    default:
      return null;
  }
}

/** Every text a respondent may see must exist in every language the survey offers. */
export function checkTranslations(
  title: Record<string, string>,
  questions: Question[],
  languages: string[],
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const check = (text: Record<string, string> | undefined, path: string): void => {
    if (!text) return;
    for (const language of languages) {
      if (!text[language]?.trim())
        problems.push({ path: `${path}.${language}`, message: "has no translation" });
    }
  };
  check(title, "title");
  questions.forEach((q, i) => {
    check(q.prompt, `questions[${i}].prompt`);
    check(q.help, `questions[${i}].help`);
    q.options?.forEach((o, j) => check(o.label, `questions[${i}].options[${j}].label`));
    q.items?.forEach((item, j) => check(item.prompt, `questions[${i}].items[${j}].prompt`));
  });
  return problems;
}
