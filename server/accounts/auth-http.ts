import type { RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Config } from "@server/platform/config.js";
import { hashedClientKey } from "@server/platform/client-key.js";
import { AppError } from "@server/platform/errors.js";
import type { SignInDelayPolicy } from "./login-guard.js";

export const SESSION_COOKIE = "cp_session";

/**
 * Per-client limit for everything that checks a secret without a session (sign-in, invitation
 * links), so guessing is slow from any one address; per-account delays (`login-guard`) cover the rest.
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

export function signInDelayPolicy(config: Readonly<Config>): SignInDelayPolicy {
  return {
    freeFailures: config.loginFreeFailures,
    maxDelayMs: config.loginMaxDelayMinutes * 60_000,
    accountFailuresPerHour: config.loginAccountFailuresPerHour,
  };
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
