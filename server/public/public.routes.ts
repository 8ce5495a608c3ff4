import { readFileSync } from "node:fs";
import path from "node:path";
import { Router, type NextFunction, type Request, type Response } from "express";
import { requireRole, requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { findAgencyBySlug } from "@server/accounts/accounts.service.js";
import { recordAudit } from "@server/audit/audit.service.js";
import type { Config } from "@server/platform/config.js";
import { toAppError } from "@server/platform/error-handler.js";
import type { Logger } from "@server/platform/logger.js";
import { PROJECT_ROOT } from "@server/platform/paths.js";
import { validate } from "@server/platform/validation.js";
import { createAction, deleteAction, listActions, updateAction } from "./actions.service.js";
import { getPublication, setPublication, type Publication } from "./publication.service.js";
import { PUBLIC_CSS_URL, renderNotFoundPage, renderPublicPage } from "./public-page.js";
import { presentAction } from "./public.presenter.js";
import {
  actionIdSchema,
  brandCssSchema,
  createActionSchema,
  listActionsSchema,
  publicationGetSchema,
  publicationPutSchema,
  publicPageSchema,
  publicResultsSchema,
  updateActionSchema,
  type ActionInput,
} from "./public.schemas.js";
import { publicMapShapes, publicResults } from "./public.service.js";

const PUBLIC_CSS = readFileSync(path.join(PROJECT_ROOT, "server", "public", "public.css"), "utf8");
/** Public figures may lag this long in shared caches; a new response shows within it. */
const PUBLIC_MAX_AGE = "public, max-age=60";

/** Admin settings of the public page: publication per survey and "you said, we did" actions. */
export function publicStaffRouter(): Router {
  const router = Router();
  const admin = [requireStaff, requireRole("admin")];
  const id = (req: Request): string => req.input.params["id"]!;

  router.get("/surveys/:id/publication", ...admin, validate(publicationGetSchema), async (req, res) => {
    res.json({ publication: await getPublication(staffOf(req).agencyId, id(req)) });
  });
  router.put("/surveys/:id/publication", ...admin, validate(publicationPutSchema), async (req, res) => {
    const body = req.input.body as Publication;
    const { publication } = await setPublication(staffOf(req), id(req), body);
    await recordAudit(
      staffOf(req),
      "results.publication_changed",
      { type: "survey", id: id(req) },
      {
        published: publication.published,
        questions: publication.questions,
      },
    );
    res.json({ publication });
  });

  router.get("/actions", ...admin, validate(listActionsSchema), async (req, res) => {
    const surveyId = req.input.query["surveyId"] as string | undefined;
    res.json({ actions: (await listActions(staffOf(req).agencyId, surveyId)).map(presentAction) });
  });
  router.post("/actions", ...admin, validate(createActionSchema), async (req, res) => {
    const action = await createAction(staffOf(req), req.input.body as ActionInput);
    const target = { type: "action", id: String(action._id), label: action.title.slice(0, 80) };
    await recordAudit(staffOf(req), "public_action.created", target);
    res.status(201).json({ action: presentAction(action) });
  });
  router.patch("/actions/:id", ...admin, validate(updateActionSchema), async (req, res) => {
    const changes = req.input.body as Partial<ActionInput>;
    const action = await updateAction(staffOf(req), id(req), changes);
    const target = { type: "action", id: id(req), label: action.title.slice(0, 80) };
    await recordAudit(staffOf(req), "public_action.updated", target, { fields: Object.keys(changes) });
    res.json({ action: presentAction(action) });
  });
  router.delete("/actions/:id", ...admin, validate(actionIdSchema), async (req, res) => {
    const action = await deleteAction(staffOf(req), id(req));
    const target = { type: "action", id: id(req), label: action.title.slice(0, 80) };
    await recordAudit(staffOf(req), "public_action.deleted", target);
    res.status(204).end();
  });

  // Open data: anyone may read what an agency publishes.
  router.get("/public/agencies/:slug/results", validate(publicResultsSchema), async (req, res) => {
    const lang = req.input.query["lang"] as string | undefined;
    res.set("Cache-Control", PUBLIC_MAX_AGE).json(await publicResults(req.input.params["slug"]!, lang));
  });
  return router;
}

/**
 * The public results page `/p/:agencySlug`: plain HTML that needs no script, its stylesheet,
 * and each agency's brand colour as a tiny stylesheet (the CSP forbids inline styles). Every
 * failure answers with a page, never a JSON body.
 */
export function publicPageRouter(config: Readonly<Config>, logger: Logger): Router {
  const router = Router();
  const rendered = new WeakMap<object, string>();
  router.get(PUBLIC_CSS_URL, (_req, res) => {
    res.type("text/css").set("Cache-Control", "public, max-age=3600").send(PUBLIC_CSS);
  });
  router.get("/p/:slug/brand.css", validate(brandCssSchema), async (req, res) => {
    const agency = await findAgencyBySlug(req.input.params["slug"]!);
    // Saved colours are validated `#rrggbb`; checked again so nothing else can reach the CSS.
    const colour = agency?.brandColor && /^#[0-9a-f]{6}$/i.test(agency.brandColor) ? agency.brandColor : null;
    const css = colour ? `.brand{background-color:${colour};}\n` : "";
    res.type("text/css").set("Cache-Control", "public, max-age=300").send(css);
  });
  router.get("/p/:slug", validate(publicPageSchema), async (req, res) => {
    const lang = req.input.query["lang"] as string | undefined;
    const results = await publicResults(req.input.params["slug"]!, lang);
    // Cached results are the same object until they change: render each version once.
    let html = rendered.get(results);
    if (html === undefined) {
      const shapes = await publicMapShapes(results.agency.slug);
      rendered.set(results, (html = renderPublicPage(results, config.publicUrl, shapes)));
    }
    res.set("Cache-Control", PUBLIC_MAX_AGE).type("html").send(html);
  });
  router.use("/p", (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    if (appError.status >= 500) logger.error({ err: error, url: req.originalUrl }, "public page failed");
    const status = appError.status === 400 ? 404 : appError.status;
    res.status(status).type("html").send(renderNotFoundPage(status));
  });
  return router;
}
