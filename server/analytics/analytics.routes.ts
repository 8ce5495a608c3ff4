import { Router } from "express";
import { presentAgency } from "@server/accounts/accounts.presenter.js";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { recordAudit } from "@server/audit/audit.service.js";
import { validate } from "@server/platform/validation.js";
import {
  breakdownSchema,
  commentsSchema,
  compareSchema,
  exportSchema,
  marginsFromCountsSchema,
  resultsSchema,
  trendsSchema,
} from "./analytics.schemas.js";
import { surveyResults, surveyTrends, type ResultsFilter } from "./analytics.service.js";
import { surveyBreakdown, type BreakdownQuery } from "./breakdown.service.js";
import { listComments, type CommentsQuery } from "./comments.service.js";
import { compareWaves, type WaveQuery } from "./compare.service.js";
import { prepareExport, type ExportFilter } from "./export.service.js";
import { saveMarginsFromCounts, type CountsByVariable } from "./weighting.service.js";

/**
 * Results, trends, wave comparison, breakdowns by age, gender and race, open text and export
 * for staff (each answers by role: exact for analysts and admins, suppressed or refused for
 * designers), and the margins helper for admins.
 */
export function analyticsRouter(): Router {
  const router = Router();
  const id = (params: Record<string, string>): string => params["id"]!;

  router.get("/surveys/:id/results", requireStaff, validate(resultsSchema), async (req, res) => {
    res.json(await surveyResults(staffOf(req), id(req.input.params), req.input.query as ResultsFilter));
  });

  router.get("/surveys/:id/trends", requireStaff, validate(trendsSchema), async (req, res) => {
    const query = req.input.query as { interval: "week" | "month"; district?: string };
    res.json(await surveyTrends(staffOf(req), id(req.input.params), query.interval, query.district));
  });

  router.get("/surveys/:id/compare", requireStaff, validate(compareSchema), async (req, res) => {
    res.json(await compareWaves(staffOf(req), id(req.input.params), req.input.query as unknown as WaveQuery));
  });

  router.get("/surveys/:id/breakdown", requireStaff, validate(breakdownSchema), async (req, res) => {
    res.json(
      await surveyBreakdown(staffOf(req), id(req.input.params), req.input.query as unknown as BreakdownQuery),
    );
  });

  router.get("/surveys/:id/comments", requireStaff, validate(commentsSchema), async (req, res) => {
    res.json(
      await listComments(staffOf(req), id(req.input.params), req.input.query as unknown as CommentsQuery),
    );
  });

  router.get("/surveys/:id/export.csv", requireStaff, validate(exportSchema), async (req, res) => {
    const csv = await prepareExport(staffOf(req), id(req.input.params), req.input.query as ExportFilter);
    await recordAudit(
      staffOf(req),
      "responses.exported",
      { type: "survey", id: id(req.input.params) },
      { ...req.input.query },
    );
    res.status(200);
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="${csv.filename}"`);
    res.setHeader("Cache-Control", "no-store");
    await csv.stream(res);
    res.end();
  });

  router.post(
    "/agency/margins/from-counts",
    requireStaff,
    requireRole("admin"),
    validate(marginsFromCountsSchema),
    async (req, res) => {
      const { counts } = req.input.body as { counts: CountsByVariable };
      const agency = await saveMarginsFromCounts(await findAgencyById(staffOf(req).agencyId), counts);
      await recordAudit(
        staffOf(req),
        "agency.settings_changed",
        { type: "agency", id: String(agency._id) },
        { fields: ["margins"] },
      );
      res.json({ margins: agency.margins, agency: presentAgency(agency) });
    },
  );
  return router;
}
