import Joi from "joi";
import { AGENCY_SLUG_PATTERN } from "@shared/accounts.js";
import { THEME_PATTERN } from "@shared/survey.js";
import { resultsSchema } from "@server/analytics/analytics.schemas.js";
import { objectId } from "@server/platform/validation.js";
import { RESOURCE_KINDS } from "./catalog/index.js";

const theme = Joi.string().max(120).pattern(THEME_PATTERN, "a theme such as safety.night");
const text = (max: number) => Joi.string().trim().min(1).max(max);

export const listResourcesSchema = {
  query: Joi.object({
    category: text(80),
    theme,
    agency: Joi.string().max(40).pattern(AGENCY_SLUG_PATTERN),
  }),
};

const fields = {
  category: text(80),
  title: text(300),
  kind: Joi.string().valid(...RESOURCE_KINDS),
  summary: text(600),
  themes: Joi.array().items(theme).max(10).unique(),
  // Links only where one is known, and only to web pages.
  url: Joi.string()
    .max(500)
    .uri({ scheme: ["https", "http"] })
    .allow(null),
};

export const createResourceSchema = {
  body: Joi.object({
    ...fields,
    category: fields.category.required(),
    title: fields.title.required(),
    summary: fields.summary.required(),
  }),
};

export const deleteResourceSchema = {
  params: Joi.object({ id: objectId.required() }),
};

export const patchResourceSchema = {
  params: Joi.object({ id: objectId.required() }),
  body: Joi.object(fields).min(1),
};

/** The dashboard's filters, so the resources beside a card follow that card's flag. */
export const surveyResourcesSchema = resultsSchema;
