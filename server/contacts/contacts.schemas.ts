import Joi from "joi";
import { contactFields } from "@server/invitations/invitations.schemas.js";

/** The most contacts one request may carry; a bridge sends a larger export in several batches. */
export const MAX_CONTACTS_PER_BATCH = 1_000;

/**
 * The batch as a whole: its items are checked one by one (contactItemSchema), so one bad
 * contact is reported as invalid with its field while the others go ahead.
 */
export const contactsBatchSchema = {
  body: Joi.object({
    contacts: Joi.array().items(Joi.object().unknown(true)).min(1).max(MAX_CONTACTS_PER_BATCH).required(),
  }),
};

/** One contact as the dispatch system sends it; unknown fields are refused, never stored. */
export const contactItemSchema = Joi.object({
  incidentNumber: contactFields.incidentNumber.required(),
  callType: contactFields.callType.required(),
  // Accepted so a bridge can send the CAD record as it is; not stored, no rule reads it yet.
  disposition: Joi.string().trim().max(60).allow("", null),
  occurredAt: contactFields.occurredAt,
  district: contactFields.district,
  unit: contactFields.unit,
  officer: contactFields.officer,
  phone: contactFields.phone,
  email: contactFields.email,
  language: contactFields.language,
});
