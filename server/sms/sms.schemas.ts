import Joi from "joi";
import { SHORT_CODE_PATTERN } from "./sms.service.js";

/*
 * Providers post many parameters we do not use (AccountSid, ApiVersion, FromCity, …) and add
 * more over time; all of them are signed, so they are accepted when they look like parameter
 * names with short values, and only the ones we read are checked closely.
 */
const providerParameter = Joi.string().max(1600).allow("");
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export const statusCallbackSchema = {
  body: Joi.object({
    MessageSid: Joi.string()
      .max(64)
      .pattern(/^[A-Za-z0-9_-]+$/)
      .required(),
    MessageStatus: Joi.string()
      .max(32)
      .pattern(/^[a-z_]+$/)
      .required(),
    ErrorCode: Joi.number().integer().min(0).max(999_999).empty(""),
  }).pattern(PARAMETER_NAME, providerParameter),
};

export const inboundSchema = {
  body: Joi.object({
    From: Joi.string().max(32).required(),
    Body: Joi.string().max(1600).allow("").required(),
  }).pattern(PARAMETER_NAME, providerParameter),
};

export const shortLinkSchema = {
  params: Joi.object({
    code: Joi.string().max(64).pattern(SHORT_CODE_PATTERN, "a short link code").required(),
  }),
};
