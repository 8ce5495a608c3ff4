import { Router, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Config } from "@server/platform/config.js";
import { hashedClientKey } from "@server/platform/client-key.js";
import { AppError } from "@server/platform/errors.js";
import { validate } from "@server/platform/validation.js";
import { presentAgency, presentUser } from "./accounts.presenter.js";
import { createUserSchema, loginSchema, patchAgencySchema } from "./accounts.schemas.js";
import * as accounts from "./accounts.service.js";
import { requireRole, requireStaff, SESSION_COOKIE, staffOf } from "./auth.middleware.js";

interface LoginBody {
  email: string;
  password: string;
}

/** Sign-in, the signed-in user, staff accounts and the agency's own settings. */
export function accountsRouter(config: Readonly<Config>): Router {
  const router = Router();
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: config.loginRateLimitPerMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req) => hashedClientKey(req),
    handler: () => {
      throw new AppError(429, "rate_limited", "Too many sign-in attempts. Wait a minute and try again.");
    },
  });

  router.post("/auth/login", loginLimiter, validate(loginSchema), async (req: Request, res: Response) => {
    const { email, password } = req.input.body as LoginBody;
    const signed = await accounts.signIn(email, password, config.sessionTtlHours);
    res.cookie(SESSION_COOKIE, signed.sessionToken, {
      httpOnly: true,
      sameSite: "lax",
      secure: config.cookieSecure,
      path: "/",
      expires: signed.expiresAt,
    });
    res.json({ user: presentUser(signed.user), csrfToken: signed.csrfToken });
  });

  router.get("/auth/me", requireStaff, async (req: Request, res: Response) => {
    const staff = staffOf(req);
    res.json({ user: presentUser(await accounts.findUser(staff.userId)), csrfToken: staff.csrfToken });
  });

  router.post("/auth/logout", requireStaff, async (req: Request, res: Response) => {
    await accounts.signOut(staffOf(req).sessionId);
    res.clearCookie(SESSION_COOKIE, { path: "/" });
    res.status(204).end();
  });

  router.get("/users", requireStaff, requireRole("admin"), async (req: Request, res: Response) => {
    const users = await accounts.listUsers(staffOf(req).agencyId);
    res.json({ users: users.map(presentUser) });
  });

  router.post("/users", requireStaff, requireRole("admin"), validate(createUserSchema), async (req, res) => {
    const body = req.input.body as Omit<accounts.NewUser, "agencyId">;
    const user = await accounts.createUser({ ...body, agencyId: staffOf(req).agencyId });
    res.status(201).json({ user: presentUser(user) });
  });

  router.get("/agency", requireStaff, async (req: Request, res: Response) => {
    res.json({ agency: presentAgency(await accounts.findAgencyById(staffOf(req).agencyId)) });
  });

  router.patch(
    "/agency",
    requireStaff,
    requireRole("admin"),
    validate(patchAgencySchema),
    async (req, res) => {
      const agency = await accounts.updateAgency(
        staffOf(req).agencyId,
        req.input.body as Record<string, unknown>,
      );
      res.json({ agency: presentAgency(agency) });
    },
  );

  return router;
}
