import Joi from "joi";
import {
  DEMOGRAPHIC_ROLES,
  LANGUAGE_PATTERN,
  LIMITS,
  OPTION_VALUE_PATTERN,
  QUESTION_ID_PATTERN,
  QUESTION_TYPES,
  SURVEY_KINDS,
  THEME_PATTERN,
} from "@shared/survey.js";
import { CONTACT_TYPE_PATTERN } from "@shared/invitation-rules.js";
import { objectId } from "@server/platform/validation.js";

const text = (max: number) =>
  Joi.object()
    .pattern(Joi.string().pattern(LANGUAGE_PATTERN), Joi.string().trim().max(max).allow(""))
    .max(LIMITS.languagesPerSurvey);

const id = Joi.string().max(40).pattern(QUESTION_ID_PATTERN);

const question = Joi.object({
  id: id.required(),
  type: Joi.string()
    .valid(...QUESTION_TYPES)
    .required(),
  prompt: text(LIMITS.promptLength).required(),
  help: text(LIMITS.promptLength),
  required: Joi.boolean(),
  theme: Joi.string().max(120).pattern(THEME_PATTERN),
  demographic: Joi.string().valid(...DEMOGRAPHIC_ROLES),
  options: Joi.array()
    .items(
      Joi.object({
        value: Joi.string().max(40).pattern(OPTION_VALUE_PATTERN).required(),
        label: text(LIMITS.labelLength).required(),
      }),
    )
    .max(LIMITS.optionsPerQuestion),
  scale: Joi.object({ min: Joi.number().integer().required(), max: Joi.number().integer().required() }),
  items: Joi.array()
    .items(
      Joi.object({
        id: id.required(),
        prompt: text(LIMITS.promptLength).required(),
        theme: Joi.string().max(120).pattern(THEME_PATTERN),
      }),
    )
    .max(LIMITS.itemsPerMatrix),
  min: Joi.number().min(-LIMITS.numberAnswerAbs).max(LIMITS.numberAnswerAbs),
  max: Joi.number().min(-LIMITS.numberAnswerAbs).max(LIMITS.numberAnswerAbs),
  showIf: Joi.object({
    question: id.required(),
    in: Joi.array()
      .items(Joi.alternatives(Joi.string().max(40), Joi.number(), Joi.boolean()))
      .min(1)
      .max(LIMITS.optionsPerQuestion)
      .required(),
  }),
});

const settings = Joi.object({
  anonymous: Joi.boolean(),
  oneResponsePerToken: Joi.boolean(),
  opensAt: Joi.date().iso().allow(null),
  closesAt: Joi.date().iso().allow(null),
  resourceThemes: Joi.array().items(Joi.string().max(120).pattern(THEME_PATTERN)).max(30),
  callTypes: Joi.array()
    .items(Joi.string().max(40).pattern(CONTACT_TYPE_PATTERN, "a call type code (e.g. traffic_stop)"))
    .max(50)
    .unique(),
  defaultForCalls: Joi.boolean(),
});

/** The fields of a survey definition, shared by create, patch and import. */
export const definitionKeys = {
  title: text(LIMITS.titleLength),
  description: text(LIMITS.descriptionLength),
  kind: Joi.string().valid(...SURVEY_KINDS),
  languages: Joi.array()
    .items(Joi.string().pattern(LANGUAGE_PATTERN))
    .min(1)
    .max(LIMITS.languagesPerSurvey)
    .unique(),
  questions: Joi.array().items(question).min(1).max(LIMITS.questionsPerSurvey),
  settings,
};

/** Either `{template, …overrides}` or a whole definition. */
export const createSurveySchema = {
  body: Joi.alternatives().conditional(Joi.object({ template: Joi.exist() }).unknown(), {
    then: Joi.object({
      template: Joi.string()
        .max(60)
        .pattern(/^[a-z0-9-]+$/)
        .required(),
      ...definitionKeys,
    }),
    otherwise: Joi.object({
      ...definitionKeys,
      title: definitionKeys.title.required(),
      kind: definitionKeys.kind.required(),
      languages: definitionKeys.languages.required(),
      questions: definitionKeys.questions.required(),
    }),
  }),
};

export const surveyIdSchema = { params: Joi.object({ id: objectId.required() }) };

export const patchSurveySchema = {
  params: surveyIdSchema.params,
  body: Joi.object({
    ...definitionKeys,
    public: Joi.object({
      published: Joi.boolean().required(),
      questions: Joi.array().items(id).max(LIMITS.questionsPerSurvey).unique().default([]),
    }),
  }).min(1),
};
