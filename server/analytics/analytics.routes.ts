import { Router } from "express";
import Joi from "joi";
import { DISTRICT_CODE_PATTERN } from "@shared/accounts.js";
import { requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { objectId, validate } from "@server/platform/validation.js";
import { surveyResults, surveyTrends, type ResultsFilter } from "./analytics.service.js";

const isoDate = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const params = Joi.object({ id: objectId.required() });

const resultsSchema = {
  params,
  query: Joi.object({
    district: Joi.string().pattern(DISTRICT_CODE_PATTERN),
    from: isoDate,
    to: isoDate,
    weighted: Joi.boolean(),
  }).custom((value: ResultsFilter, helpers) =>
    value.from && value.to && value.to < value.from
      ? helpers.message({ custom: "to must not be before from" })
      : value,
  ),
};

const trendsSchema = {
  params,
  query: Joi.object({
    interval: Joi.string().valid("week", "month").default("week"),
    district: Joi.string().pattern(DISTRICT_CODE_PATTERN),
  }),
};

/** Results and trends for staff; every role may read its own agency's results. */
export function analyticsRouter(): Router {
  const router = Router();
  router.get("/surveys/:id/results", requireStaff, validate(resultsSchema), async (req, res) => {
    res.json(
      await surveyResults(staffOf(req).agencyId, req.input.params["id"]!, req.input.query as ResultsFilter),
    );
  });
  router.get("/surveys/:id/trends", requireStaff, validate(trendsSchema), async (req, res) => {
    const query = req.input.query as { interval: "week" | "month"; district?: string };
    res.json(
      await surveyTrends(staffOf(req).agencyId, req.input.params["id"]!, query.interval, query.district),
    );
  });
  return router;
}
