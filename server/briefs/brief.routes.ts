import { Router } from "express";
import { requireStaff, staffOf } from "@server/accounts/auth.middleware.js";
import { validate } from "@server/platform/validation.js";
import { BRIEF_STYLE_HASH, renderBrief } from "./brief-page.js";
import { briefSchema } from "./brief.schemas.js";
import { monthlyBrief } from "./brief.service.js";

/** The printable monthly brief of a survey (HTML), for any staff role, figures as that role may see them. */
export function briefsRouter(): Router {
  const router = Router();
  router.get("/surveys/:id/brief", requireStaff, validate(briefSchema), async (req, res) => {
    const month = req.input.query["month"] as string | undefined;
    const html = renderBrief(await monthlyBrief(staffOf(req), req.input.params["id"]!, month));
    // The page's one inline style block is allowed by its hash; everything else stays as strict as the app's.
    const csp = String(res.getHeader("Content-Security-Policy") ?? "");
    res.setHeader("Content-Security-Policy", csp.replace(/style-src [^;]*/, `style-src ${BRIEF_STYLE_HASH}`));
    res.setHeader("Cache-Control", "no-store");
    res.type("html").send(html);
  });
  return router;
}
