import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ErrorDetail } from "@server/platform/errors.js";

/**
 * Bot checks that track no one: a honeypot field people never see, and a minimum time between
 * showing a survey and sending it. The start time travels with the form, signed, so a script
 * cannot claim it opened the page long ago; nothing about the person is kept.
 */
export const MIN_FILL_MS = 3000;
const MAX_HONEYPOT_LENGTH = 200;
export const MAX_STARTED_TOKEN_LENGTH = 40;

// Set from config at start; a per-process key until then means a restart only asks people
// who were mid-survey to press Send once more.
let signingKey: Buffer = randomBytes(32);

/** Uses the configured key, so every app process behind a load balancer accepts the others' forms. */
export function setFormSigningKey(key: string | null): void {
  if (key) signingKey = Buffer.from(key, "utf8");
}

const mac = (slug: string, started: string): string =>
  createHmac("sha256", signingKey).update(`${slug}|${started}`).digest("base64url").slice(0, 22);

/** A token saying "survey `slug` was shown at `now`": `<base-36 ms>.<mac>`. */
export function signStarted(slug: string, now = Date.now()): string {
  const started = now.toString(36);
  return `${started}.${mac(slug, started)}`;
}

/** The start time in a token this server signed for this survey, or null for anything else. */
export function verifyStarted(slug: string, token: string | undefined): number | null {
  if (!token || token.length > MAX_STARTED_TOKEN_LENGTH) return null;
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(mac(slug, match[1]!));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const started = parseInt(match[1]!, 36);
  return Number.isSafeInteger(started) ? started : null;
}

export type GuardVerdict =
  /** Looks like a person: go on. */
  | "ok"
  /** The hidden field was filled in: a bot. */
  | "bot"
  /** Sent sooner than a person could, after a verified start: ask to send again. */
  | "too_fast"
  /** No start this server can verify (forged, or signed before a restart): ask to send again. */
  | "unverified";

/** Judges one no-script form post. */
export function judgeFormPost(
  slug: string,
  fields: { honeypot: string | undefined; started: string | undefined },
  now = Date.now(),
): GuardVerdict {
  if (fields.honeypot) return "bot";
  const started = verifyStarted(slug, fields.started);
  if (started === null) return "unverified";
  return now - started < MIN_FILL_MS ? "too_fast" : "ok";
}

/** What the enhanced page sends with a JSON submission (optional: integrations send none). */
export interface ClientSignals {
  hp?: string;
  started?: string;
}

export const CLIENT_SIGNAL_LIMITS = { hp: MAX_HONEYPOT_LENGTH, started: MAX_STARTED_TOKEN_LENGTH } as const;

/**
 * The same checks for the JSON API, as 400 details. A start time that cannot be verified is
 * ignored rather than refused: the API accepts submissions with no signals at all, so refusing
 * an unverifiable one would only hurt people whose page outlived a server restart.
 */
export function clientSignalProblems(slug: string, signals: ClientSignals, now = Date.now()): ErrorDetail[] {
  if (signals.hp) return [{ path: "client.hp", message: "must be empty" }];
  const started = verifyStarted(slug, signals.started);
  if (started !== null && now - started < MIN_FILL_MS) {
    return [{ path: "client.started", message: "was sent too soon after the survey was opened; send again" }];
  }
  return [];
}
