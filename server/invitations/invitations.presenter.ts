import type { ImportResult } from "./import.js";
import type { invitationSummary } from "./invitations.service.js";

/** The upload answer of the contract: how many were scheduled, and each rejected row with why. */
export function presentImport(result: ImportResult) {
  return {
    created: result.created,
    rejected: result.rejected.map((r) => ({ row: r.row, message: r.message })),
    ...(result.dryRun ? { dryRun: true } : {}),
  };
}

type Summary = Awaited<ReturnType<typeof invitationSummary>>;

/** The funnel (contract fields first) and response rates by contact type and district. */
export function presentSummary(summary: Summary) {
  return {
    created: summary.created,
    sent: summary.sent,
    opened: summary.opened,
    completed: summary.completed,
    bounced: summary.bounced,
    scheduled: summary.scheduled,
    expired: summary.expired,
    optedOut: summary.optedOut,
    text: summary.text,
    byContactType: summary.byContactType,
    byDistrict: summary.byDistrict,
  };
}
