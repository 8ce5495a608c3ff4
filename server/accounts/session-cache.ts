import { domainEvents } from "@server/platform/events.js";
import type { StaffContext } from "./accounts.service.js";

/**
 * Resolved sessions kept for a moment, so a dashboard's requests do not each pay two lookups
 * (session, then user) before their real work. With the engine's `_id` index those lookups are
 * cheap, and the cache still pays: without it the dashboard benchmark's reads took 2.5–3.4 ms
 * more at p50 and 3–4 ms more at p95, about a fifth of a read (docs/PERFORMANCE.md).
 *
 * Freshness:
 * - In this process, signing out, ending a person's sessions and changing a staff member
 *   (role, active) emit `staff.sessions.changed`, which drops the entries at once.
 * - With `REDIS_URL`, that event is relayed, so other processes drop theirs at once too.
 * - Otherwise another process notices within `FRESH_FOR_MS`.
 * The session's own expiry is checked on every hit.
 */
const FRESH_FOR_MS = 2_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  staff: StaffContext;
  expiresAtMs: number;
  fetchedAtMs: number;
}

const entries = new Map<string, Entry>();

/** A cached staff context for a session id (its hash), while fresh and not expired. */
export function cachedSession(sessionId: string, nowMs: number): StaffContext | null {
  const entry = entries.get(sessionId);
  if (!entry) return null;
  if (performance.now() - entry.fetchedAtMs > FRESH_FOR_MS || entry.expiresAtMs <= nowMs) {
    entries.delete(sessionId);
    return null;
  }
  return { ...entry.staff };
}

/**
 * Bumped by every forget: a lookup that began before a sign-out it raced with must not store
 * the session it read (it would outlive the sign-out by up to `FRESH_FOR_MS`).
 */
let generation = 0;

/** Taken before reading a session from the database; pass it to `rememberSession`. */
export const sessionGeneration = (): number => generation;

export function rememberSession(staff: StaffContext, expiresAtMs: number, readAt: number): void {
  if (readAt !== generation) return;
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(staff.sessionId, { staff: { ...staff }, expiresAtMs, fetchedAtMs: performance.now() });
}

function forget({ userId, sessionId }: { userId?: string; sessionId?: string }): void {
  generation += 1;
  if (sessionId) entries.delete(sessionId);
  if (userId) {
    for (const [id, entry] of entries) if (entry.staff.userId === userId) entries.delete(id);
  }
}

domainEvents.on("staff.sessions.changed", forget);
