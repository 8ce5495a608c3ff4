import { randomUUID } from "node:crypto";
import { uiStrings } from "@shared/i18n/index.js";
import type { Question } from "@shared/survey.js";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { badRequest } from "@server/platform/errors.js";
import { signStarted } from "@server/respondent/form-guard.js";
import { renderSurveyPage } from "@server/respondent/pages.js";
import type { RespondentSurvey } from "@server/respondent/respondent.service.js";
import { presentPublicSurvey } from "./survey.presenter.js";
import { getSurvey } from "./surveys.service.js";

/**
 * The respondent page of any survey of the caller's agency, drafts included, rendered by the
 * respondent renderer itself so staff see exactly what residents will. It is given a slug no
 * survey can have (real slugs end in "-" and six hex digits), so neither its form nor its
 * script can store an answer, even for an open survey.
 */
export async function surveyPreviewPage(
  agencyId: string,
  surveyId: string,
  requested: string | undefined,
  hrefFor: (language: string) => string,
): Promise<string> {
  const survey = await getSurvey(agencyId, surveyId);
  const language = requested ?? survey.languages[0]!;
  if (!survey.languages.includes(language)) {
    throw badRequest("validation_failed", "The request has invalid fields.", [
      { path: "query.lang", message: `"${language}" is not one of the survey's languages` },
    ]);
  }
  const agency = await findAgencyById(agencyId);
  const view = presentPublicSurvey(survey, agency);
  const slug = `preview-${String(survey._id)}`;
  const respondentSurvey: RespondentSurvey = {
    id: String(survey._id),
    status: "open",
    slug,
    title: view.title as Record<string, string>,
    description: (view.description ?? {}) as Record<string, string>,
    languages: view.languages,
    questions: view.questions as Question[],
    agency: view.agency,
  };
  return renderSurveyPage(
    {
      survey: respondentSurvey,
      language,
      strings: uiStrings(language),
      submissionId: randomUUID(),
      started: signStarted(slug),
      commendable: false,
      token: null,
      values: null,
      errors: new Map(),
      notice: null,
    },
    [],
    hrefFor,
  );
}
