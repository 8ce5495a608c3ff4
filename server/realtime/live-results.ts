import type { Role } from "@shared/accounts.js";
import { seesExactCounts } from "@shared/suppression.js";
import { resultsFor, type Results } from "@server/analytics/analytics.service.js";

interface Entry {
  version: number;
  at: number;
  body: Promise<Results>;
}

/** Analysts and admins see the same exact body; every other role has its own. */
export const viewerClass = (role: Role): string => (seesExactCounts(role) ? "exact" : role);

/**
 * The unfiltered results body of a survey per viewer class, shared by the subscribers that
 * ask for it while nothing changed: a room of a thousand dashboards reconnecting at once (a
 * server restart) costs one read, not a thousand. A body is reused only while no response
 * arrived since its read began (the version) and for at most `maxAgeMs`, which bounds how
 * long a settings change (survey edit, suppression threshold) can go unseen.
 */
export class LiveResults {
  private readonly versions = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxAgeMs = 1000) {}

  /** Marks a survey's results as changed: bodies read before now are not reused. */
  changed(surveyId: string): void {
    this.versions.set(surveyId, (this.versions.get(surveyId) ?? 0) + 1);
    for (const key of this.entries.keys()) if (key.startsWith(`${surveyId}|`)) this.entries.delete(key);
  }

  /** The body the results endpoint would answer this role now (unfiltered, unweighted). */
  get(agencyId: string, surveyId: string, role: Role): Promise<Results> {
    const key = `${surveyId}|${viewerClass(role)}`;
    const version = this.versions.get(surveyId) ?? 0;
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.version === version && now - entry.at < this.maxAgeMs) return entry.body;
    this.purge(now);
    const body = resultsFor(agencyId, surveyId, {}, role);
    this.entries.set(key, { version, at: now, body });
    // A failed read is not kept: the next subscriber tries again.
    body.catch(() => {
      if (this.entries.get(key)?.body === body) this.entries.delete(key);
    });
    return body;
  }

  private purge(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.at >= this.maxAgeMs) this.entries.delete(key);
  }
}
