import path from "node:path";
import express, { type Express } from "express";
import helmet from "helmet";
import { accountsRouter } from "./accounts/accounts.routes.js";
import { analyticsRouter } from "./analytics/analytics.routes.js";
import { apiKeysRouter } from "./api-keys/api-keys.routes.js";
import { auditRouter } from "./audit/audit.routes.js";
import { benchmarksRouter } from "./benchmarks/benchmarks.routes.js";
import { configureBenchmarks } from "./benchmarks/settings.js";
import { BOUNDARIES_PATH, boundariesBodyParser, boundariesRouter } from "./boundaries/boundaries.routes.js";
import { briefsRouter } from "./briefs/brief.routes.js";
import type { Config } from "./platform/config.js";
import { digestUnsubscribeRouter, digestsRouter } from "./digests/digests.routes.js";
import { invitationsRouter, optOutRouter } from "./invitations/invitations.routes.js";
import { contactsRouter } from "./contacts/contacts.routes.js";
import { compressResponses, faviconRouter, staffPages } from "./platform/delivery.js";
import { errorHandler } from "./platform/error-handler.js";
import { notFound } from "./platform/errors.js";
import type { Logger } from "./platform/logger.js";
import { PROJECT_ROOT } from "./platform/paths.js";
import { livenessHandler, readinessHandler } from "./platform/readiness.js";
import { publicPageRouter, publicStaffRouter } from "./public/public.routes.js";
import { resourcesRouter } from "./resources/resources.routes.js";
import { respondentRouter } from "./respondent/respondent.routes.js";
import { responsesRouter } from "./responses/responses.routes.js";
import { shortLinkRouter, smsRouter } from "./sms/sms.routes.js";
import { surveysRouter } from "./surveys/surveys.routes.js";
import { unitsRouter } from "./units/units.routes.js";

export const JSON_BODY_LIMIT = "1mb";
const clientDist = path.join(PROJECT_ROOT, "dist", "client");

/** Builds the Express app: routes, limits and the error middleware; no listening, no database. */
export function createApp(config: Readonly<Config>, logger: Logger): Express {
  const app = express();
  configureBenchmarks({ minN: config.benchmarkMinN, minPeers: config.benchmarkMinPeers });
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"] },
      },
      referrerPolicy: { policy: "no-referrer" },
    }),
  );
  app.use(compressResponses());
  // Before the app-wide parser, which then finds the body read: this route allows more.
  app.use(BOUNDARIES_PATH, boundariesBodyParser());
  app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));

  app.get("/healthz", livenessHandler);
  app.get("/readyz", readinessHandler);
  app.use(faviconRouter());

  const api = express.Router();
  api.use(accountsRouter(config));
  api.use(boundariesRouter());
  api.use(apiKeysRouter());
  api.use(auditRouter());
  api.use(surveysRouter(config));
  api.use(analyticsRouter());
  api.use(resourcesRouter());
  api.use(responsesRouter(config));
  api.use(invitationsRouter());
  api.use(contactsRouter());
  api.use(smsRouter());
  api.use(digestsRouter());
  api.use(publicStaffRouter());
  api.use(briefsRouter());
  api.use(unitsRouter());
  api.use(benchmarksRouter());
  api.use(() => {
    throw notFound("endpoint");
  });
  app.use("/api/v1", api);
  app.use(respondentRouter(config, logger));
  app.use(publicPageRouter(config, logger));
  app.use(optOutRouter());
  app.use(shortLinkRouter());
  app.use(digestUnsubscribeRouter());

  app.use("/app", staffPages(clientDist));
  app.get("/", (_req, res) => res.redirect(302, "/app/"));

  app.use(errorHandler(logger));
  return app;
}
