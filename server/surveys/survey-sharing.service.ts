import { findAgencyById } from "@server/accounts/accounts.service.js";
import { conflict, badRequest } from "@server/platform/errors.js";
import { renderCardPage, type CardFormat } from "./survey-card.js";
import { qrPng, qrSvg } from "./survey-qr.js";
import { getSurvey, type Survey } from "./surveys.service.js";

/**
 * A survey of the caller's agency that residents can reach. A draft has no working link yet,
 * so printing its code would put dead links on paper.
 */
export async function shareableSurvey(agencyId: string, surveyId: string): Promise<Survey> {
  const survey = await getSurvey(agencyId, surveyId);
  if (survey.status === "draft") {
    throw conflict("not_published", "Publish the survey first: a draft has no public link yet.");
  }
  return survey;
}

export async function surveyQrSvg(agencyId: string, surveyId: string, url: (slug: string) => string) {
  const survey = await shareableSurvey(agencyId, surveyId);
  return { survey, svg: await qrSvg(url(survey.slug)) };
}

export async function surveyQrPng(
  agencyId: string,
  surveyId: string,
  url: (slug: string) => string,
  width?: number,
) {
  const survey = await shareableSurvey(agencyId, surveyId);
  return { survey, png: await qrPng(url(survey.slug), width) };
}

/** The printable card or poster page of a published survey, in its languages or one of them. */
export async function surveyCardPage(
  agencyId: string,
  surveyId: string,
  url: (slug: string) => string,
  options: { format: CardFormat; language?: string; selfPath: string },
): Promise<string> {
  const survey = await shareableSurvey(agencyId, surveyId);
  if (options.language && !survey.languages.includes(options.language)) {
    throw badRequest("validation_failed", "The request has invalid fields.", [
      { path: "query.lang", message: `"${options.language}" is not one of the survey's languages` },
    ]);
  }
  const agency = await findAgencyById(agencyId);
  const link = url(survey.slug);
  const settings = (survey.settings ?? {}) as { anonymous?: boolean };
  return renderCardPage({
    agencyName: agency.name,
    title: survey.title as Record<string, string>,
    description: (survey.description ?? {}) as Record<string, string>,
    kind: survey.kind,
    anonymous: settings.anonymous !== false,
    languages: survey.languages,
    questions: survey.questions,
    url: link,
    qrSvg: await qrSvg(link),
    format: options.format,
    selfPath: options.selfPath,
    ...(options.language ? { language: options.language } : {}),
  });
}
