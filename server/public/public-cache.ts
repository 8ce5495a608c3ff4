import { domainEvents } from "@server/platform/events.js";

/**
 * A short in-process cache of each agency's public results, per language. The public page is
 * the one page anyone can load at any rate; a burst of visitors then costs one computation.
 * Local changes (publication, actions, new responses) drop it at once, agency settings are part
 * of the key, and other processes' changes show within the TTL.
 */
export const PUBLIC_CACHE_TTL_MS = 15_000;

interface Entry<T> {
  agencyId: string;
  at: number;
  value: T;
}

const entries = new Map<string, Entry<unknown>>();
/** Bumped by every change, so a computation that started before it is not remembered after it. */
const generations = new Map<string, number>();

export function cacheGeneration(agencyId: string): number {
  return generations.get(agencyId) ?? 0;
}

export function cachedPublic<T>(key: string): T | null {
  const entry = entries.get(key);
  if (!entry || Date.now() - entry.at > PUBLIC_CACHE_TTL_MS) return null;
  return entry.value as T;
}

export function rememberPublic<T>(key: string, agencyId: string, value: T, generation: number): void {
  if (generation !== cacheGeneration(agencyId)) return;
  // Expired entries go when a new one comes, so the map never outgrows the agencies in use.
  const now = Date.now();
  for (const [k, entry] of entries) if (now - entry.at > PUBLIC_CACHE_TTL_MS) entries.delete(k);
  entries.set(key, { agencyId, at: Date.now(), value });
}

/** Drops every cached language of one agency's public results. */
export function forgetPublicResults(agencyId: string): void {
  generations.set(agencyId, cacheGeneration(agencyId) + 1);
  for (const [key, entry] of entries) if (entry.agencyId === agencyId) entries.delete(key);
}

domainEvents.on("survey.changed", ({ agencyId }) => forgetPublicResults(agencyId));
domainEvents.on("agency.boundaries.changed", ({ agencyId }) => forgetPublicResults(agencyId));
domainEvents.on("response.stored", ({ agencyId }) => forgetPublicResults(agencyId));
