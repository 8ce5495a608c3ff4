import type { NextFunction, Request, Response } from "express";
import { isUnitRole, roleAtLeast, type Role } from "@shared/accounts.js";
import { authenticateApiKey } from "@server/api-keys/api-keys.service.js";
import type { ApiKeyScope } from "@server/api-keys/scopes.js";
import { AppError, forbidden, unauthorized } from "@server/platform/errors.js";
import { csrfMatches, resolveSession, type StaffContext } from "./accounts.service.js";
import { SESSION_COOKIE } from "./auth-http.js";

export { SESSION_COOKIE };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * All that officers and supervisors may reach: their unit views and their own session. Every
 * other route was written for analysts and up (many check only that someone is signed in), so
 * the roles below analyst are held back here, in one place, rather than route by route.
 */
const UNIT_ROLE_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: "GET", path: /^\/api\/v1\/auth\/me$/ },
  { method: "POST", path: /^\/api\/v1\/auth\/logout(?:-everywhere)?$/ },
  { method: "GET", path: /^\/api\/v1\/units(?:\/[^/]+\/results)?$/ },
  { method: "GET", path: /^\/api\/v1\/officers\/me\/feedback$/ },
];

function unitRoleMayReach(method: string, originalUrl: string): boolean {
  const path = originalUrl.split("?")[0]!;
  const asGet = method === "HEAD" ? "GET" : method;
  return UNIT_ROLE_ROUTES.some((route) => route.method === asGet && route.path.test(path));
}

declare module "express-serve-static-core" {
  interface Request {
    staff?: StaffContext;
  }
}

/** Reads one cookie from the header without pulling in a cookie parser for a single value. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed cookie is no session, not a server error.
      return undefined;
    }
  }
  return undefined;
}

/**
 * Requires a signed-in staff member or an API key. Cookie writes must also carry the
 * session's CSRF token; a bearer key needs none (a browser never attaches one on its own) but
 * reaches only the endpoints its scopes open. With an Authorization header the cookie is
 * ignored, so a key can never borrow a session's rights.
 */
export async function requireStaff(req: Request, _res: Response, next: NextFunction): Promise<void> {
  // Routers stack this middleware (a path behind two of them): authenticate once.
  if (req.staff) return next();
  const authorization = req.get("authorization");
  if (authorization !== undefined) {
    req.staff = await authenticateApiKey(authorization, req.method, req.originalUrl);
    return next();
  }
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  const staff = token && token.length <= 100 ? await resolveSession(token) : null;
  if (!staff) throw unauthorized();
  if (!SAFE_METHODS.has(req.method) && !csrfMatches(staff.csrfToken, req.get("x-csrf-token"))) {
    throw new AppError(
      403,
      "csrf_failed",
      "The X-CSRF-Token header is missing or does not match the session.",
    );
  }
  if (isUnitRole(staff.role) && !unitRoleMayReach(req.method, req.originalUrl)) {
    throw forbidden("Officers and supervisors see the unit views only.");
  }
  req.staff = staff;
  next();
}

/** Allows the role given and every role above it (analyst < designer < admin). */
export function requireRole(minimum: Role) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!req.staff) throw unauthorized();
    if (!roleAtLeast(req.staff.role, minimum)) throw forbidden(`This needs the ${minimum} role or higher.`);
    next();
  };
}

/**
 * Requires an API key to hold `scope`; sessions pass (their role decides). `requireStaff`
 * already enforces the scope table for keys; this states a route's scope where it is defined.
 */
export function requireScope(scope: ApiKeyScope) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const key = req.staff?.apiKey;
    if (key && !key.scopes.includes(scope)) {
      throw new AppError(403, "missing_scope", `This API key lacks the "${scope}" scope.`);
    }
    next();
  };
}

/** The signed-in staff member; only valid behind `requireStaff`. */
export function staffOf(req: Request): StaffContext {
  if (!req.staff) throw unauthorized();
  return req.staff;
}
