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

export interface PageStrings {
  next: string;
  back: string;
  progress: string;
  sending: string;
  offlineQueued: string;
  sendFailed: string;
  restored: string;
  autosaved: string;
  errorSummary: string;
  errorTitlePrefix: string;
  errorRequired: string;
  errorRequiredItem: string;
  errorChoice: string;
  errorNumber: string;
  errorNumberMin: string;
  errorNumberMax: string;
  errorDate: string;
  errorTextLong: string;
  errorHidden: string;
  alreadyTitle: string;
  linkTitle: string;
  closedTitle: string;
}

/** Reads the data block; null when the page has none (a message page, not a survey). */
export function readSurveyData(): SurveyData | null {
  const block = document.getElementById("survey-data");
  if (!block?.textContent) return null;
  return JSON.parse(block.textContent) as SurveyData;
}
