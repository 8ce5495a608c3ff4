import { districtName, type District } from "@shared/accounts.js";
import type { Question } from "@shared/survey.js";
import type { Survey } from "./surveys.service.js";

/** The staff view of a survey: everything but internal bookkeeping. */
export function presentSurvey(survey: Survey) {
  return {
    id: String(survey._id),
    agencyId: String(survey.agency),
    slug: survey.slug,
    title: survey.title,
    description: survey.description,
    kind: survey.kind,
    status: survey.status,
    languages: survey.languages,
    version: survey.version,
    questions: survey.questions,
    settings: survey.settings,
    public: survey.public,
    template: survey.template,
    hasResponses: survey.hasResponses,
    openedAt: survey.openedAt,
    closedAt: survey.closedAt,
    createdAt: (survey as { createdAt?: Date }).createdAt,
    updatedAt: (survey as { updatedAt?: Date }).updatedAt,
  };
}

/**
 * What a respondent receives: no ids of staff, no settings beyond what the page needs. District
 * questions carry the agency's districts as their options, named in each survey language.
 */
export function presentPublicSurvey(
  survey: Survey,
  agency: { name: string; slug: string; districts: District[] },
) {
  const questions = survey.questions.map((q: Question) =>
    q.type === "district"
      ? {
          ...q,
          options: agency.districts.map((d) => ({
            value: d.code,
            label: Object.fromEntries(survey.languages.map((l) => [l, districtName(d, l)])),
          })),
        }
      : q,
  );
  return {
    slug: survey.slug,
    title: survey.title,
    description: survey.description,
    kind: survey.kind,
    languages: survey.languages,
    version: survey.version,
    questions,
    agency: { name: agency.name, slug: agency.slug },
  };
}
