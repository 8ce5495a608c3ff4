import { lastDayOf } from "@shared/periods.js";
import type { Question } from "@shared/survey.js";
import { correctComparison, presentComparison, suppressComparison } from "@server/analytics/compare.js";
import { presentResults } from "@server/analytics/results.js";
import type { Observation } from "./audit.js";
import { monthsOf, viewOf, type ProtectedRelease, type ViewFilter } from "./disclosure.service.js";
import { ALL_UNIT, countKey, districtUnit, indexKey, monthUnit, type UnitId } from "./figures.js";
import { maskResults, monthTrendPoints } from "./present.js";

/**
 * Every view a designer may ask for: the whole survey, each district, each month and every
 * range of months, with the units each covers.
 */
export function designerViews(
  release: ProtectedRelease,
  districts: readonly string[],
): Array<{ units: UnitId[]; filter: ViewFilter }> {
  const months = monthsOf(release).map((m) => m.month);
  const views: Array<{ units: UnitId[]; filter: ViewFilter }> = [{ units: [ALL_UNIT], filter: {} }];
  for (const d of districts) views.push({ units: [districtUnit(d)], filter: { district: d } });
  for (let i = 0; i < months.length; i++)
    for (let j = i; j < months.length; j++)
      views.push({
        units: months.slice(i, j + 1).map(monthUnit),
        filter: { from: `${months[i]}-01`, to: lastDayOf(months[j]!) },
      });
  return views;
}

/**
 * Every figure a designer can obtain for a survey, answered the way the services answer it
 * from the release: the whole survey, each district, each month and every range of months
 * (results bodies and open-text counts), month trend points, and the comparison of any two of
 * those periods. The public sees a part of this. What the auditor is given.
 */
export function designerFigures(
  release: ProtectedRelease,
  questions: Question[],
  districts: readonly string[],
  k: number,
): Observation {
  const observation: Observation = { results: [], counts: [], comparisons: [] };
  const views = designerViews(release, districts);
  const periods: Array<{
    units: UnitId[];
    view: Exclude<ReturnType<typeof viewOf>, { refused: string }>;
    body: ReturnType<typeof presentResults>;
  }> = [];
  for (const { units, filter } of views) {
    const view = viewOf(release, filter);
    if ("refused" in view)
      throw new Error(`a view the services offer was refused: ${JSON.stringify(filter)}`);
    const body = maskResults(
      presentResults("survey", questions, view.counts, [...districts]),
      view.hidden,
      k,
    );
    observation.results.push({ units, body });
    for (const q of questions.filter((x) => x.type === "text"))
      observation.counts.push({
        units,
        key: countKey(q.id),
        value: view.hidden.has(countKey(q.id))
          ? { suppressed: true }
          : ((view.counts.a[q.id] as number | undefined) ?? 0),
      });
    if (filter.from && !view.hidden.has("N")) periods.push({ units, view, body });
  }
  for (const point of monthTrendPoints(monthsOf(release), k)) {
    const units = [monthUnit(point.period)];
    observation.counts.push({ units, key: "N", value: point.n });
    for (const [key, index] of Object.entries(point.indices))
      observation.counts.push({ units, key: indexKey(key), value: index.n });
  }
  for (const a of periods)
    for (const b of periods) {
      if (a === b) continue;
      const comparison = correctComparison(
        suppressComparison(
          presentComparison(questions, a.view.counts, b.view.counts, [...districts]),
          a.body,
          b.body,
        ),
      );
      observation.comparisons.push({
        a: a.units,
        b: b.units,
        questions: comparison.questions as Observation["comparisons"][number]["questions"],
        indices: comparison.indices,
      });
    }
  return observation;
}
