import Joi from "joi";
import {
  AGENCY_SLUG_PATTERN,
  DISTRICT_CODE_PATTERN,
  PASSWORD_MIN_LENGTH,
  ROLES,
  UNIT_MINIMUM_N_FLOOR,
} from "@shared/accounts.js";
import { LANGUAGE_PATTERN } from "@shared/survey.js";
import { HEADLINE_PERIODS } from "@shared/periods.js";
import { PHONE_COUNTRY_CODES } from "@shared/phone.js";
import { contrastWithWhite, MIN_CONTRAST_WITH_WHITE } from "./branding.js";
import { passwordProblems } from "./password-rules.js";

const email = Joi.string().trim().max(254).email({ tlds: false });
const password = Joi.string().min(PASSWORD_MIN_LENGTH).max(256);

/**
 * A new password: length, then the weak-pattern rules (common passwords, sequences,
 * repetition, the account's own email, read from the sibling key `emailKey`).
 */
export const strongPassword = (emailKey: string) =>
  password.custom((value: string, helpers) => {
    const sibling = (helpers.state.ancestors as Array<Record<string, unknown>>)[0]?.[emailKey];
    const problems = passwordProblems(value, typeof sibling === "string" ? sibling : "");
    return problems.length > 0 ? helpers.message({ custom: problems.join("; ") }) : value;
  });

/** A timezone is valid when the runtime's Intl knows it (e.g. `America/Chicago`). */
export const timezone = Joi.string()
  .max(64)
  .custom((value: string, helpers) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      return value;
    } catch {
      return helpers.message({ custom: "is not a known IANA timezone" });
    }
  });

export const loginSchema = {
  body: Joi.object({ email: email.required(), password: Joi.string().max(256).required() }),
};

export const createUserSchema = {
  body: Joi.object({
    email: email.required(),
    password: strongPassword("email").required(),
    role: Joi.string()
      .valid(...ROLES)
      .required(),
    name: Joi.string().max(120).allow(""),
  }),
};

const shares = Joi.object()
  .pattern(
    Joi.string()
      .max(40)
      .pattern(/^[A-Za-z0-9_-]+$/),
    Joi.number().min(0).max(1),
  )
  .max(100)
  .custom((value: Record<string, number>, helpers) => {
    const total = Object.values(value).reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > 0.001)
      return helpers.message({ custom: `shares must sum to 1 (they sum to ${total.toFixed(4)})` });
    return value;
  });

const clock = Joi.string().pattern(/^([01]\d|2[0-3]):[0-5]\d$/);

export const patchAgencySchema = {
  body: Joi.object({
    name: Joi.string().trim().min(2).max(120),
    timezone,
    languages: Joi.array().items(Joi.string().pattern(LANGUAGE_PATTERN)).min(1).max(12).unique(),
    districts: Joi.array()
      .items(
        Joi.object({
          code: Joi.string().pattern(DISTRICT_CODE_PATTERN).required(),
          name: Joi.string().trim().min(1).max(80).required(),
          names: Joi.object()
            .pattern(Joi.string().max(10).pattern(LANGUAGE_PATTERN), Joi.string().trim().min(1).max(80))
            .max(12),
        }),
      )
      .max(200)
      .unique("code"),
    margins: Joi.object({ district: shares, age: shares, gender: shares, race: shares }),
    suppressionThreshold: Joi.number().integer().min(1).max(100),
    // Below five, a unit's or officer's figures could point at the one person they met.
    unitMinimumN: Joi.number().integer().min(UNIT_MINIMUM_N_FLOOR).max(1000),
    headlinePeriod: Joi.string().valid(...HEADLINE_PERIODS),
    retentionDays: Joi.number().integer().min(30).max(3650),
    brandColor: Joi.string()
      .max(7)
      .pattern(/^#[0-9a-fA-F]{6}$/, "#rrggbb")
      .lowercase()
      .custom((value: string, helpers) => {
        const ratio = contrastWithWhite(value);
        if (ratio >= MIN_CONTRAST_WITH_WHITE) return value;
        return helpers.message({
          custom: `gives white text a contrast of ${ratio.toFixed(2)}:1; choose a darker colour (at least ${MIN_CONTRAST_WITH_WHITE}:1)`,
        });
      })
      .allow(null),
    invitationRules: Joi.object({
      quietHours: Joi.object({ start: clock.required(), end: clock.required() }).allow(null),
      delayMinutes: Joi.number().integer().min(0).max(10_080),
      excludedContactTypes: Joi.array()
        .items(Joi.string().pattern(/^[a-z][a-z0-9_]{0,39}$/))
        .max(50)
        .unique(),
      minDaysBetween: Joi.number().integer().min(0).max(3650),
      // Reminders go only to those who have not answered; more than two would be pestering.
      reminderDays: Joi.number().integer().min(1).max(30),
      maxReminders: Joi.number().integer().min(0).max(2),
      phoneCountry: Joi.string().valid(...PHONE_COUNTRY_CODES),
    }),
    benchmarks: Joi.object({ share: Joi.boolean().strict().required() }),
  }).min(1),
};

export const createAgencySchema = Joi.object({
  slug: Joi.string().pattern(AGENCY_SLUG_PATTERN).required(),
  name: Joi.string().trim().min(2).max(120).required(),
  adminEmail: email.required(),
  adminPassword: strongPassword("adminEmail").required(),
  timezone,
});
