import { Router } from "express";
import { requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { validate } from "@server/platform/validation.js";
import { presentOfficerFeedback, presentUnitResults } from "./units.presenter.js";
import { listUnitsSchema, officerFeedbackSchema, unitResultsSchema } from "./units.schemas.js";
import { listUnits, officerFeedback, unitResults } from "./units.service.js";

/** Feedback by unit (supervisors, analysts and up) and an officer's own feedback. */
export function unitsRouter(): Router {
  const router = Router();
  router.get("/units", requireStaff, validate(listUnitsSchema), async (req, res) => {
    res.json(await listUnits(staffOf(req)));
  });
  router.get("/units/:unit/results", requireStaff, validate(unitResultsSchema), async (req, res) => {
    const { unit } = req.input.params as { unit: string };
    const { survey } = req.input.query as { survey: string };
    res.json(presentUnitResults(await unitResults(staffOf(req), unit, survey)));
  });
  router.get("/officers/me/feedback", requireStaff, validate(officerFeedbackSchema), async (req, res) => {
    const { survey } = req.input.query as { survey?: string };
    res.json(presentOfficerFeedback(await officerFeedback(staffOf(req), survey)));
  });
  return router;
}
