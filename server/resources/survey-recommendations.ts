import { lastTwoMonths, resultsFigures, type ComparisonFigures } from "@shared/flags.js";
import type { IndexKey } from "@shared/indices.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { resultsFor, surveyTrends, type ResultsFilter } from "@server/analytics/analytics.service.js";
import { compareWaves } from "@server/analytics/compare.service.js";
import type { IndicatorReading } from "./recommendations.js";
import { recommendedResources } from "./resources.service.js";

/**
 * The comparison the dashboard shows beside its cards for these filters: the last two months
 * with responses, cut to the dates, in the district, weighted when asked, as the caller's role
 * may see it. Null with fewer than two such months.
 */
export async function cardComparison(
  staff: StaffContext,
  surveyId: string,
  filter: ResultsFilter,
): Promise<ComparisonFigures | null> {
  const { points } = await surveyTrends(staff, surveyId, "month", filter.district);
  const waves = lastTwoMonths(
    points.map((p) => p.period),
    filter,
  );
  if (!waves) return null;
  return (await compareWaves(staff, surveyId, {
    a_from: waves.a.from,
    a_to: waves.a.to,
    b_from: waves.b.from,
    b_to: waves.b.to,
    ...(filter.district ? { district: filter.district } : {}),
    ...(filter.weighted ? { weighted: true } : {}),
  })) as ComparisonFigures;
}

/**
 * The engagement resources for a survey's falling or weak indices (shared/flags.ts), judged on
 * exactly the figures the dashboard shows for the same filters, as the caller's role may see
 * them: a hidden index counts as absent, and only the indicator, the reason and the resources
 * leave (no figures), so a designer learns nothing the results do not already show them.
 */
export async function surveyRecommendations(
  staff: StaffContext,
  surveyId: string,
  filter: ResultsFilter = {},
) {
  const results = await resultsFor(staff.agencyId, surveyId, filter, staff.role);
  const comparison = results.suppressed ? null : await cardComparison(staff, surveyId, filter);
  const readings: Partial<Record<IndexKey, IndicatorReading>> = resultsFigures(results, comparison);
  const recommendations =
    Object.keys(readings).length > 0 ? await recommendedResources(staff.agencyId, readings) : [];
  return {
    surveyId,
    filters: {
      district: filter.district ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      weighted: filter.weighted === true,
    },
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
        why: x.why,
      })),
    })),
  };
}
