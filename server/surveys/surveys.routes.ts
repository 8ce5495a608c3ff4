import { Router } from "express";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { recordAudit } from "@server/audit/audit.service.js";
import type { Config } from "@server/platform/config.js";
import { validate } from "@server/platform/validation.js";
import { presentSurvey } from "./survey.presenter.js";
import { surveySharingRouter } from "./survey-sharing.routes.js";
import { createSurveySchema, patchSurveySchema, surveyIdSchema } from "./surveys.schemas.js";
import * as surveys from "./surveys.service.js";

type Body = Parameters<typeof surveys.createSurvey>[1];

/** A survey as the audit log names it: by id, and by its title in its first language. */
function surveyTarget(survey: surveys.Survey) {
  return { type: "survey", id: String(survey._id), label: surveys.surveyTitle(survey) };
}

/** Staff survey design: templates, drafts, edits, publishing and closing; QR codes, cards, import/export. */
export function surveysRouter(config: Readonly<Config>): Router {
  const router = Router();
  router.use(["/templates", "/surveys"], requireStaff);
  router.use(surveySharingRouter(config));

  router.get("/templates", (_req, res) => {
    res.json({ templates: surveys.listTemplates() });
  });
  router.get("/surveys", async (req, res) => {
    res.json({ surveys: (await surveys.listSurveys(staffOf(req).agencyId)).map(presentSurvey) });
  });
  router.post("/surveys", requireRole("designer"), validate(createSurveySchema), async (req, res) => {
    res
      .status(201)
      .json({ survey: presentSurvey(await surveys.createSurvey(staffOf(req), req.input.body as Body)) });
  });
  router.get("/surveys/:id", validate(surveyIdSchema), async (req, res) => {
    res.json({
      survey: presentSurvey(await surveys.getSurvey(staffOf(req).agencyId, req.input.params["id"]!)),
    });
  });
  router.patch("/surveys/:id", requireRole("designer"), validate(patchSurveySchema), async (req, res) => {
    const body = req.input.body as Body;
    const survey = await surveys.patchSurvey(staffOf(req), req.input.params["id"]!, body);
    // Drafts change freely; once residents can see a survey, every change is on the record.
    if (survey.status !== "draft") {
      await recordAudit(staffOf(req), "survey.edited", surveyTarget(survey), {
        fields: Object.keys(body),
        version: survey.version,
      });
    }
    res.json({ survey: presentSurvey(survey) });
  });
  router.post("/surveys/:id/publish", requireRole("designer"), validate(surveyIdSchema), async (req, res) => {
    const survey = await surveys.publishSurvey(staffOf(req), req.input.params["id"]!);
    await recordAudit(staffOf(req), "survey.published", surveyTarget(survey));
    res.json({ survey: presentSurvey(survey) });
  });
  router.post("/surveys/:id/close", requireRole("designer"), validate(surveyIdSchema), async (req, res) => {
    const survey = await surveys.closeSurvey(staffOf(req), req.input.params["id"]!);
    await recordAudit(staffOf(req), "survey.closed", surveyTarget(survey));
    res.json({ survey: presentSurvey(survey) });
  });
  return router;
}
