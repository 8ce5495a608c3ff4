import Joi from "joi";
import { LANGUAGE_PATTERN } from "@shared/survey.js";
import { objectId } from "@server/platform/validation.js";
import { CARD_FORMATS } from "./survey-card.js";
import { definitionKeys } from "./surveys.schemas.js";
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from "./survey-transfer.js";

const params = Joi.object({ id: objectId.required() });

export const qrSchema = {
  params,
  query: Joi.object({
    // 128 px is the smallest a phone reliably scans from print; 2048 covers a poster.
    size: Joi.number().integer().min(128).max(2048),
    download: Joi.boolean().truthy("1").falsy("0"),
  }),
};

export const cardSchema = {
  params,
  query: Joi.object({
    format: Joi.string()
      .valid(...CARD_FORMATS)
      .default("card"),
    lang: Joi.string().max(10).pattern(LANGUAGE_PATTERN),
  }),
};

export const previewSchema = {
  params,
  query: Joi.object({ lang: Joi.string().max(10).pattern(LANGUAGE_PATTERN) }),
};

/** Routes that take only the survey id. */
export const idOnlySchema = { params };

/**
 * An import is exactly what export produced: the format marker plus a full definition, held
 * to the same rules as creating a survey. Unknown keys (an id, a status) are rejected so a
 * file from somewhere else cannot smuggle state into the new draft.
 */
export const importSchema = {
  body: Joi.object({
    format: Joi.string().valid(EXPORT_FORMAT).required(),
    formatVersion: Joi.number().valid(EXPORT_FORMAT_VERSION).required(),
    exportedAt: Joi.date().iso(),
    ...definitionKeys,
    title: definitionKeys.title.required(),
    kind: definitionKeys.kind.required(),
    languages: definitionKeys.languages.required(),
    questions: definitionKeys.questions.required(),
  }),
};
