import Joi from "joi";
import { API_KEY_SCOPES } from "./scopes.js";

export const createApiKeySchema = {
  body: Joi.object({
    name: Joi.string().trim().min(1).max(80).required(),
    scopes: Joi.array()
      .items(Joi.string().valid(...API_KEY_SCOPES))
      .min(1)
      .max(API_KEY_SCOPES.length)
      .unique()
      .required(),
  }),
};

export const apiKeyIdSchema = {
  params: Joi.object({
    id: Joi.string()
      .pattern(/^[0-9a-f]{12}$/, "a key id")
      .required(),
  }),
};
