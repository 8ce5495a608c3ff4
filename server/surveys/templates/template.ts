import type { Question, LocalizedText, SurveyKind, SurveySettings } from "@shared/survey.js";

/** A ready-made survey an agency can start from. Pure data; the server copies it into a draft survey. */
export interface SurveyTemplate {
  id: string;
  kind: SurveyKind;
  title: LocalizedText;
  description: LocalizedText;
  languages: string[];
  questions: Question[];
  settings: Partial<SurveySettings>;
}
