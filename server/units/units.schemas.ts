import Joi from "joi";
import { UNIT_CODE_PATTERN } from "@shared/accounts.js";
import { objectId } from "@server/platform/validation.js";

export const listUnitsSchema = {};

export const unitResultsSchema = {
  params: Joi.object({ unit: Joi.string().max(40).pattern(UNIT_CODE_PATTERN, "a unit code").required() }),
  query: Joi.object({ survey: objectId.required() }),
};

export const officerFeedbackSchema = {
  query: Joi.object({ survey: objectId }),
};
