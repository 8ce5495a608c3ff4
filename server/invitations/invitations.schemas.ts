import Joi from "joi";
import { BADGE_PATTERN, dispatchCode, DISTRICT_CODE_PATTERN, UNIT_CODE_PATTERN } from "@shared/accounts.js";
import { LANGUAGE_PATTERN } from "@shared/survey.js";
import { CONTACT_TYPE_PATTERN } from "@shared/invitation-rules.js";
import { DEFAULT_PHONE_COUNTRY, normalizePhone, type PhoneCountry } from "@shared/phone.js";
import { objectId } from "@server/platform/validation.js";

/** The most contacts one upload may carry (a busy week of a large agency's dispatch export). */
export const MAX_CONTACTS_PER_UPLOAD = 10_000;
/** CSV uploads may be larger than the JSON limit: exports carry columns we do not keep. */
export const CSV_BODY_LIMIT_BYTES = 20 * 1024 * 1024;

export { CONTACT_TYPE_PATTERN };

/** "Traffic Stop" and "traffic-stop" as exported become the code "traffic_stop". */
export function normalizeContactType(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Incident numbers as CAD and RMS systems write them: "2026-000123", "INC#4471/B". */
export const INCIDENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._:/#-]{0,63}$/;

/** The agency's country for national phone numbers, passed to validation as joi context. */
function toE164(value: string, helpers: Joi.CustomHelpers): string | Joi.ErrorReport {
  const context = helpers.prefs.context as { phoneCountry?: PhoneCountry } | undefined;
  const country = context?.phoneCountry ?? DEFAULT_PHONE_COUNTRY;
  return (
    normalizePhone(value, country) ??
    helpers.message({
      custom: `{{#label}} is not a phone number we can read: write +<country code><number>, or a ${country} number`,
    })
  );
}

/** The rules of each contact field, shared by the upload (JSON and CSV) and the contacts API. */
export const contactFields = {
  email: Joi.string().trim().max(254).email({ tlds: false }).allow("", null),
  phone: Joi.string().trim().max(40).custom(toE164, "E.164 phone number").allow("", null),
  district: Joi.string().trim().max(20).pattern(DISTRICT_CODE_PATTERN, "a district code").allow("", null),
  callType: Joi.string()
    .max(60)
    .custom((value: string) => normalizeContactType(value))
    .pattern(CONTACT_TYPE_PATTERN, "letters, digits and _ (e.g. traffic_stop)"),
  occurredAt: Joi.date().iso().allow("", null),
  language: Joi.string().trim().max(10).pattern(LANGUAGE_PATTERN).allow("", null),
  // Stored as dispatchCode() writes them, the form supervisors' units and officers' badges take.
  unit: Joi.string()
    .trim()
    .max(40)
    .custom((value: string) => dispatchCode(value))
    .pattern(UNIT_CODE_PATTERN, "letters, digits, _ and - (spaces . / # become -)")
    .allow("", null),
  officer: Joi.string()
    .trim()
    .max(40)
    .custom((value: string) => dispatchCode(value))
    .pattern(BADGE_PATTERN, "a badge number or id: letters, digits, _ and - (spaces . / # become -)")
    .allow("", null),
  incidentNumber: Joi.string().trim().max(64).pattern(INCIDENT_PATTERN, "an incident number"),
};

/** One contact row of an upload; rows are checked one by one so a bad row rejects only itself. */
export const contactSchema = Joi.object({
  email: contactFields.email,
  phone: contactFields.phone,
  district: contactFields.district,
  contactType: contactFields.callType.required(),
  contactedAt: contactFields.occurredAt,
  language: contactFields.language,
  unit: contactFields.unit,
  officer: contactFields.officer,
  incidentNumber: contactFields.incidentNumber.allow("", null),
});

export const surveyParams = Joi.object({ id: objectId.required() });

const uploadQuery = Joi.object({ dryRun: Joi.boolean().truthy("1").falsy("0") });

/** A JSON upload; a CSV upload's body is read as a stream by the handler (see rowsFromCsv). */
export const uploadSchema = {
  params: surveyParams,
  query: uploadQuery,
  body: Joi.object({
    contacts: Joi.array().items(Joi.object().unknown(true)).min(1).max(MAX_CONTACTS_PER_UPLOAD).required(),
  }),
};

export const csvUploadSchema = { params: surveyParams, query: uploadQuery };

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
