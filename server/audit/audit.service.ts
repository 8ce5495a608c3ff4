import { Types } from "mongoose";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import type { AuditAction } from "@shared/audit.js";
import { clock } from "@server/platform/clock.js";
import { AuditEntryModel, type AuditEntryRecord } from "./audit.model.js";

export type { AuditAction } from "@shared/audit.js";

/** What an action was done to: `{ type: "survey", id }`, optionally with a readable label. */
export interface AuditTarget {
  type: string;
  id: string;
  label?: string;
}

export type AuditEntry = AuditEntryRecord;

/**
 * Writes one entry of the agency's audit log, after the action succeeded. Awaited, so an
 * action whose entry cannot be written is reported as failed rather than silently unlogged.
 * An API key acts under its own name, not its creator's.
 */
export async function recordAudit(
  staff: StaffContext,
  action: AuditAction,
  target: AuditTarget,
  details: Record<string, unknown> | null = null,
): Promise<void> {
  const actor = staff.apiKey
    ? { kind: "api_key" as const, id: staff.apiKey.id, label: `API key "${staff.apiKey.name}"` }
    : { kind: "user" as const, id: staff.userId, label: staff.email };
  await AuditEntryModel.create({
    agency: staff.agencyId,
    at: clock.now(),
    actor,
    action,
    target: { type: target.type, id: String(target.id), ...(target.label ? { label: target.label } : {}) },
    details,
  });
}

/** One page of the agency's log, newest first; `before` is the last id of the previous page. */
export async function listAudit(
  agencyId: string,
  options: { limit: number; before?: string | undefined },
): Promise<AuditEntry[]> {
  const filter: Record<string, unknown> = { agency: agencyId };
  if (options.before) filter["_id"] = { $lt: new Types.ObjectId(options.before) };
  return AuditEntryModel.find(filter).sort({ _id: -1 }).limit(options.limit).lean<AuditEntry[]>();
}
