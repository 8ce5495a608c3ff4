import type { Question, SurveyStatus } from "@shared/survey.js";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import {
  checkInvitationToken,
  markInvitationOpened,
  tokenOfficer,
  type TokenState,
} from "@server/invitations/invitations.service.js";
import { presentPublicSurvey } from "@server/surveys/survey.presenter.js";
import { findSurveyBySlug } from "@server/surveys/surveys.service.js";

/** What the respondent pages render from: the public view of a survey plus what they decide on. */
export interface RespondentSurvey {
  id: string;
  status: SurveyStatus;
  slug: string;
  title: Record<string, string>;
  description: Record<string, string>;
  languages: string[];
  questions: Question[];
  agency: { name: string; slug: string };
}

/**
 * A survey as residents may see it, whatever its status (the page explains a closed survey;
 * a draft is answered exactly like a slug that does not exist). District questions list the
 * agency's districts as their options.
 */
export async function findRespondentSurvey(slug: string): Promise<RespondentSurvey | null> {
  const survey = await findSurveyBySlug(slug);
  if (!survey || survey.status === "draft") return null;
  const agency = await findAgencyById(survey.agency);
  const view = presentPublicSurvey(survey, agency);
  return {
    id: String(survey._id),
    status: survey.status as SurveyStatus,
    slug: view.slug,
    title: view.title as Record<string, string>,
    description: (view.description ?? {}) as Record<string, string>,
    languages: view.languages,
    questions: view.questions as Question[],
    agency: view.agency,
  };
}

/**
 * What an invitation link's token means when its survey page is opened, recording the visit
 * ("opened") for a token that is still good.
 */
export async function openInvitation(
  surveyId: string,
  token: string,
): Promise<{ state: TokenState; commendable: boolean }> {
  const state = await checkInvitationToken(surveyId, token);
  if (state !== "valid") return { state, commendable: false };
  await markInvitationOpened(surveyId, token);
  // A contact with a named officer lets the resident commend them (never naming the badge).
  return { state, commendable: (await tokenOfficer(surveyId, token)) !== null };
}
