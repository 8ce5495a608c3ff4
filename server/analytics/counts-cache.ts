import type { RollupCounts } from "./rollup.model.js";
import { RollupCatalogModel, RollupDeltaModel, type CatalogDoc } from "./rollup.model.js";

/**
 * Rollup views (the merged counts a selection of one survey's rollups adds up to) kept in this
 * process, keyed by the state of the survey's rollups they were read at.
 *
 * That state is the catalog's compaction sequence plus the ids of the settled deltas: the
 * stored counts are a function of it (see `tryRead` in rollup-store.ts), so a view read at a
 * token is exact for as long as the token read now is the same. Reading the token costs two
 * lookups in small collections, where reading the view costs many in a large one.
 *
 * This process also moves its views forward instead of dropping them:
 * - after it stores a delta, the delta's contributions are added and its id joins the token;
 * - after it finishes a compaction, the token takes the new sequence and loses the folded
 *   deltas (the counts are the same, only stored elsewhere).
 * Another process's delta or compaction simply changes the token, and the view is read again.
 */
export interface Token {
  seq: number;
  deltaIds: string[];
}

export const tokenKey = (token: Token): string => `${token.seq}:${[...token.deltaIds].sort().join(",")}`;

/** The state of one survey's rollups as stored now. */
export async function readToken(surveyId: string): Promise<Token> {
  const [catalog, deltas] = await Promise.all([
    RollupCatalogModel.findById(surveyId).select("seq").lean<Pick<CatalogDoc, "seq">>(),
    RollupDeltaModel.find({ survey: surveyId, settled: { $ne: false } })
      .select("_id")
      .lean<Array<{ _id: unknown }>>(),
  ]);
  return { seq: catalog?.seq ?? 0, deltaIds: deltas.map((d) => String(d._id)) };
}

export interface CachedSelection {
  /** Names the selection: equal keys select the same rollups. */
  key: string;
  segment: (segment: string) => boolean;
  period: (period: string) => boolean;
}

interface Entry {
  surveyId: string;
  selection: CachedSelection;
  token: Token;
  view: Map<string, RollupCounts>;
}

const MAX_ENTRIES = 1000;
const entries = new Map<string, Entry>();
/**
 * How cacheable reads went (one count per read, in `readRollups`), for tests and benchmarks:
 * a cache that never hits would pass them silently.
 */
export const countsCacheStats = { hits: 0, misses: 0 };

const entryKey = (surveyId: string, selectionKey: string): string => `${surveyId}\n${selectionKey}`;

/**
 * The cached view for a selection when it was read at `token`. Callers get the stored counts
 * objects themselves and must not change them (every user merges them into new objects).
 */
export function cachedView(
  surveyId: string,
  selection: CachedSelection,
  token: Token,
): Map<string, RollupCounts> | null {
  const entry = entries.get(entryKey(surveyId, selection.key));
  if (!entry || tokenKey(entry.token) !== tokenKey(token)) return null;
  return new Map(entry.view);
}

export function rememberView(
  surveyId: string,
  selection: CachedSelection,
  token: Token,
  view: Map<string, RollupCounts>,
): void {
  const key = entryKey(surveyId, selection.key);
  entries.delete(key); // re-inserted last: the Map's order is the eviction order
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, { surveyId, selection, token, view: new Map(view) });
}

/** Whether any view of the survey is cached (else a stored delta needs no work here). */
export function hasViews(surveyId: string): boolean {
  for (const entry of entries.values()) if (entry.surveyId === surveyId) return true;
  return false;
}

function entriesOf(surveyId: string): Entry[] {
  return [...entries.values()].filter((entry) => entry.surveyId === surveyId);
}

/** One stored delta's additions, already split by rollup (segment, period). */
export interface Contribution {
  segment: string;
  period: string;
  counts: RollupCounts;
}

/**
 * This process stored a delta: every view of the survey moves to the token that includes it.
 * A view that also lacks another process's delta keeps an incomplete token and is read again.
 */
export function addDeltaToViews(
  surveyId: string,
  deltaId: string,
  contributions: Contribution[],
  merge: (parts: RollupCounts[]) => RollupCounts,
): void {
  for (const entry of entriesOf(surveyId)) {
    if (entry.token.deltaIds.includes(deltaId)) continue;
    for (const { segment, period, counts } of contributions) {
      if (!entry.selection.segment(segment) || !entry.selection.period(period)) continue;
      const key = `${segment}|${period}`;
      const current = entry.view.get(key);
      // New objects, never edits: a caller may still hold the previous ones.
      entry.view.set(key, current ? merge([current, counts]) : merge([counts]));
    }
    entry.token = { seq: entry.token.seq, deltaIds: [...entry.token.deltaIds, deltaId] };
  }
}

/**
 * This process finished compaction `seq` of `folded` deltas. A view read just before it (or
 * while it ran, its catalog already written) holds the same counts under the new token.
 */
export function compactionFinished(surveyId: string, seq: number, folded: string[]): void {
  const gone = new Set(folded);
  for (const entry of entriesOf(surveyId)) {
    const { token } = entry;
    const before = token.seq === seq - 1 || token.seq === seq;
    if (!before || !folded.every((id) => token.deltaIds.includes(id))) {
      entries.delete(entryKey(surveyId, entry.selection.key));
      continue;
    }
    entry.token = { seq, deltaIds: token.deltaIds.filter((id) => !gone.has(id)) };
  }
}

export function clearCountsCache(): void {
  entries.clear();
}
