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
import {
  officerCell,
  protectUnitTable,
  type UnitRelease,
  type UnitTable,
} from "@server/disclosure/unit-views.js";
import { AppError, forbidden, notFound } from "@server/platform/errors.js";
import { domainEvents } from "@server/platform/events.js";
import {
  unitScoredResponses,
  unitsWithResponses,
  type UnitScored,
} from "@server/responses/responses.service.js";
import { getSurvey, listSurveys, surveyTitle, type Survey } from "@server/surveys/surveys.service.js";

/**
 * Feedback by dispatch unit and officer. Figures are computed from the stored responses that
 * carry a unit (copied from their invitation), protected by the unit disclosure step
 * (server/disclosure/unit-views.ts: nothing under the agency's `unitMinimumN`, complementary
 * hiding, audited) and shown as empirical Bayes estimates shrunk toward the agency mean
 * (shared/shrinkage.ts). Lists are ordered by unit or badge, never by score.
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

/** The units the caller may open, with the agency's post-contact surveys to open them for. */
export async function listUnits(staff: StaffContext) {
  const scope = await visibleUnits(staff);
  const units = scope === "all" ? await unitsWithResponses(staff.agencyId) : scope;
  const agency = await findAgencyById(staff.agencyId);
  return { units, surveys: await postContactSurveys(staff.agencyId), k: unitMinimumN(agency) };
}

const emptyMoments = (): Moments => ({ n: 0, sum: 0, sumSq: 0 });
const add = (m: Moments, x: number): void => {
  m.n += 1;
  m.sum += x;
  m.sumSq += x * x;
};

/** Responses per unit and per officer within a unit. */
export function unitTableOf(responses: readonly UnitScored[]): UnitTable {
  const table: UnitTable = { total: responses.length, units: new Map() };
  for (const r of responses) {
    if (r.unit === null) continue;
    const entry = table.units.get(r.unit) ?? { n: 0, officers: new Map<string, number>() };
    entry.n += 1;
    if (r.officer !== null) entry.officers.set(r.officer, (entry.officers.get(r.officer) ?? 0) + 1);
    table.units.set(r.unit, entry);
  }
  return table;
}

/**
 * Shrunk estimates per index for the groups `groupOf` assigns (shown ones only), against the
 * agency mean of every response's score. That mean is given out only when it rests on at least
 * `minimumN` scores: a unit role must not watch a survey of a handful of answers move.
 */
function estimatesBy(
  responses: readonly UnitScored[],
  groupOf: (r: UnitScored) => string | null,
  shown: (group: string) => boolean,
  minimumN: number,
): { byGroup: Map<string, GroupFigures["indices"]>; agencyMean: UnitResults["agencyMean"] } {
  const byGroup = new Map<string, GroupFigures["indices"]>();
  const agencyMean: UnitResults["agencyMean"] = {};
  for (const index of INDEX_KEYS) {
    const agency = emptyMoments();
    const groups = new Map<string, Moments>();
    for (const r of responses) {
      const score = r.scores[index];
      if (typeof score !== "number") continue;
      add(agency, score);
      const group = groupOf(r);
      if (group === null || !shown(group)) continue;
      const m = groups.get(group) ?? emptyMoments();
      add(m, score);
      groups.set(group, m);
    }
    const fit = shrinkGroupMeans(groups, agency);
    if (!fit) continue;
    if (agency.n >= minimumN) agencyMean[index] = Math.round(fit.agencyMean * 10) / 10;
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
 * The unit views read every response of a survey (a scan: about 2 s at 5,000 responses and
 * 11 s at 20,000 on the embedded engine, see docs/API.md), so one computation serves every reader until a response
 * is stored for the survey (this process hears of every one, through the event relay with
 * several processes) or the agency's minimum changes; the time limit covers responses deleted
 * by retention.
 */
const VIEWS_TTL_MS = 60_000;
const viewsCache = new Map<string, { k: number; at: number; views: Promise<UnitViews> }>();
domainEvents.on("response.stored", ({ surveyId }) => viewsCache.delete(surveyId));
domainEvents.on("survey.changed", ({ surveyId }) => viewsCache.delete(surveyId));

export type UnitViews = Awaited<ReturnType<typeof computeUnitViews>>;

/** Every unit's and officer's protected figures for one survey: what any unit view shows. */
export function unitViews(survey: Survey, agency: Agency): Promise<UnitViews> {
  const id = String(survey._id);
  const k = unitMinimumN(agency);
  const cached = viewsCache.get(id);
  if (cached && cached.k === k && Date.now() - cached.at < VIEWS_TTL_MS) return cached.views;
  const views = computeUnitViews(survey, k);
  viewsCache.set(id, { k, at: Date.now(), views });
  // A failed computation is not kept.
  views.catch(() => viewsCache.get(id)?.views === views && viewsCache.delete(id));
  return views;
}

async function computeUnitViews(survey: Survey, k: number) {
  const responses = await unitScoredResponses(String(survey._id));
  const table = unitTableOf(responses);
  const release: UnitRelease = await protectUnitTable(table, k);
  const units = estimatesBy(
    responses,
    (r) => r.unit,
    (unit) => !release.hiddenUnits.has(unit),
    k,
  );
  const officers = estimatesBy(
    responses,
    (r) => (r.unit !== null && r.officer !== null ? officerCell(r.unit, r.officer) : null),
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
  const resultsOf = (unit: string): UnitResults => {
    const entry = table.units.get(unit);
    const hidden = !entry || release.hiddenUnits.has(unit);
    return {
      survey,
      unit,
      k,
      agencyMean: units.agencyMean,
      figures: { n: hidden ? null : entry.n, indices: hidden ? {} : (units.byGroup.get(unit) ?? {}) },
      officers: hidden ? [] : figuresOfUnit(unit),
    };
  };
  return { table, release, resultsOf, responses, k };
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
    const responses = await unitScoredResponses(String(survey._id));
    const counts = new Map<string, number>();
    for (const r of responses)
      if (r.officer !== null) counts.set(r.officer, (counts.get(r.officer) ?? 0) + 1);
    const shown = (officer: string): boolean => (counts.get(officer) ?? 0) >= k;
    const { byGroup, agencyMean } = estimatesBy(responses, (r) => r.officer, shown, k);
    const n = counts.get(badge) ?? 0;
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
