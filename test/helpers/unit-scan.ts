import mongoose from "mongoose";
import { INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import { shrinkGroupMeans, type GroupEstimate } from "@shared/shrinkage.js";
import type { Moments } from "@shared/statistics.js";
import { SUPPRESSED } from "@shared/suppression.js";
import { officerCell, protectUnitTable, type UnitTable } from "@server/disclosure/unit-views.js";

/**
 * The unit views as they were computed before they had rollups: one scan of the survey's
 * stored responses (unit, officer, scores), kept here as the oracle the rollup-based views
 * must equal. The benchmark times it against them.
 */
interface Scored {
  unit: string | null;
  officer: string | null;
  scores: Record<string, number>;
}

export async function scanUnitScored(db: mongoose.mongo.Db, surveyId: string): Promise<Scored[]> {
  const docs = await db
    .collection("responses")
    .find(
      { survey: new mongoose.Types.ObjectId(surveyId) },
      { projection: { _id: 0, unit: 1, officer: 1, scores: 1 } },
    )
    .toArray();
  return docs.map((doc) => ({
    unit: (doc["unit"] as string | null | undefined) ?? null,
    officer: (doc["officer"] as string | null | undefined) ?? null,
    scores: (doc["scores"] as Record<string, number> | undefined) ?? {},
  }));
}

function tableOf(responses: readonly Scored[]): UnitTable {
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

type Indices = Partial<Record<IndexKey, GroupEstimate>>;

function estimatesBy(
  responses: readonly Scored[],
  groupOf: (r: Scored) => string | null,
  shown: (group: string) => boolean,
  minimumN: number,
): { byGroup: Map<string, Indices>; agencyMean: Partial<Record<IndexKey, number>> } {
  const byGroup = new Map<string, Indices>();
  const agencyMean: Partial<Record<IndexKey, number>> = {};
  const add = (m: Moments, x: number): void => {
    m.n += 1;
    m.sum += x;
    m.sumSq += x * x;
  };
  for (const index of INDEX_KEYS) {
    const agency: Moments = { n: 0, sum: 0, sumSq: 0 };
    const groups = new Map<string, Moments>();
    for (const r of responses) {
      const score = r.scores[index];
      if (typeof score !== "number") continue;
      add(agency, score);
      const group = groupOf(r);
      if (group === null || !shown(group)) continue;
      const m = groups.get(group) ?? { n: 0, sum: 0, sumSq: 0 };
      add(m, score);
      groups.set(group, m);
    }
    const fit = shrinkGroupMeans(groups, agency);
    if (!fit) continue;
    if (agency.n >= minimumN) agencyMean[index] = Math.round(fit.agencyMean * 10) / 10;
    for (const [group, estimate] of fit.estimates)
      byGroup.set(group, { ...byGroup.get(group), [index]: estimate });
  }
  return { byGroup, agencyMean };
}

/** Every unit's body as `GET /api/v1/units/:unit/results` answered it (without `survey`). */
export async function scannedUnitViews(db: mongoose.mongo.Db, surveyId: string, k: number) {
  const responses = await scanUnitScored(db, surveyId);
  const table = tableOf(responses);
  const release = await protectUnitTable(table, k);
  const units = estimatesBy(
    responses,
    (r) => r.unit,
    (u) => !release.hiddenUnits.has(u),
    k,
  );
  const officers = estimatesBy(
    responses,
    (r) => (r.unit !== null && r.officer !== null ? officerCell(r.unit, r.officer) : null),
    (cell) => !release.hiddenOfficers.has(cell),
    k,
  );
  const bodyOf = (unit: string) => {
    const entry = table.units.get(unit);
    const hidden = !entry || release.hiddenUnits.has(unit);
    return {
      unit,
      minimumN: k,
      agencyMean: units.agencyMean,
      n: hidden ? SUPPRESSED : entry.n,
      indices: hidden ? {} : (units.byGroup.get(unit) ?? {}),
      officers: hidden
        ? []
        : [...entry.officers]
            .map(([officer, n]) => {
              const cell = officerCell(unit, officer);
              const off = release.hiddenOfficers.has(cell);
              return {
                officer,
                n: off ? SUPPRESSED : n,
                indices: off ? {} : (officers.byGroup.get(cell) ?? {}),
              };
            })
            .sort((a, b) => a.officer.localeCompare(b.officer)),
    };
  };
  return { units: [...table.units.keys()].sort(), bodyOf, responses };
}

/** An officer's own feedback body (`feedback` of `GET /api/v1/officers/me/feedback`, without `survey`). */
export async function scannedOfficerFeedback(
  db: mongoose.mongo.Db,
  surveyId: string,
  badge: string,
  k: number,
) {
  const responses = await scanUnitScored(db, surveyId);
  const counts = new Map<string, number>();
  for (const r of responses) if (r.officer !== null) counts.set(r.officer, (counts.get(r.officer) ?? 0) + 1);
  const shown = (officer: string): boolean => (counts.get(officer) ?? 0) >= k;
  const { byGroup, agencyMean } = estimatesBy(responses, (r) => r.officer, shown, k);
  return {
    agencyMean,
    n: shown(badge) ? (counts.get(badge) ?? 0) : SUPPRESSED,
    indices: shown(badge) ? (byGroup.get(badge) ?? {}) : {},
  };
}
