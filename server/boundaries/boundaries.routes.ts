import express, {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { recordAudit } from "@server/audit/audit.service.js";
import { AppError } from "@server/platform/errors.js";
import { validate } from "@server/platform/validation.js";
import { presentBoundaries, presentBoundarySummary } from "./boundaries.presenter.js";
import { putBoundariesSchema } from "./boundaries.schemas.js";
import {
  findBoundaries,
  removeBoundaries,
  saveBoundaries,
  type BoundaryUpload,
} from "./boundaries.service.js";

export const BOUNDARIES_PATH = "/api/v1/agency/boundaries";
/** A city's districts straight from a GIS export run to a few MB; 2 MB is enough once simplified. */
export const BOUNDARIES_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The JSON parser of the boundaries route, mounted before the app's 1 MB one (which then finds
 * the body read): a larger limit, and a 413 that says what to do about it.
 */
export function boundariesBodyParser(): RequestHandler {
  const parse = express.json({ limit: BOUNDARIES_BODY_LIMIT, strict: true });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type !== "entity.too.large") return next(error);
      next(
        new AppError(
          413,
          "payload_too_large",
          "The boundaries file is larger than the 2 MB allowed: simplify it first (for example with mapshaper, or by exporting fewer decimals) and upload it again.",
        ),
      );
    });
}

/** District boundaries: admins upload and remove them, every staff role reads them for the map. */
export function boundariesRouter(): Router {
  const router = Router();

  router.get("/agency/boundaries", requireStaff, async (req, res) => {
    const staff = staffOf(req);
    const [boundaries, agency] = await Promise.all([
      findBoundaries(staff.agencyId),
      findAgencyById(staff.agencyId),
    ]);
    res.json({ boundaries: boundaries ? presentBoundaries(boundaries, agency) : null });
  });

  router.put(
    "/agency/boundaries",
    requireStaff,
    requireRole("admin"),
    validate(putBoundariesSchema, {
      code: "invalid_boundaries",
      message: "The boundaries are not valid GeoJSON districts.",
    }),
    async (req, res) => {
      const staff = staffOf(req);
      const stored = await saveBoundaries(staff.agencyId, req.input.body as BoundaryUpload);
      const summary = presentBoundarySummary(stored, await findAgencyById(staff.agencyId));
      await recordAudit(
        staff,
        "agency.boundaries_changed",
        { type: "agency", id: staff.agencyId },
        { districts: summary.districts, storedBytes: stored.sizes.storedBytes },
      );
      res.json({ boundaries: summary });
    },
  );

  router.delete("/agency/boundaries", requireStaff, requireRole("admin"), validate({}), async (req, res) => {
    const staff = staffOf(req);
    if (await removeBoundaries(staff.agencyId))
      await recordAudit(staff, "agency.boundaries_removed", { type: "agency", id: staff.agencyId });
    res.status(204).end();
  });

  return router;
}
