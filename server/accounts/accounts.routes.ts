import express, { Router, type Request, type Response } from "express";
import Joi from "joi";
import { AGENCY_SLUG_PATTERN } from "@shared/accounts.js";
import { recordAudit } from "@server/audit/audit.service.js";
import { hashedClientKey } from "@server/platform/client-key.js";
import type { Config } from "@server/platform/config.js";
import { AppError } from "@server/platform/errors.js";
import { validate } from "@server/platform/validation.js";
import { hasBoundaries } from "@server/boundaries/boundaries.service.js";
import { presentAgency, presentUser } from "./accounts.presenter.js";
import { createUserSchema, loginSchema, patchAgencySchema } from "./accounts.schemas.js";
import * as accounts from "./accounts.service.js";
import { setSessionCookie, signInDelayPolicy, signInLimiter } from "./auth-http.js";
import { readCookie, requireRole, requireStaff, SESSION_COOKIE, staffOf } from "./auth.middleware.js";
import { LOGO_MAX_BYTES, LOGO_TYPES, readLogo, removeLogo, saveLogo } from "./branding.js";
import { staffRouter } from "./staff.routes.js";
import { logOutEverywhere } from "./staff.service.js";

interface LoginBody {
  email: string;
  password: string;
}

const logoSlugSchema = {
  params: Joi.object({ slug: Joi.string().max(40).pattern(AGENCY_SLUG_PATTERN).required() }),
};

/**
 * The agency as its staff read it, with whether it has district boundaries: the dashboard asks
 * for the shapes only then (one request fewer on every dashboard of an agency without a map).
 */
async function agencyBody(agency: accounts.Agency) {
  return { ...presentAgency(agency), hasBoundaries: await hasBoundaries(agency._id) };
}

/** Sign-in, the signed-in user, staff accounts and the agency's own settings and branding. */
export function accountsRouter(config: Readonly<Config>): Router {
  const router = Router();
  const delays = signInDelayPolicy(config);
  router.use(staffRouter(config));

  router.post(
    "/auth/login",
    signInLimiter(config),
    validate(loginSchema),
    async (req: Request, res: Response) => {
      const { email, password } = req.input.body as LoginBody;
      const signed = await accounts.signIn({
        email,
        password,
        ttlHours: config.sessionTtlHours,
        client: hashedClientKey(req),
        delays,
        previousToken: readCookie(req.headers.cookie, SESSION_COOKIE),
      });
      setSessionCookie(res, config, signed);
      res.json({ user: presentUser(signed.user), csrfToken: signed.csrfToken });
    },
  );

  router.get("/auth/me", requireStaff, async (req: Request, res: Response) => {
    const staff = staffOf(req);
    res.json({ user: presentUser(await accounts.findUser(staff.userId)), csrfToken: staff.csrfToken });
  });

  router.post("/auth/logout", requireStaff, async (req: Request, res: Response) => {
    await accounts.signOut(staffOf(req).sessionId);
    res.clearCookie(SESSION_COOKIE, { path: "/" });
    res.status(204).end();
  });

  router.post("/auth/logout-everywhere", requireStaff, validate({}), async (req: Request, res: Response) => {
    const staff = staffOf(req);
    const ended = await logOutEverywhere(staff);
    await recordAudit(
      staff,
      "staff.logged_out_everywhere",
      { type: "user", id: staff.userId, label: staff.email },
      {
        sessions: ended,
      },
    );
    res.clearCookie(SESSION_COOKIE, { path: "/" });
    res.status(204).end();
  });

  router.get("/users", requireStaff, requireRole("admin"), async (req: Request, res: Response) => {
    const users = await accounts.listUsers(staffOf(req).agencyId);
    res.json({ users: users.map(presentUser) });
  });

  router.post("/users", requireStaff, requireRole("admin"), validate(createUserSchema), async (req, res) => {
    const staff = staffOf(req);
    const body = req.input.body as Omit<accounts.NewUser, "agencyId">;
    const user = await accounts.createUser({ ...body, agencyId: staff.agencyId });
    await recordAudit(
      staff,
      "staff.created",
      { type: "user", id: String(user._id), label: user.email },
      {
        role: user.role,
      },
    );
    res.status(201).json({ user: presentUser(user) });
  });

  router.get("/agency", requireStaff, async (req: Request, res: Response) => {
    res.json({ agency: await agencyBody(await accounts.findAgencyById(staffOf(req).agencyId)) });
  });

  router.patch(
    "/agency",
    requireStaff,
    requireRole("admin"),
    validate(patchAgencySchema),
    async (req, res) => {
      const staff = staffOf(req);
      const changes = req.input.body as Record<string, unknown>;
      const agency = await accounts.updateAgency(staff.agencyId, changes);
      await recordAudit(
        staff,
        "agency.settings_changed",
        { type: "agency", id: staff.agencyId, label: agency.name },
        {
          fields: Object.keys(changes).sort(),
        },
      );
      // Sharing figures with other agencies is a decision of its own, so the log names it.
      const sharing = changes["benchmarks"] as { share: boolean } | undefined;
      if (sharing)
        await recordAudit(
          staff,
          "agency.benchmark_sharing_changed",
          { type: "agency", id: staff.agencyId, label: agency.name },
          { share: sharing.share },
        );
      res.json({ agency: await agencyBody(agency) });
    },
  );

  // The logo is sent as the raw image (no JSON, no multipart); its size is capped by the parser.
  router.put(
    "/agency/logo",
    requireStaff,
    requireRole("admin"),
    (req, _res, next) => {
      if (!req.is([...LOGO_TYPES])) {
        throw new AppError(
          415,
          "unsupported_media_type",
          "Send the logo as image/png, image/jpeg or image/webp.",
        );
      }
      next();
    },
    express.raw({ type: [...LOGO_TYPES], limit: LOGO_MAX_BYTES }),
    async (req, res) => {
      const staff = staffOf(req);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await saveLogo(staff.agencyId, req.get("content-type")!.split(";")[0]!.trim().toLowerCase(), bytes);
      await recordAudit(
        staff,
        "agency.logo_changed",
        { type: "agency", id: staff.agencyId },
        { bytes: bytes.length },
      );
      res.json({ agency: await agencyBody(await accounts.findAgencyById(staff.agencyId)) });
    },
  );

  router.delete("/agency/logo", requireStaff, requireRole("admin"), validate({}), async (req, res) => {
    const staff = staffOf(req);
    await removeLogo(staff.agencyId);
    await recordAudit(staff, "agency.logo_removed", { type: "agency", id: staff.agencyId });
    res.status(204).end();
  });

  // Public: the logo shows on residents' and public pages as well as staff pages.
  router.get("/public/agencies/:slug/logo", validate(logoSlugSchema), async (req, res) => {
    const agency = await accounts.findAgencyBySlug(req.input.params["slug"]!);
    if (!agency) throw new AppError(404, "not_found", "The logo was not found.");
    const logo = await readLogo(String(agency._id));
    res.type(logo.contentType).set("Cache-Control", "public, max-age=300").send(logo.data);
  });

  return router;
}
