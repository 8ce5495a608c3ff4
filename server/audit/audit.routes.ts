import { Router } from "express";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { validate } from "@server/platform/validation.js";
import { surveyTitles } from "@server/surveys/surveys.service.js";
import { presentAuditEntry } from "./audit.presenter.js";
import { listAuditSchema } from "./audit.schemas.js";
import { listAudit } from "./audit.service.js";

/** The agency's audit log, for its admins: newest first, paged with `before`. */
export function auditRouter(): Router {
  const router = Router();
  router.get("/audit", requireStaff, requireRole("admin"), validate(listAuditSchema), async (req, res) => {
    const query = req.input.query as { limit: number; before?: string };
    const entries = await listAudit(staffOf(req).agencyId, query);
    const next = entries.length === query.limit ? String(entries.at(-1)!._id) : null;
    // Surveys are named by their current title, so a renamed survey reads the same everywhere.
    const titles = await surveyTitles(
      staffOf(req).agencyId,
      entries.filter((e) => e.target.type === "survey").map((e) => e.target.id),
    );
    res.json({ entries: entries.map((e) => presentAuditEntry(e, titles)), next });
  });
  return router;
}
