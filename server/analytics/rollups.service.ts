import { lastDayOf } from "@shared/periods.js";
import type { Token } from "./counts-cache.js";
import type { RollupCounts } from "./rollup.model.js";
import { mergeCounts, readRollups, type Selection } from "./rollup-store.js";
import { UNIT_VIEW_ROLLUPS } from "./unit-rollups.js";

/**
 * What stored responses add to the rollups is written with their group-commit batch: a delta
 * per survey opened before the responses are inserted and settled after (the write intent, see
 * server/responses/write-intents.ts). Readers see a settled delta at once; the compactor folds
 * it into the rollup documents shortly after.
 */
export { readToken, tokenKey, type Token } from "./counts-cache.js";
export type { RollupCounts } from "./rollup.model.js";
export { parseUnitViewSegment } from "./unit-rollups.js";
export {
  compactRollups,
  mergeCounts,
  migrateToPacks,
  openDeltas,
  planDeltas,
  readRollups,
  settleDelta,
  startCompactor,
  unsettledDelta,
  unsettledDeltas,
  type CountedResponse,
  type DeltaSource,
  type OpenDelta,
  type UnsettledDelta,
} from "./rollup-store.js";

export interface RollupQuery {
  surveyId: string;
  segment: string;
  /** Inclusive local dates; without them the all-time rollup is read. */
  from?: string;
  to?: string;
  /** The rollup state the caller read for this request (see counts-cache.ts). */
  token?: Token;
}

/**
 * Which rollup periods make up a range of local days: a month wholly inside the range is read
 * from its one month document rather than from up to 31 day documents (it holds exactly their
 * sum), so a month or a wave costs one read; days are read only at a ragged start or end.
 */
function dayRange(from?: string, to?: string): (period: string) => boolean {
  if (!from && !to) return (period) => period === "all";
  const low = from ?? "0000-00-00";
  const high = to ?? "9999-12-31";
  const wholeMonth = (month: string): boolean => `${month}-01` >= low && lastDayOf(month) <= high;
  return (period) => {
    if (period.startsWith("m:")) return wholeMonth(period.slice(2));
    if (!period.startsWith("d:")) return false;
    const day = period.slice(2);
    return day >= low && day <= high && !wholeMonth(day.slice(0, 7));
  };
}

/** The rollups `readCounts` adds up. */
export function countsSelection(query: RollupQuery): Selection {
  return {
    segment: (s) => s === query.segment,
    period: dayRange(query.from, query.to),
    key: JSON.stringify(["counts", query.segment, query.from ?? null, query.to ?? null]),
  };
}

/** The merged counts for a survey, one segment, over all time or a range of days. */
export async function readCounts(query: RollupQuery): Promise<RollupCounts> {
  return mergeCounts([...(await readRollups(query.surveyId, countsSelection(query), query.token)).values()]);
}

/** Rollups of one interval kind ("w" or "m"), oldest first. */
export async function readSeries(surveyId: string, segment: string, prefix: "w" | "m") {
  const view = await readRollups(surveyId, {
    segment: (s) => s === segment,
    period: (p) => p.startsWith(`${prefix}:`),
    key: JSON.stringify(["series", segment, prefix]),
  });
  return (
    [...view]
      // A copy: the view's counts are shared with the cache.
      .map(([key, counts]) => ({ period: key.slice(key.lastIndexOf("|") + 1), ...structuredClone(counts) }))
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
  );
}

/**
 * Counts per weighting cell (segments `cell:<key>`), over all time or a range of whole months
 * (`YYYY-MM`, inclusive), for every district or one. The cells of a district and period come
 * from one pack (cell-packs.ts): a read fetches districts × months documents at most, and its
 * cost follows the number of cells, never the number of responses.
 */
export async function readCellCounts(query: {
  surveyId: string;
  district?: string;
  fromMonth?: string;
  toMonth?: string;
  token?: Token;
}): Promise<Map<string, RollupCounts>> {
  // A cell key starts with its district: `cell:D1|…`.
  const prefix = query.district ? `cell:${query.district}|` : "cell:";
  const ranged = Boolean(query.fromMonth || query.toMonth);
  const low = `m:${query.fromMonth ?? "0000-00"}`;
  const high = `m:${query.toMonth ?? "9999-99"}`;
  const view = await readRollups(
    query.surveyId,
    {
      segment: (s) => s.startsWith(prefix),
      period: (p) => (ranged ? p.startsWith("m:") && p >= low && p <= high : p === "all"),
      key: JSON.stringify(["cells", prefix, ranged ? low : null, ranged ? high : null]),
    },
    query.token,
  );
  const byCell = new Map<string, RollupCounts[]>();
  for (const [key, counts] of view) {
    const cell = key.slice("cell:".length, key.lastIndexOf("|"));
    const list = byCell.get(cell) ?? [];
    list.push(counts);
    byCell.set(cell, list);
  }
  return new Map([...byCell].map(([cell, list]) => [cell, mergeCounts(list)]));
}

/**
 * The unit views' rollups of one survey (unit-rollups.ts), all time, keyed by segment: one
 * small document per unit, officer and badge, read by `_id`.
 */
export async function readUnitViewCounts(
  surveyId: string,
  token?: Token,
): Promise<Map<string, RollupCounts>> {
  const view = await readRollups(surveyId, UNIT_VIEW_ROLLUPS, token);
  return new Map([...view].map(([key, counts]) => [key.slice(0, key.lastIndexOf("|")), counts]));
}
