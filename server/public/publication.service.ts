import type { StaffContext } from "@server/accounts/accounts.service.js";
import { AppError } from "@server/platform/errors.js";
import { getSurvey, patchSurvey, type Survey } from "@server/surveys/surveys.service.js";

export interface Publication {
  published: boolean;
  questions: string[];
}

/**
 * Publication settings live on the survey (`survey.public`, the field the contract's
 * `PATCH /surveys/:id {"public": …}` writes), so both ways of setting them agree.
 */
export function publicationOf(survey: Survey): Publication {
  const stored = (survey.public ?? {}) as Partial<Publication>;
  return { published: stored.published === true, questions: stored.questions ?? [] };
}

export async function getPublication(agencyId: string, surveyId: string): Promise<Publication> {
  return publicationOf(await getSurvey(agencyId, surveyId));
}

/** Sets which results of a survey the public page shows; every question named must exist. */
export async function setPublication(
  staff: StaffContext,
  surveyId: string,
  publication: Publication,
): Promise<{ survey: Survey; publication: Publication }> {
  const current = await getSurvey(staff.agencyId, surveyId);
  const known = new Set(current.questions.map((q) => q.id));
  const unknown = publication.questions
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      400,
      "validation_failed",
      "The request has invalid fields.",
      unknown.map(({ id, index }) => ({
        path: `questions.${index}`,
        message: `"${id}" is not a question of this survey`,
      })),
    );
  }
  const survey = await patchSurvey(staff, surveyId, { public: publication });
  return { survey, publication: publicationOf(survey) };
}
