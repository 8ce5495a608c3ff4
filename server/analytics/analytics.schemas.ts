import Joi from "joi";
import { DISTRICT_CODE_PATTERN } from "@shared/accounts.js";
import { QUESTION_ID_PATTERN } from "@shared/survey.js";
import { THEME_IDS } from "@shared/themes.js";
import { objectId } from "@server/platform/validation.js";

const isoDate = Joi.string()
  .max(10)
  .pattern(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const district = Joi.string().max(20).pattern(DISTRICT_CODE_PATTERN);
const params = Joi.object({ id: objectId.required() });

/** `to` before `from` is a mistake, not an empty range. */
const ordered =
  (fromKey: string, toKey: string) =>
  (value: Record<string, string | undefined>, helpers: Joi.CustomHelpers) => {
    const from = value[fromKey];
    const to = value[toKey];
    return from && to && to < from
      ? helpers.message({ custom: `${toKey} must not be before ${fromKey}` })
      : value;
  };

const dateRange = { district, from: isoDate, to: isoDate };

export const resultsSchema = {
  params,
  query: Joi.object({ ...dateRange, weighted: Joi.boolean() }).custom(ordered("from", "to")),
};

export const trendsSchema = {
  params,
  query: Joi.object({ interval: Joi.string().valid("week", "month").default("week"), district }),
};

export const compareSchema = {
  params,
  query: Joi.object({
    a_from: isoDate.required(),
    a_to: isoDate.required(),
    b_from: isoDate.required(),
    b_to: isoDate.required(),
    district,
    weighted: Joi.boolean(),
  })
    .custom(ordered("a_from", "a_to"))
    .custom(ordered("b_from", "b_to")),
};

export const commentsSchema = {
  params,
  query: Joi.object({
    ...dateRange,
    question: Joi.string().max(40).pattern(QUESTION_ID_PATTERN),
    term: Joi.string().trim().min(2).max(80),
    theme: Joi.string()
      .max(40)
      .valid(...THEME_IDS)
      .messages({ "any.only": `"{#value}" is not a theme; themes are ${THEME_IDS.join(", ")}` }),
    page: Joi.number().integer().min(1).max(10_000).default(1),
    pageSize: Joi.number().integer().min(1).max(200).default(50),
  }).custom(ordered("from", "to")),
};

export const breakdownSchema = {
  params,
  query: Joi.object({
    by: Joi.string().valid("age", "gender", "race").required(),
    from: isoDate,
    to: isoDate,
  }).custom(ordered("from", "to")),
};

export const exportSchema = {
  params,
  query: Joi.object(dateRange).custom(ordered("from", "to")),
};

const censusCounts = Joi.object()
  .pattern(
    Joi.string()
      .max(40)
      .pattern(/^[A-Za-z0-9_-]+$/),
    Joi.number().integer().min(0).max(10_000_000_000),
  )
  .min(1)
  .max(100)
  .custom((value: Record<string, number>, helpers) =>
    Object.keys(value).length === 0 || Object.values(value).some((v) => v > 0)
      ? value
      : helpers.message({ custom: "needs at least one count above 0" }),
  );

export const marginsFromCountsSchema = {
  body: Joi.object({
    counts: Joi.object({
      district: censusCounts,
      age: censusCounts,
      gender: censusCounts,
      race: censusCounts,
    })
      .min(1)
      .required(),
  }),
};
