import type { Role } from "@shared/accounts.js";
import type { LocalizedText, Question, SurveyKind, SurveySettings, SurveyStatus } from "@shared/survey.js";
import type { HeadlinePeriod } from "@shared/periods.js";

/** What the staff pages know about the signed-in person. */
export interface User {
  id: string;
  email: string;
  role: Role;
}

/** A survey as the staff API presents it. */
export interface Survey {
  id: string;
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  kind: SurveyKind;
  status: SurveyStatus;
  languages: string[];
  version: number;
  questions: Question[];
  settings: Partial<SurveySettings>;
  hasResponses: boolean;
  template: string | null;
  updatedAt?: string;
}

export interface Template {
  id: string;
  kind: SurveyKind;
  title: LocalizedText;
  description: LocalizedText;
  languages: string[];
  questions: Question[];
}

export interface Agency {
  name: string;
  slug: string;
  timezone: string;
  languages: string[];
  districts: Array<{ code: string; name: string }>;
  headlinePeriod: HeadlinePeriod;
  benchmarks?: { share: boolean };
  /** Whether district boundaries were uploaded (the dashboard then draws a map). */
  hasBoundaries?: boolean;
}

/** The editable part of a survey: what a save sends back. */
export interface Definition {
  title: LocalizedText;
  description: LocalizedText;
  kind: SurveyKind;
  languages: string[];
  questions: Question[];
  settings: Partial<SurveySettings>;
}
