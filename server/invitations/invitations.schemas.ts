import Joi from "joi";
import { DISTRICT_CODE_PATTERN } from "@shared/accounts.js";
import { LANGUAGE_PATTERN } from "@shared/survey.js";
import { objectId } from "@server/platform/validation.js";
import { normalizePhone, PHONE_PATTERN } from "./crypto.js";

/** The most contacts one upload may carry (a busy week of a large agency's dispatch export). */
export const MAX_CONTACTS_PER_UPLOAD = 10_000;
/** CSV uploads may be larger than the JSON limit: exports carry columns we do not keep. */
export const CSV_BODY_LIMIT = "5mb";

export const CONTACT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** "Traffic Stop" and "traffic-stop" as exported become the code "traffic_stop". */
export function normalizeContactType(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/**
 * One contact row; rows are checked one by one so a bad row rejects only itself. A row with an
 * email address is invited by mail; one with only a mobile number, by text.
 */
export const contactSchema = Joi.object({
  email: Joi.string().trim().max(254).email({ tlds: false }).allow("", null),
  phone: Joi.string()
    .trim()
    .max(32)
    .custom((value: string) => normalizePhone(value))
    .pattern(PHONE_PATTERN, "a number in E.164 form (+15551234567)")
    .allow("", null),
  district: Joi.string().trim().max(20).pattern(DISTRICT_CODE_PATTERN, "a district code").allow("", null),
  contactType: Joi.string()
    .max(60)
    .custom((value: string) => normalizeContactType(value))
    .pattern(CONTACT_TYPE_PATTERN, "letters, digits and _ (e.g. traffic_stop)")
    .required(),
  contactedAt: Joi.date().iso().allow("", null),
  language: Joi.string().trim().max(10).pattern(LANGUAGE_PATTERN).allow("", null),
})
  .or("email", "phone")
  .messages({ "object.missing": "needs an email or a phone number" });

export const surveyParams = Joi.object({ id: objectId.required() });

export const uploadSchema = {
  params: surveyParams,
  query: Joi.object({ dryRun: Joi.boolean().truthy("1").falsy("0") }),
  body: Joi.alternatives().try(
    Joi.object({
      contacts: Joi.array().items(Joi.object().unknown(true)).min(1).max(MAX_CONTACTS_PER_UPLOAD).required(),
    }),
    Joi.string().min(1),
  ),
};

export const summarySchema = { params: surveyParams };

export const optOutSchema = {
  query: Joi.object({
    c: Joi.string()
      .max(600)
      .pattern(/^[A-Za-z0-9_.-]+$/),
  }),
  body: Joi.object({
    c: Joi.string()
      .max(600)
      .pattern(/^[A-Za-z0-9_.-]+$/),
    "List-Unsubscribe": Joi.string().valid("One-Click"),
  }),
};
