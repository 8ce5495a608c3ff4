import { findAgencyById, type Agency } from "@server/accounts/accounts.service.js";
import { pruneLoginFailures } from "@server/accounts/login-guard.js";
import { clock } from "@server/platform/clock.js";
import type { Logger } from "@server/platform/logger.js";
import { deleteResponsesById, scanResponsesBefore } from "@server/responses/responses.service.js";

export const RETENTION_JOB = "retention.daily";
export const RETENTION_EVERY_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;
/**
 * Ids per delete. Every delete scans the collection on the embedded engine whatever its
 * filter, so fewer, larger batches cost less; 500 keeps each request small on MongoDB too.
 */
export const RETENTION_BATCH = 500;

export interface RetentionReport {
  /** Raw responses deleted, in total and per agency slug. */
  responsesDeleted: number;
  byAgency: Record<string, number>;
  batches: number;
  loginFailuresDeleted: number;
}

let settings: { logger: Logger | null } = { logger: null };

/** Where reports are logged. */
export function configureRetention(options: { logger?: Logger }): void {
  settings = { logger: options.logger ?? null };
}

/**
 * Deletes raw responses older than their agency's `retentionDays`, then login-failure records
 * that no longer count. Rollups were written when each response was stored and are left
 * alone, so every result reads the same before and after. Running it again deletes nothing
 * more (idempotent); a run cut short is finished by the next one.
 */
export async function runRetention(now: Date = clock.now()): Promise<RetentionReport> {
  const agencies = new Map<string, Agency | null>();
  const doomed: string[] = [];
  const byAgency: Record<string, number> = {};
  // No agency keeps raw answers for less than a day: that bounds the one scan.
  for await (const response of scanResponsesBefore(new Date(now.getTime() - DAY_MS))) {
    const agencyId = String(response.agency);
    if (!agencies.has(agencyId)) agencies.set(agencyId, await findAgencyById(agencyId).catch(() => null));
    const agency = agencies.get(agencyId);
    // Responses of an agency that no longer exists are left for an operator to decide on.
    if (!agency) continue;
    if (response.createdAt.getTime() >= now.getTime() - agency.retentionDays * DAY_MS) continue;
    doomed.push(response._id);
    byAgency[agency.slug] = (byAgency[agency.slug] ?? 0) + 1;
  }
  let responsesDeleted = 0;
  let batches = 0;
  for (let i = 0; i < doomed.length; i += RETENTION_BATCH) {
    responsesDeleted += await deleteResponsesById(doomed.slice(i, i + RETENTION_BATCH));
    batches += 1;
  }
  const loginFailuresDeleted = await pruneLoginFailures();
  return { responsesDeleted, byAgency, batches, loginFailuresDeleted };
}

/** The daily job: one process runs it (the job queue's claim), and logs what it removed. */
export async function retentionJob(): Promise<void> {
  const report = await runRetention();
  settings.logger?.info({ retention: report }, "retention run finished");
}
