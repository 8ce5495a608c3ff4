import type { AuditEntry } from "./audit.service.js";

/** The fields of an audit entry that leave the server. */
export function presentAuditEntry(entry: AuditEntry) {
  return {
    id: String(entry._id),
    at: entry.at.toISOString(),
    actor: { kind: entry.actor.kind, id: entry.actor.id, label: entry.actor.label },
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id, label: entry.target.label ?? null },
    details: entry.details ?? null,
  };
}
