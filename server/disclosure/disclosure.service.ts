import { lastDayOf } from "@shared/periods.js";
import type { Agency } from "@server/accounts/accounts.service.js";
import type { Token } from "@server/analytics/counts-cache.js";
import { beginRead, cachedResults, type ReadStart } from "@server/analytics/results-cache.js";
import { emptyCounts, mergeCounts } from "@server/analytics/rollup-store.js";
import { readRollups } from "@server/analytics/rollups.service.js";
import type { RollupCounts } from "@server/analytics/rollup.model.js";
import type { Question, Survey } from "@server/surveys/surveys.service.js";
import { ALL_UNIT, districtUnit, monthUnit, surveyStructure, unitFigures, type UnitId } from "./figures.js";
import type { HiddenFigures } from "./present.js";
import { protectRelease, type Release } from "./protect.js";

/**
 * The one disclosure-control step for every view below the analyst role: the survey's
 * protected release (protect.ts), read from rollups and kept per rollup state like results
 * bodies, and the rule that maps a requested view onto it.
 */

/** Why a view is not offered outside the analyst role; each names what is offered instead. */
export const REFUSALS = {
  combined:
    "Outside the analyst role, results are filtered by one district or by whole months, not both: the overlap of two filters is a group small enough to be worked out by subtraction.",
  partialMonths:
    "Outside the analyst role, dates are whole months (from the 1st to the last day of a month): other ranges could be subtracted from each other to single out a few days.",
  weekly:
    "Outside the analyst role, trends are by month: weeks cut across months and could be subtracted from them.",
  districtTrend:
    "Outside the analyst role, trends cover every district: a district's months could be subtracted from the district's total.",
} as const;

export type Scope =
  { unit: UnitId } | { months: { from: string | null; to: string | null } } | { refused: string };

const MONTH_START = /^(\d{4}-\d{2})-01$/;

/** The unit (or months) a filtered view covers, or why it is not offered outside the analyst role. */
export function viewScope(filter: {
  district?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): Scope {
  const ranged = Boolean(filter.from || filter.to);
  if (filter.district && ranged) return { refused: REFUSALS.combined };
  if (filter.district) return { unit: districtUnit(filter.district) };
  if (!ranged) return { unit: ALL_UNIT };
  const from = filter.from ? (MONTH_START.exec(filter.from)?.[1] ?? null) : null;
  const to = filter.to ? filter.to.slice(0, 7) : null;
  if ((filter.from && !from) || (filter.to && (!to || lastDayOf(to) !== filter.to)))
    return { refused: REFUSALS.partialMonths };
  return { months: { from, to } };
}

/** The months of the release a range covers. */
export function monthsIn(release: Release, range: { from: string | null; to: string | null }): UnitId[] {
  return [...release.values.keys()].filter((unit) => {
    if (!unit.startsWith("month:")) return false;
    const month = unit.slice("month:".length);
    return (!range.from || month >= range.from) && (!range.to || month <= range.to);
  });
}

/**
 * The figures hidden in a view: a unit's own, or for a range of months every figure any of its
 * months hides (its figures are sums of theirs, so it shows nothing they do not).
 */
export function hiddenIn(
  release: Release,
  scope: { unit: UnitId } | { months: { from: string | null; to: string | null } },
): HiddenFigures {
  if ("unit" in scope) return release.hidden.get(scope.unit) ?? new Set<string>();
  const hidden = new Set<string>();
  for (const unit of monthsIn(release, scope.months))
    for (const key of release.hidden.get(unit) ?? []) hidden.add(key);
  return hidden;
}

/** The merged counts of every unit: the whole, each district (all time), each month (all districts). */
async function unitCounts(surveyId: string, districts: string[], token: Token | undefined) {
  const wanted = new Set(["all", ...districts.map((d) => `district:${d}`)]);
  const view = await readRollups(
    surveyId,
    {
      segment: (s) => wanted.has(s),
      period: (p) => p === "all" || p.startsWith("m:"),
      key: JSON.stringify(["release", [...wanted]]),
    },
    token,
  );
  const units = new Map<UnitId, RollupCounts>();
  units.set(ALL_UNIT, emptyCounts());
  for (const code of districts) units.set(districtUnit(code), emptyCounts());
  for (const [key, counts] of view) {
    const [segment, period] = [key.slice(0, key.lastIndexOf("|")), key.slice(key.lastIndexOf("|") + 1)];
    if (period === "all" && segment === "all") units.set(ALL_UNIT, counts);
    else if (period === "all") units.set(segment, counts);
    else if (segment === "all" && counts.n > 0) units.set(monthUnit(period.slice(2)), counts);
  }
  return units;
}

/** A release with the counts it was made from, so a view shows exactly the state it protects. */
export interface ProtectedRelease {
  release: Release;
  counts: Map<UnitId, RollupCounts>;
}

/** The protected release of a survey for viewers below the analyst role, at the rollup state read. */
export async function surveyRelease(
  survey: Survey,
  agency: Agency,
  fingerprint: string,
  start: ReadStart = beginRead(String(survey._id)),
): Promise<ProtectedRelease> {
  const surveyId = String(survey._id);
  const districts = agency.districts.map((d) => d.code);
  const compute = async (): Promise<ProtectedRelease> =>
    buildRelease(
      survey.questions,
      districts,
      agency.suppressionThreshold,
      await unitCounts(surveyId, districts, await start.state),
    );
  return cachedResults({ surveyId, viewer: "release", filter: {}, fingerprint }, compute, start, {
    shared: true,
  });
}

/** A view's counts and hidden figures from the release, or why it is not offered. */
export async function protectedView(
  survey: Survey,
  agency: Agency,
  fingerprint: string,
  filter: ViewFilter,
  start?: ReadStart,
): Promise<ProtectedView> {
  const scope = viewScope(filter);
  if ("refused" in scope) return scope;
  return viewOf(await surveyRelease(survey, agency, fingerprint, start), filter);
}

/** Every month with responses, oldest first, with its counts and hidden figures. */
export async function protectedMonths(survey: Survey, agency: Agency, fingerprint: string) {
  return monthsOf(await surveyRelease(survey, agency, fingerprint));
}

export type ViewFilter = {
  district?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};
export type ProtectedView = { refused: string } | { counts: RollupCounts; hidden: HiddenFigures };

/** The counts and hidden figures of a filtered view, read off a release. */
export function viewOf({ release, counts }: ProtectedRelease, filter: ViewFilter): ProtectedView {
  const scope = viewScope(filter);
  if ("refused" in scope) return scope;
  const units = "unit" in scope ? [scope.unit] : monthsIn(release, scope.months);
  return {
    counts: mergeCounts(units.map((unit) => counts.get(unit) ?? emptyCounts())),
    hidden: hiddenIn(release, scope),
  };
}

/** The release's months, oldest first. */
export function monthsOf({ release, counts }: ProtectedRelease) {
  return monthsIn(release, { from: null, to: null })
    .sort()
    .map((unit) => ({
      month: unit.slice("month:".length),
      counts: counts.get(unit)!,
      hidden: release.hidden.get(unit) ?? new Set<string>(),
    }));
}

/** Protects the counts of every unit of a survey (the whole, each district, each month). */
export async function buildRelease(
  questions: Question[],
  districts: string[],
  k: number,
  counts: Map<UnitId, RollupCounts>,
): Promise<ProtectedRelease> {
  const structure = surveyStructure(questions, districts);
  const units = new Map(
    [...counts].map(([unit, c]) => [unit, unitFigures(structure, questions, c)] as const),
  );
  return { release: await protectRelease({ questions, districts, k, units }), counts };
}
