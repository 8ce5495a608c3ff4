import { INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import { isSuppressed } from "@shared/suppression.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { resultsFor, surveyTrends } from "@server/analytics/analytics.service.js";
import { compareWaves } from "@server/analytics/compare.service.js";
import type { IndicatorReading } from "./recommendations.js";
import { recommendedResources } from "./resources.service.js";

/** `2026-11` → its first and last local dates, as the wave comparison takes them. */
function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

const numberOrNull = (value: unknown): number | null => (typeof value === "number" ? value : null);

/**
 * Change of each index between the last two months with responses, as the caller's role may
 * see it (a change resting on a hidden cell stays hidden), so a significant fall is flagged.
 */
async function lastMonthChanges(
  staff: StaffContext,
  surveyId: string,
): Promise<Partial<Record<IndexKey, { change: number | null; significant: boolean }>>> {
  const { points } = await surveyTrends(staff, surveyId, "month");
  if (points.length < 2) return {};
  const a = monthRange(points[points.length - 2]!.period);
  const b = monthRange(points[points.length - 1]!.period);
  const comparison = (await compareWaves(staff, surveyId, {
    a_from: a.from,
    a_to: a.to,
    b_from: b.from,
    b_to: b.to,
  })) as { indices?: Record<string, unknown> };
  const changes: Partial<Record<IndexKey, { change: number | null; significant: boolean }>> = {};
  for (const key of INDEX_KEYS) {
    const c = comparison.indices?.[key];
    if (!c || isSuppressed(c)) continue;
    const reading = c as Record<string, unknown>;
    if (isSuppressed(reading["change"])) continue;
    changes[key] = { change: numberOrNull(reading["change"]), significant: reading["significant"] === true };
  }
  return changes;
}

/**
 * The engagement resources for a survey's weak (score below 60) or significantly falling
 * indices, from the results the caller's role may see: an index hidden as a small cell counts
 * as absent, and only the indicator, the reason and the resources leave (no figures), so a
 * designer learns nothing the results do not already show them.
 */
export async function surveyRecommendations(staff: StaffContext, surveyId: string) {
  const results = await resultsFor(staff.agencyId, surveyId, {}, staff.role);
  const changes = results.suppressed ? {} : await lastMonthChanges(staff, surveyId);
  const readings: Partial<Record<IndexKey, IndicatorReading>> = {};
  for (const key of INDEX_KEYS) {
    const index = results.indices[key];
    const score = index && !isSuppressed(index.score) ? index.score : null;
    if (score === null) continue;
    readings[key] = { score, ...(changes[key] ?? {}) };
  }
  const recommendations =
    Object.keys(readings).length > 0 ? await recommendedResources(staff.agencyId, readings) : [];
  return {
    surveyId,
    recommendations: recommendations.map((r) => ({
      indicator: r.indicator,
      theme: r.theme,
      reason: r.reason,
      resources: r.resources.map((x) => ({
        id: x.id,
        title: x.title,
        kind: x.kind,
        category: x.category,
        summary: x.summary,
        url: x.url,
      })),
    })),
  };
}
