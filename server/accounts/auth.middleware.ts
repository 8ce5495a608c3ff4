import type { NextFunction, Request, Response } from "express";
import { roleAtLeast, type Role } from "@shared/accounts.js";
import { AppError, forbidden, unauthorized } from "@server/platform/errors.js";
import { csrfMatches, resolveSession, type StaffContext } from "./accounts.service.js";

export const SESSION_COOKIE = "cp_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

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
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Requires a signed-in staff member; cookie writes must also carry the session's CSRF token. */
export async function requireStaff(req: Request, _res: Response, next: NextFunction): Promise<void> {
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

/** The signed-in staff member; only valid behind `requireStaff`. */
export function staffOf(req: Request): StaffContext {
  if (!req.staff) throw unauthorized();
  return req.staff;
}
