import type { AuditEntry } from "./audit.service.js";

/** The fields of an audit entry that leave the server; `titles` names surveys by their current title. */
export function presentAuditEntry(entry: AuditEntry, titles: ReadonlyMap<string, string> = new Map()) {
  const current = entry.target.type === "survey" ? titles.get(entry.target.id) : undefined;
  return {
    id: String(entry._id),
    at: entry.at.toISOString(),
    actor: { kind: entry.actor.kind, id: entry.actor.id, label: entry.actor.label },
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id, label: current ?? entry.target.label ?? null },
    details: entry.details ?? null,
  };
}
