import type { UiStrings } from "@shared/i18n/strings.js";
import type { Question } from "@shared/survey.js";

/** What the server puts in the page's `#survey-data` block (see server/respondent/pages.ts). */
export interface SurveyData {
  slug: string;
  language: string;
  languages: string[];
  token: string | null;
  urls: { api: string; thanks: string; serviceWorker: string };
  questions: Question[];
  strings: PageStrings;
}

/** The UI strings the script needs, a subset of the shared catalogue (same names, same text). */
export type PageStrings = Pick<
  UiStrings,
  | "next"
  | "back"
  | "progress"
  | "sending"
  | "offlineQueued"
  | "sendFailed"
  | "restored"
  | "autosaved"
  | "errorSummary"
  | "errorTitlePrefix"
  | "errorRequired"
  | "errorRequiredItem"
  | "errorChoice"
  | "errorNumber"
  | "errorNumberMin"
  | "errorNumberMax"
  | "errorDate"
  | "errorTextLong"
  | "errorHidden"
  | "alreadyTitle"
  | "linkTitle"
  | "closedTitle"
>;

/** Reads the data block; null when the page has none (a message page, not a survey). */
export function readSurveyData(): SurveyData | null {
  const block = document.getElementById("survey-data");
  if (!block?.textContent) return null;
  return JSON.parse(block.textContent) as SurveyData;
}
