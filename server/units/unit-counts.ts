import { INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import type { Moments } from "@shared/statistics.js";
import {
  parseUnitViewSegment,
  readUnitViewCounts,
  type RollupCounts,
  type Token,
} from "@server/analytics/rollups.service.js";
import type { UnitTable } from "@server/disclosure/unit-views.js";

export type ScoreMoments = Partial<Record<IndexKey, Moments>>;

/** A group's responses and the moments of their index scores. */
export interface GroupCounts {
  n: number;
  scores: ScoreMoments;
}

/** One survey's unit views as counted: the survey, each unit (with its officers) and each badge. */
export interface UnitCounts {
  all: GroupCounts;
  units: Map<string, GroupCounts & { officers: Map<string, GroupCounts> }>;
  /** Each officer over all their units (and responses that name an officer but no unit). */
  badges: Map<string, GroupCounts>;
}

function groupOf(counts: RollupCounts): GroupCounts {
  const scores: ScoreMoments = {};
  for (const index of INDEX_KEYS) {
    const moments = counts.x[index] as { n?: number; s?: number; q?: number } | undefined;
    if (moments?.n) scores[index] = { n: moments.n, sum: moments.s ?? 0, sumSq: moments.q ?? 0 };
  }
  return { n: counts.n, scores };
}

const byKey = <T>(entries: Array<[string, T]>): Map<string, T> =>
  new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** One survey's unit views from their rollups (by `_id`: a document per unit, officer and badge). */
export async function readUnitCounts(surveyId: string, token?: Token): Promise<UnitCounts> {
  const units: Array<[string, GroupCounts]> = [];
  const officers = new Map<string, Array<[string, GroupCounts]>>();
  const badges: Array<[string, GroupCounts]> = [];
  let all: GroupCounts = { n: 0, scores: {} };
  for (const [segment, counts] of await readUnitViewCounts(surveyId, token)) {
    const parsed = parseUnitViewSegment(segment);
    if (!parsed || counts.n <= 0) continue;
    const group = groupOf(counts);
    if (parsed.kind === "all") all = group;
    else if (parsed.kind === "unit") units.push([parsed.unit, group]);
    else if (parsed.kind === "badge") badges.push([parsed.officer, group]);
    else {
      const list = officers.get(parsed.unit) ?? [];
      list.push([parsed.officer, group]);
      officers.set(parsed.unit, list);
    }
  }
  return {
    all,
    units: byKey(
      units.map(([unit, group]) => [unit, { ...group, officers: byKey(officers.get(unit) ?? []) }]),
    ),
    badges: byKey(badges),
  };
}

/** Responses per unit and per officer within a unit: what the disclosure step protects. */
export function unitTableOf(counts: UnitCounts): UnitTable {
  return {
    total: counts.all.n,
    units: new Map(
      [...counts.units].map(([unit, { n, officers }]) => [
        unit,
        { n, officers: new Map([...officers].map(([officer, group]) => [officer, group.n])) },
      ]),
    ),
  };
}
