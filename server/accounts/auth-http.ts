import type { RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Config } from "@server/platform/config.js";
import { hashedClientKey } from "@server/platform/client-key.js";
import { AppError } from "@server/platform/errors.js";
import type { LockoutPolicy } from "./login-guard.js";

export const SESSION_COOKIE = "cp_session";

/**
 * Per-client limit for everything that checks a secret without a session (sign-in, invitation
 * links), so guessing is slow from any one address; per-account lockout covers the rest.
 */
export function signInLimiter(config: Readonly<Config>): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: config.loginRateLimitPerMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req) => hashedClientKey(req),
    handler: () => {
      throw new AppError(429, "rate_limited", "Too many sign-in attempts. Wait a minute and try again.");
    },
  });
}

export function lockoutPolicy(config: Readonly<Config>): LockoutPolicy {
  return { threshold: config.loginLockoutThreshold, lockMs: config.loginLockoutMinutes * 60_000 };
}

/** The session cookie: httpOnly, SameSite=Lax, Secure behind HTTPS, gone when the session expires. */
export function setSessionCookie(
  res: Response,
  config: Readonly<Config>,
  session: { sessionToken: string; expiresAt: Date },
): void {
  res.cookie(SESSION_COOKIE, session.sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.cookieSecure,
    path: "/",
    expires: session.expiresAt,
  });
}
