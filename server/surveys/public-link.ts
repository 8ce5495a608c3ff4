import type { Request } from "express";
import type { Config } from "@server/platform/config.js";

/**
 * The address residents open for a survey. PUBLIC_URL wins when set (the app may sit behind a
 * proxy whose public name the app cannot see); otherwise the address the staff member used.
 */
export function publicSurveyUrl(config: Readonly<Config>, req: Request, slug: string): string {
  const base = config.publicUrl ?? `${req.protocol}://${req.get("host") ?? `${config.host}:${config.port}`}`;
  return `${base}/s/${encodeURIComponent(slug)}`;
}

/** The same address without the scheme, short enough to type from a printed card. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, "");
}
