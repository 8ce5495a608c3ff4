import { Router } from "express";
import { rateLimit } from "express-rate-limit";
import Joi from "joi";
import { CHANNELS, LANGUAGE_PATTERN, LIMITS } from "@shared/survey.js";
import type { Config } from "@server/platform/config.js";
import { hashedClientKey } from "@server/platform/client-key.js";
import { AppError } from "@server/platform/errors.js";
import { validate } from "@server/platform/validation.js";
import { CLIENT_SIGNAL_LIMITS } from "@server/respondent/form-guard.js";
import { publicSurvey, submitResponse, type Submission } from "./responses.service.js";

const slugParams = Joi.object({
  slug: Joi.string()
    .max(80)
    .pattern(/^[a-z0-9-]+$/)
    .required(),
});

const submitSchema = {
  params: slugParams,
  body: Joi.object({
    submissionId: Joi.string()
      .max(LIMITS.submissionIdLength)
      .pattern(/^[A-Za-z0-9_-]{8,64}$/, "8 to 64 letters, digits, - or _")
      .required(),
    language: Joi.string().max(10).pattern(LANGUAGE_PATTERN),
    token: Joi.string()
      .max(LIMITS.tokenLength)
      .pattern(/^[A-Za-z0-9_-]+$/),
    channel: Joi.string().valid(...CHANNELS),
    answers: Joi.object()
      .max(LIMITS.questionsPerSurvey * 2)
      .required(),
    // Only with a token whose contact names an officer (checked by the service).
    commendation: Joi.object({ note: Joi.string().allow("").max(LIMITS.commendationNoteLength) }),
    // Bot signals from the respondent page (honeypot, signed start time); integrations omit them.
    client: Joi.object({
      hp: Joi.string().allow("").max(CLIENT_SIGNAL_LIMITS.hp),
      started: Joi.string().max(CLIENT_SIGNAL_LIMITS.started),
    }),
  }),
};

/** The public respondent API: fetch an open survey and submit a response, no account needed. */
export function responsesRouter(config: Readonly<Config>): Router {
  const router = Router();
  const submitLimiter =
    config.submitRateLimitPerMinute > 0
      ? rateLimit({
          windowMs: 60_000,
          limit: config.submitRateLimitPerMinute,
          standardHeaders: "draft-7",
          legacyHeaders: false,
          keyGenerator: (req) => hashedClientKey(req),
          handler: () => {
            throw new AppError(
              429,
              "rate_limited",
              "Too many responses from this device. Please wait a minute.",
            );
          },
        })
      : (_req: unknown, _res: unknown, next: () => void) => next();

  router.get("/public/surveys/:slug", validate({ params: slugParams }), async (req, res) => {
    res.json({ survey: await publicSurvey(req.input.params["slug"]!) });
  });

  router.post(
    "/public/surveys/:slug/responses",
    submitLimiter,
    validate(submitSchema, { code: "invalid_response", message: "Some answers are not valid." }),
    async (req, res) => {
      const result = await submitResponse(req.input.params["slug"]!, req.input.body as Submission);
      if (result.duplicate) res.status(200).json({ id: result.id, duplicate: true });
      else res.status(201).json({ id: result.id });
    },
  );
  return router;
}
