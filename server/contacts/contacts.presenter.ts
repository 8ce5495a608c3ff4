import type { ContactResult } from "./contacts.service.js";

const STATUSES = ["invited", "scheduled", "excluded", "invalid", "duplicate"] as const;

/** The batch answer of the contract: counts by status, then every item in the order sent. */
export function presentContactResults(results: ContactResult[]) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<(typeof STATUSES)[number], number>;
  for (const r of results) counts[r.status] += 1;
  return {
    received: results.length,
    ...counts,
    items: results.map((r) => {
      const base = { index: r.index, incidentNumber: r.incidentNumber, status: r.status };
      if (r.status === "invited" || r.status === "scheduled") {
        return { ...base, surveyId: r.surveyId, channel: r.channel, sendAt: r.sendAt.toISOString() };
      }
      if (r.status === "excluded") return { ...base, reason: r.reason };
      if (r.status === "invalid") return { ...base, problems: r.problems };
      return base;
    }),
  };
}
