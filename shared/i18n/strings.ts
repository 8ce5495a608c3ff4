/**
 * Every text the respondent pages show around a survey's own questions. A language is one
 * object of this shape; adding a language is adding such an object, not code.
 * `{name}` marks a value filled in at display time.
 */
export interface UiStrings {
  /** The language's name in itself, for the language switcher. */
  name: string;
  /** Writing direction; right-to-left scripts (Arabic, Hebrew, …) set "rtl". */
  dir: "ltr" | "rtl";
  languageNav: string;
  optional: string;
  submit: string;
  next: string;
  back: string;
  progress: string;
  likert: {
    stronglyDisagree: string;
    disagree: string;
    neutral: string;
    agree: string;
    stronglyAgree: string;
    dontKnow: string;
  };
  yes: string;
  no: string;
  or: string;
  showIfHint: string;
  textHint: string;
  honeypot: string;
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
  checkAgain: string;
  autosaved: string;
  restored: string;
  sending: string;
  offlineQueued: string;
  sendFailed: string;
  thanksTitle: string;
  thanksBody: string;
  thanksResults: string;
  closedTitle: string;
  closedBody: string;
  notFoundTitle: string;
  notFoundBody: string;
  alreadyTitle: string;
  alreadyBody: string;
  linkTitle: string;
  linkBody: string;
  rateLimitedTitle: string;
  rateLimitedBody: string;
  formErrorTitle: string;
  formErrorBody: string;
  backToSurvey: string;
  serverErrorTitle: string;
  serverErrorBody: string;
  commendLegend: string;
  commendLabel: string;
  commendNoteLabel: string;
  commendNoteHint: string;
}
