import Joi from "joi";
import { BADGE_PATTERN, ROLES, UNIT_CODE_PATTERN } from "@shared/accounts.js";
import { objectId } from "@server/platform/validation.js";

const email = Joi.string().trim().max(254).email({ tlds: false });
const name = Joi.string().trim().max(120).allow("");
// Tokens are 32 random bytes in base64url; anything else cannot be one.
const token = Joi.string()
  .max(64)
  .pattern(/^[A-Za-z0-9_-]{43}$/, "an invitation token");

export const updateStaffSchema = {
  params: Joi.object({ id: objectId.required() }),
  body: Joi.object({
    role: Joi.string().valid(...ROLES),
    active: Joi.boolean().strict(),
    name,
    units: Joi.array().items(Joi.string().max(40).pattern(UNIT_CODE_PATTERN, "a unit code")).max(50).unique(),
    badge: Joi.string().max(40).pattern(BADGE_PATTERN, "a badge").allow(null),
  }).min(1),
};

export const inviteStaffSchema = {
  body: Joi.object({
    email: email.required(),
    role: Joi.string()
      .valid(...ROLES)
      .required(),
    name,
  }),
};

export const invitationIdSchema = {
  params: Joi.object({ id: Joi.string().hex().length(64).required() }),
};

export const describeInvitationSchema = { body: Joi.object({ token: token.required() }) };

export const acceptInvitationSchema = {
  body: Joi.object({
    token: token.required(),
    // The weak-pattern rules need the invited email, so the service checks them.
    password: Joi.string().min(12).max(256).required(),
    name,
  }),
};
