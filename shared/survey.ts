/**
 * The survey contract shared by server and browser: question types, their limits and the
 * shape of a survey definition. Pure data and types; no I/O.
 */

export const QUESTION_TYPES = [
  "single",
  "multi",
  "likert",
  "rating",
  "matrix",
  "yesno",
  "number",
  "district",
  "date",
  "text",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const SURVEY_KINDS = ["community", "post-contact", "youth", "internal", "event"] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const SURVEY_STATUSES = ["draft", "open", "closed"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const DEMOGRAPHIC_ROLES = ["age", "gender", "race", "district"] as const;
export type DemographicRole = (typeof DEMOGRAPHIC_ROLES)[number];

export const CHANNELS = ["link", "qr", "email", "kiosk", "paper"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Languages are BCP 47 primary tags with an optional region, e.g. `en`, `es`, `zh-TW`. */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Z]{2})?$/;
export const QUESTION_ID_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/** Option values become rollup field names, so they may not hold `.` or `$`. */
export const OPTION_VALUE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const THEME_PATTERN = /^[a-z][a-z_]{0,39}(\.[a-z][a-z_]{0,39}){0,2}$/;

export const LIMITS = {
  questionsPerSurvey: 100,
  optionsPerQuestion: 50,
  itemsPerMatrix: 30,
  languagesPerSurvey: 12,
  promptLength: 1000,
  labelLength: 200,
  titleLength: 200,
  descriptionLength: 2000,
  textAnswerLength: 5000,
  numberAnswerAbs: 1e9,
  submissionIdLength: 64,
  tokenLength: 128,
  /** A resident's optional words with a commendation of the officer. */
  commendationNoteLength: 500,
} as const;

/** Likert agreement: 1 strongly disagree … 5 strongly agree; 0 is "don't know". */
export const LIKERT = { min: 1, max: 5, dontKnow: 0 } as const;

export type LocalizedText = Record<string, string>;

export interface Option {
  value: string;
  label: LocalizedText;
}

export interface MatrixItem {
  id: string;
  prompt: LocalizedText;
  theme?: string;
}

export interface ShowIf {
  question: string;
  in: Array<string | number | boolean>;
}

export interface Question {
  id: string;
  type: QuestionType;
  prompt: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  theme?: string;
  demographic?: DemographicRole;
  options?: Option[];
  scale?: { min: number; max: number };
  items?: MatrixItem[];
  min?: number;
  max?: number;
  showIf?: ShowIf;
}

export interface SurveySettings {
  anonymous: boolean;
  oneResponsePerToken: boolean;
  opensAt?: string | null;
  closesAt?: string | null;
  resourceThemes?: string[];
  /**
   * Post-contact surveys: the call types (contact type codes) whose contacts from the dispatch
   * system this survey invites, and whether it takes the call types no open survey lists.
   */
  callTypes?: string[];
  defaultForCalls?: boolean;
}

export interface SurveyDefinition {
  title: LocalizedText;
  description?: LocalizedText;
  kind: SurveyKind;
  languages: string[];
  questions: Question[];
  settings?: Partial<SurveySettings>;
}

export type AnswerValue = string | number | boolean | string[] | Record<string, number>;
export type Answers = Record<string, AnswerValue>;

/** Names that plain objects inherit; as ids they would read inherited members, not answers. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(["constructor", "prototype", "tostring", "valueof"]);

/** The answer to a question: own properties only, never something inherited from Object. */
export function answerOf(answers: Answers, questionId: string): AnswerValue | undefined {
  return Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
}

/** Which question types hold a numeric score that can be averaged. */
export function isScored(type: QuestionType): boolean {
  return type === "likert" || type === "rating" || type === "matrix" || type === "number";
}

/** The text of a localized map in the wanted language, falling back to the first available. */
export function localize(text: LocalizedText | undefined, language: string, fallback: string): string {
  if (!text) return "";
  return text[language] ?? text[fallback] ?? Object.values(text)[0] ?? "";
}
