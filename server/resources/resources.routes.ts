import { Router } from "express";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import type { ResultsFilter } from "@server/analytics/analytics.service.js";
import { validate } from "@server/platform/validation.js";
import {
  createResourceSchema,
  deleteResourceSchema,
  listResourcesSchema,
  patchResourceSchema,
  surveyResourcesSchema,
} from "./resources.schemas.js";
import {
  createResource,
  deleteResource,
  listResources,
  resourceCategories,
  updateResource,
  type ResourceFilter,
  type ResourceInput,
} from "./resources.service.js";
import { surveyRecommendations } from "./survey-recommendations.js";

/**
 * The engagement resource library: public to read, admins add, edit and remove for their agency; staff
 * get the resources for one survey's weak or falling indicators.
 */
export function resourcesRouter(): Router {
  const router = Router();
  router.get("/resources", validate(listResourcesSchema), async (req, res) => {
    res.json({
      resources: await listResources(req.input.query as ResourceFilter),
      categories: resourceCategories(),
    });
  });
  router.post(
    "/resources",
    requireStaff,
    requireRole("admin"),
    validate(createResourceSchema),
    async (req, res) => {
      res.status(201).json({ resource: await createResource(staffOf(req), req.input.body as ResourceInput) });
    },
  );
  router.patch(
    "/resources/:id",
    requireStaff,
    requireRole("admin"),
    validate(patchResourceSchema),
    async (req, res) => {
      const resource = await updateResource(
        staffOf(req),
        req.input.params["id"]!,
        req.input.body as Partial<ResourceInput>,
      );
      res.json({ resource });
    },
  );
  router.delete(
    "/resources/:id",
    requireStaff,
    requireRole("admin"),
    validate(deleteResourceSchema),
    async (req, res) => {
      await deleteResource(staffOf(req), req.input.params["id"]!);
      res.status(204).end();
    },
  );
  router.get("/surveys/:id/resources", requireStaff, validate(surveyResourcesSchema), async (req, res) => {
    res.json(
      await surveyRecommendations(staffOf(req), req.input.params["id"]!, req.input.query as ResultsFilter),
    );
  });
  return router;
}
