import Joi from "joi";
import { AGENCY_SLUG_PATTERN } from "@shared/accounts.js";
import { INDEX_KEYS } from "@shared/indices.js";
import { LIMITS, QUESTION_ID_PATTERN } from "@shared/survey.js";
import { objectId } from "@server/platform/validation.js";

export const ACTION_STATUSES = ["planned", "in_progress", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_LIMITS = { title: 200, body: 4000, perAgency: 500 } as const;
/** The languages the public page's own text is written in (survey text has its own). */
export const PUBLIC_LANGUAGES = ["en", "es"] as const;

const surveyIdParams = Joi.object({ id: objectId.required() });
const actionIdParams = Joi.object({ id: objectId.required() });
const slugParams = Joi.object({
  slug: Joi.string().max(40).pattern(AGENCY_SLUG_PATTERN, "agency slug").required(),
});
const language = Joi.string().valid(...PUBLIC_LANGUAGES);

/** A calendar date that exists: `2026-02-30` is refused, not rolled over. */
const isoDate = Joi.string()
  .max(10)
  .pattern(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .custom((value: string, helpers) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value)
      return helpers.message({ custom: "must be a real calendar date" });
    return value;
  });

// Length caps run before patterns; an indicator is an index key or a question id.
const indicator = Joi.string()
  .max(40)
  .custom((value: string, helpers) => {
    if ((INDEX_KEYS as string[]).includes(value) || QUESTION_ID_PATTERN.test(value)) return value;
    return helpers.message({ custom: "must be an index key or a question id" });
  })
  .allow(null);

const actionFields = {
  title: Joi.string().trim().min(1).max(ACTION_LIMITS.title),
  body: Joi.string().trim().allow("").max(ACTION_LIMITS.body),
  surveyId: objectId.allow(null),
  indicator,
  date: isoDate,
  status: Joi.string().valid(...ACTION_STATUSES),
};

export const publicationGetSchema = { params: surveyIdParams };
export const publicationPutSchema = {
  params: surveyIdParams,
  body: Joi.object({
    published: Joi.boolean().strict().required(),
    questions: Joi.array()
      .items(Joi.string().max(40).pattern(QUESTION_ID_PATTERN, "question id"))
      .max(LIMITS.questionsPerSurvey)
      .unique()
      .required(),
  }),
};

export const listActionsSchema = { query: Joi.object({ surveyId: objectId }) };
export const createActionSchema = {
  body: Joi.object({
    ...actionFields,
    title: actionFields.title.required(),
    date: actionFields.date.required(),
    status: actionFields.status.required(),
    body: actionFields.body.default(""),
    surveyId: actionFields.surveyId.default(null),
    indicator: actionFields.indicator.default(null),
  }),
};
export const updateActionSchema = { params: actionIdParams, body: Joi.object(actionFields).min(1) };
export const actionIdSchema = { params: actionIdParams };

export const publicResultsSchema = { params: slugParams, query: Joi.object({ lang: language }) };
export const publicPageSchema = publicResultsSchema;
export const brandCssSchema = { params: slugParams };

export interface ActionInput {
  title: string;
  body: string;
  surveyId: string | null;
  indicator: string | null;
  date: string;
  status: ActionStatus;
}
