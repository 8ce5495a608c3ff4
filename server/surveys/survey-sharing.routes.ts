import { Router, type Request } from "express";
import { requireRole, staffOf } from "@server/accounts/auth.middleware.js";
import type { Config } from "@server/platform/config.js";
import { validate } from "@server/platform/validation.js";
import { CARD_CSS } from "./card-style.js";
import { presentSurvey } from "./survey.presenter.js";
import type { CardFormat } from "./survey-card.js";
import { cardSchema, idOnlySchema, importSchema, previewSchema, qrSchema } from "./survey-sharing.schemas.js";
import { surveyPreviewPage } from "./survey-preview.js";
import { shareableSurvey, surveyCardPage, surveyQrPng, surveyQrSvg } from "./survey-sharing.service.js";
import { exportDefinition, exportFileName, importSurvey } from "./survey-transfer.js";
import { getSurvey } from "./surveys.service.js";
import { publicSurveyUrl, shortUrl } from "./public-link.js";

type ImportBody = Parameters<typeof importSurvey>[1];

/**
 * Getting a survey out to residents and between agencies: QR codes, printable cards and
 * posters, a preview through the respondent page, and the definition as a JSON file. Mounted by `surveysRouter`
 * behind its `requireStaff`, so every `/surveys` route here has a signed-in caller.
 */
export function surveySharingRouter(config: Readonly<Config>): Router {
  const router = Router();
  const linkFor = (req: Request) => (slug: string) => publicSurveyUrl(config, req, slug);
  const agencyOf = (req: Request) => staffOf(req).agencyId;
  const id = (req: Request) => req.input.params["id"]!;

  router.get("/print/card.css", (_req, res) => {
    res.type("text/css").set("Cache-Control", "public, max-age=3600").send(CARD_CSS);
  });
  router.post("/surveys/import", requireRole("designer"), validate(importSchema), async (req, res) => {
    const survey = await importSurvey(staffOf(req), req.input.body as ImportBody);
    res.status(201).json({ survey: presentSurvey(survey) });
  });
  router.get("/surveys/:id/public-link", validate(idOnlySchema), async (req, res) => {
    const survey = await shareableSurvey(agencyOf(req), id(req));
    const url = publicSurveyUrl(config, req, survey.slug);
    res.json({ url, shortUrl: shortUrl(url) });
  });
  router.get("/surveys/:id/qr.svg", validate(qrSchema), async (req, res) => {
    const { survey, svg } = await surveyQrSvg(agencyOf(req), id(req), linkFor(req));
    if (req.input.query["download"]) res.attachment(`${survey.slug}-qr.svg`);
    res.type("image/svg+xml").set("Cache-Control", "private, no-cache").send(svg);
  });
  router.get("/surveys/:id/qr.png", validate(qrSchema), async (req, res) => {
    const size = req.input.query["size"] as number | undefined;
    const { survey, png } = await surveyQrPng(agencyOf(req), id(req), linkFor(req), size);
    if (req.input.query["download"]) res.attachment(`${survey.slug}-qr.png`);
    res.type("image/png").set("Cache-Control", "private, no-cache").send(png);
  });
  router.get("/surveys/:id/card", validate(cardSchema), async (req, res) => {
    const html = await surveyCardPage(agencyOf(req), id(req), linkFor(req), {
      format: req.input.query["format"] as CardFormat,
      language: req.input.query["lang"] as string | undefined,
      selfPath: `/api/v1/surveys/${id(req)}/card`,
    });
    res.type("text/html").set("Cache-Control", "private, no-cache").send(html);
  });
  router.get("/surveys/:id/preview", validate(previewSchema), async (req, res) => {
    const page = await surveyPreviewPage(
      agencyOf(req),
      id(req),
      req.input.query["lang"] as string | undefined,
      (language) => `/api/v1/surveys/${id(req)}/preview?lang=${encodeURIComponent(language)}`,
    );
    res.type("text/html").set("Cache-Control", "private, no-cache").send(page);
  });
  router.get("/surveys/:id/export.json", validate(idOnlySchema), async (req, res) => {
    const survey = await getSurvey(agencyOf(req), id(req));
    res.attachment(exportFileName(survey)).json(exportDefinition(survey));
  });
  return router;
}
