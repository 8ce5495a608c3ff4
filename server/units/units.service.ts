import { DEFAULT_UNIT_MINIMUM_N, roleAtLeast } from "@shared/accounts.js";
import { INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import { shrinkGroupMeans, type GroupEstimate } from "@shared/shrinkage.js";
import type { Moments } from "@shared/statistics.js";
import {
  findAgencyById,
  findUser,
  type Agency,
  type StaffContext,
} from "@server/accounts/accounts.service.js";
import { commendationsOf } from "@server/commendations/commendations.service.js";
import { officerCell, protectUnitTable, type UnitRelease } from "@server/disclosure/unit-views.js";
import { readToken, tokenKey, type Token } from "@server/analytics/rollups.service.js";
import { AppError, forbidden, notFound } from "@server/platform/errors.js";
import { getSurvey, listSurveys, surveyTitle, type Survey } from "@server/surveys/surveys.service.js";
import { readUnitCounts, unitTableOf, type GroupCounts, type ScoreMoments } from "./unit-counts.js";

/**
 * Feedback by dispatch unit and officer. Figures are computed from the unit views' rollups
 * (counts and index moments per unit, officer and badge, kept at write time from the unit and
 * officer each response copies from its invitation: server/analytics/unit-rollups.ts),
 * protected by the unit disclosure step (server/disclosure/unit-views.ts: nothing under the
 * agency's `unitMinimumN`, complementary hiding, audited) and shown as empirical Bayes
 * estimates shrunk toward the agency mean (shared/shrinkage.ts). Lists are ordered by unit or badge, never by score.
 */

export const unitMinimumN = (agency: Agency): number => agency.unitMinimumN ?? DEFAULT_UNIT_MINIMUM_N;

/** One group's figures: its responses (when shown) and its shrunk estimate per index. */
export interface GroupFigures {
  n: number | null;
  indices: Partial<Record<IndexKey, GroupEstimate>>;
}

export interface UnitResults {
  survey: Survey;
  unit: string;
  k: number;
  agencyMean: Partial<Record<IndexKey, number>>;
  figures: GroupFigures;
  officers: Array<{ officer: string; figures: GroupFigures }>;
}

/** The units the caller may open: a supervisor's own, every unit with responses for analysts and up. */
async function visibleUnits(staff: StaffContext): Promise<string[] | "all"> {
  if (roleAtLeast(staff.role, "analyst")) return "all";
  if (staff.role !== "supervisor") throw forbidden("Only supervisors, analysts and admins see unit results.");
  return [...((await findUser(staff.userId)).units ?? [])].sort();
}

/** The agency's post-contact surveys that have been published: what the unit views read. */
async function postContactSurveys(agencyId: string) {
  return (await listSurveys(agencyId))
    .filter((s) => s.kind === "post-contact" && s.status !== "draft")
    .map((s) => ({ id: String(s._id), title: surveyTitle(s) }));
}

/** The units that any survey of the agency has responses from (in its unit rollups). */
async function unitsWithResponses(agencyId: string): Promise<string[]> {
  const units = new Set<string>();
  for (const survey of await listSurveys(agencyId)) {
    if (survey.status === "draft") continue;
    for (const unit of (await readUnitCounts(String(survey._id))).units.keys()) units.add(unit);
  }
  return [...units].sort();
}

/** The units the caller may open, with the agency's post-contact surveys to open them for. */
export async function listUnits(staff: StaffContext) {
  const scope = await visibleUnits(staff);
  const units = scope === "all" ? await unitsWithResponses(staff.agencyId) : scope;
  const agency = await findAgencyById(staff.agencyId);
  return { units, surveys: await postContactSurveys(staff.agencyId), k: unitMinimumN(agency) };
}

/**
 * Shrunk estimates per index for the groups shown, against the agency mean of every response's
 * score. That mean is given out only when it rests on at least `minimumN` scores: a unit role
 * must not watch a survey of a handful of answers move.
 */
function estimatesOf(
  agency: ScoreMoments,
  groups: ReadonlyMap<string, GroupCounts>,
  shown: (group: string) => boolean,
  minimumN: number,
): { byGroup: Map<string, GroupFigures["indices"]>; agencyMean: UnitResults["agencyMean"] } {
  const byGroup = new Map<string, GroupFigures["indices"]>();
  const agencyMean: UnitResults["agencyMean"] = {};
  for (const index of INDEX_KEYS) {
    const shownGroups = new Map<string, Moments>();
    for (const [group, counts] of groups) {
      const moments = counts.scores[index];
      if (moments && shown(group)) shownGroups.set(group, moments);
    }
    const all = agency[index] ?? { n: 0, sum: 0, sumSq: 0 };
    const fit = shrinkGroupMeans(shownGroups, all);
    if (!fit) continue;
    if (all.n >= minimumN) agencyMean[index] = Math.round(fit.agencyMean * 10) / 10;
    for (const [group, estimate] of fit.estimates) {
      const entry = byGroup.get(group) ?? {};
      entry[index] = estimate;
      byGroup.set(group, entry);
    }
  }
  return { byGroup, agencyMean };
}

/** A survey of the caller's agency that the unit views can read (another agency's is "not found"). */
async function unitSurvey(staff: StaffContext, surveyId: string): Promise<Survey> {
  const survey = await getSurvey(staff.agencyId, surveyId);
  if (survey.status === "draft") throw notFound("survey");
  return survey;
}

/**
 * Reading a survey's unit rollups (hundreds of documents at a large agency) and the
 * protection step's linear programs cost about ten times what reading the rollups' state
 * costs (its compaction sequence and pending deltas: docs/PERFORMANCE.md "Unit views"), so one
 * computation serves every reader while that state and the agency's minimum stay the same.
 * Every process sees every change that way, its own or another's.
 */
const viewsCache = new Map<string, { state: string; views: Promise<ProtectedUnitViews> }>();

type ProtectedUnitViews = Awaited<ReturnType<typeof computeUnitViews>>;

/** Drops every computed unit view (benchmarks measure a first read after a start with it). */
export function forgetUnitViews(): void {
  viewsCache.clear();
}

/** Every unit's and officer's protected figures for one survey: what any unit view shows. */
export async function unitViews(survey: Survey, agency: Agency) {
  const id = String(survey._id);
  const k = unitMinimumN(agency);
  const token = await readToken(id);
  const state = `${k}@${tokenKey(token)}`;
  let cached = viewsCache.get(id);
  if (cached?.state !== state) {
    const views = computeUnitViews(id, k, token);
    cached = { state, views };
    viewsCache.set(id, cached);
    // A failed computation is not kept.
    views.catch(() => viewsCache.get(id)?.views === views && viewsCache.delete(id));
  }
  const views = await cached.views;
  return { ...views, resultsOf: (unit: string): UnitResults => ({ survey, ...views.resultsOf(unit) }) };
}

export type UnitViews = Awaited<ReturnType<typeof unitViews>>;

async function computeUnitViews(surveyId: string, k: number, token: Token) {
  const counts = await readUnitCounts(surveyId, token);
  const table = unitTableOf(counts);
  const release: UnitRelease = await protectUnitTable(table, k);
  const units = estimatesOf(counts.all.scores, counts.units, (unit) => !release.hiddenUnits.has(unit), k);
  const officerGroups = new Map<string, GroupCounts>();
  for (const [unit, { officers }] of counts.units)
    for (const [officer, group] of officers) officerGroups.set(officerCell(unit, officer), group);
  const officers = estimatesOf(
    counts.all.scores,
    officerGroups,
    (cell) => !release.hiddenOfficers.has(cell),
    k,
  );
  const figuresOfUnit = (unit: string): UnitResults["officers"] => {
    const entry = table.units.get(unit);
    return [...(entry?.officers ?? new Map<string, number>())]
      .map(([officer, n]) => {
        const cell = officerCell(unit, officer);
        const hidden = release.hiddenOfficers.has(cell);
        return {
          officer,
          figures: { n: hidden ? null : n, indices: hidden ? {} : (officers.byGroup.get(cell) ?? {}) },
        };
      })
      .sort((a, b) => a.officer.localeCompare(b.officer));
  };
  const resultsOf = (unit: string): Omit<UnitResults, "survey"> => {
    const entry = table.units.get(unit);
    const hidden = !entry || release.hiddenUnits.has(unit);
    return {
      unit,
      k,
      agencyMean: units.agencyMean,
      figures: { n: hidden ? null : entry.n, indices: hidden ? {} : (units.byGroup.get(unit) ?? {}) },
      officers: hidden ? [] : figuresOfUnit(unit),
    };
  };
  return { table, release, resultsOf, k };
}

/** One unit's figures and its officers' for a survey, if the caller may see that unit. */
export async function unitResults(staff: StaffContext, unit: string, surveyId: string): Promise<UnitResults> {
  const scope = await visibleUnits(staff);
  if (scope !== "all" && !scope.includes(unit)) throw forbidden("This unit is not one of your units.");
  const survey = await unitSurvey(staff, surveyId);
  const views = await unitViews(survey, await findAgencyById(staff.agencyId));
  return views.resultsOf(unit);
}

/**
 * The signed-in officer's own feedback (all their units together) and commendations. Their
 * figures are shown at the same minimum as a supervisor's, so an officer cannot read the
 * answers of the one or two residents they met.
 */
export async function officerFeedback(staff: StaffContext, surveyId: string | undefined) {
  const user = await findUser(staff.userId);
  const badge = user.badge ?? null;
  if (!badge)
    throw new AppError(
      404,
      "no_badge",
      "No badge is linked to this account; an admin links one on the staff page.",
    );
  const agency = await findAgencyById(staff.agencyId);
  const k = unitMinimumN(agency);
  let feedback: { survey: Survey; figures: GroupFigures; agencyMean: UnitResults["agencyMean"] } | null =
    null;
  if (surveyId !== undefined) {
    const survey = await unitSurvey(staff, surveyId);
    const counts = await readUnitCounts(String(survey._id));
    const shown = (officer: string): boolean => (counts.badges.get(officer)?.n ?? 0) >= k;
    const { byGroup, agencyMean } = estimatesOf(counts.all.scores, counts.badges, shown, k);
    const n = counts.badges.get(badge)?.n ?? 0;
    feedback = {
      survey,
      agencyMean,
      figures: { n: shown(badge) ? n : null, indices: shown(badge) ? (byGroup.get(badge) ?? {}) : {} },
    };
  }
  return {
    badge,
    k,
    surveys: await postContactSurveys(staff.agencyId),
    feedback,
    commendations: await commendationsOf(staff.agencyId, badge),
  };
}
