import path from "node:path";
import express, { Router, type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { UiStrings } from "@shared/i18n/index.js";
import { hashedClientKey } from "@server/platform/client-key.js";
import type { Config } from "@server/platform/config.js";
import { hashedAssets } from "@server/platform/delivery.js";
import { toAppError } from "@server/platform/error-handler.js";
import type { Logger } from "@server/platform/logger.js";
import { RESPONDENT_DIST, SERVICE_WORKER_FILE } from "./assets.js";
import { setFormSigningKey } from "./form-guard.js";
import { notFoundPage, receiveForm, sendMessage, showSurvey, showThanks } from "./respondent.handlers.js";

/** Largest no-script form post: every text answer at its limit, percent-encoded, fits. */
export const FORM_BODY_LIMIT = "256kb";
const FORM_PARAMETER_LIMIT = 1000;

/**
 * The residents' pages under /s/: the survey (a form that works without script), its post,
 * the thank-you page, the page's built script and style, and the offline service worker.
 * Every failure here answers with a page in the person's language, never a JSON body.
 */
export function respondentRouter(config: Readonly<Config>, logger: Logger): Router {
  setFormSigningKey(config.formSigningKey);
  const router = Router();

  const assets = path.join(RESPONDENT_DIST, "assets");
  // Public files, readable from any origin: the staff preview frame runs the page sandboxed in
  // an opaque origin, whose module script is a CORS request and whose style sheet is cross-origin.
  router.use("/s/assets", (_req, res, next) => {
    res.set({ "Access-Control-Allow-Origin": "*", "Cross-Origin-Resource-Policy": "cross-origin" });
    next();
  });
  router.use("/s/assets", hashedAssets(assets));
  router.get(`/s/${SERVICE_WORKER_FILE}`, (req, res, next) => {
    // Never cached over HTTP: browsers must see a new worker as soon as one is deployed.
    res
      .set("Cache-Control", "no-cache")
      .sendFile(path.join(RESPONDENT_DIST, SERVICE_WORKER_FILE), (error) => {
        if (error && !res.headersSent) next();
      });
  });

  const limiter =
    config.submitRateLimitPerMinute > 0
      ? rateLimit({
          windowMs: 60_000,
          limit: config.submitRateLimitPerMinute,
          standardHeaders: "draft-7",
          legacyHeaders: false,
          keyGenerator: (req) => hashedClientKey(req),
          handler: (req, res) =>
            sendMessage(req, res, 429, (s) => ({
              title: s.rateLimitedTitle,
              paragraphs: [s.rateLimitedBody],
            })),
        })
      : (_req: Request, _res: Response, next: NextFunction) => next();
  const formBody = express.urlencoded({
    extended: false,
    limit: FORM_BODY_LIMIT,
    parameterLimit: FORM_PARAMETER_LIMIT,
  });

  router.get("/s/:slug", showSurvey);
  router.get("/s/:slug/thanks", showThanks);
  router.post("/s/:slug", limiter, formBody, receiveForm(logger));
  router.use("/s", (req, res) => sendMessage(req, res, 404, notFoundPage));

  router.use("/s", (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    // The survey this request was for, so the page can lead back to it.
    const slug = /^\/s\/([a-z0-9-]{1,80})(?:[/?]|$)/.exec(req.originalUrl)?.[1];
    if (appError.status === 404) return sendMessage(req, res, 404, notFoundPage);
    if (appError.status >= 500) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, "respondent page failed");
      const serverError = (s: UiStrings) => ({ title: s.serverErrorTitle, paragraphs: [s.serverErrorBody] });
      return sendMessage(req, res, appError.status, serverError, undefined, slug);
    }
    const formError = (s: UiStrings) => ({
      title: s.formErrorTitle,
      paragraphs: [s.formErrorBody],
      details: [appError.message, ...(appError.details ?? []).map((d) => `${d.path}: ${d.message}`)],
    });
    sendMessage(req, res, appError.status, formError, undefined, slug);
  });
  return router;
}
