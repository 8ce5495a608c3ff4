import { Types } from "mongoose";
import type { Question } from "@shared/survey.js";
import { acquireLease } from "@server/platform/lease.js";
import { runOnce } from "@server/platform/migrations.js";
import { findSurveyById } from "@server/surveys/surveys.service.js";
import {
  addDeltaToViews,
  cachedView,
  compactionFinished,
  countsCacheStats,
  hasViews,
  readToken,
  rememberView,
  type Contribution,
  type Token,
} from "./counts-cache.js";
import { rollupWrites, type RollupSource } from "./rollup-increments.js";
import { unitViewWrites } from "./unit-rollups.js";
import {
  CellPackModel,
  cellTexts,
  encodeCellTexts,
  findCellPacks,
  isCellSegment,
  packedCell,
  packOf,
  unpackedCell,
  writeCellPack,
  type PackedCell,
} from "./cell-packs.js";
import {
  RollupCatalogModel,
  RollupCompactionModel,
  RollupDeltaModel,
  RollupModel,
  rollupId,
  type CatalogDoc,
  type RollupCounts,
  type RollupDoc,
} from "./rollup.model.js";

/** What one stored response adds to rollups, with the survey version its answers follow. */
export interface DeltaSource extends RollupSource {
  version: number;
}

export interface CountedResponse {
  surveyId: string;
  agencyId: string;
  responseId: string;
  source: DeltaSource;
}

interface DeltaDoc {
  _id: Types.ObjectId;
  survey: string;
  agency: string;
  sources: DeltaSource[];
}

/** Only settled deltas count (deltas stored before intents existed carry no flag). */
export const SETTLED = { settled: { $ne: false } };

interface CompactionDoc {
  _id: string;
  survey: string;
  seq: number;
  deltaIds: Types.ObjectId[];
}

export const emptyCounts = (): RollupCounts => ({ n: 0, a: {}, c: {}, m: {}, x: {} });

/** Adds `source` into `target` field by field, nested counts included. */
function addInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === "number") target[key] = ((target[key] as number | undefined) ?? 0) + value;
    else if (value && typeof value === "object") {
      target[key] ??= {};
      addInto(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    }
  }
}

/** Sums rollup counts (a new object; the inputs are left alone). */
export function mergeCounts(documents: Array<Partial<RollupCounts>>): RollupCounts {
  const total = emptyCounts();
  for (const doc of documents) {
    total.n += doc.n ?? 0;
    for (const part of ["a", "c", "m", "x"] as const) addInto(total[part], doc[part] ?? {});
  }
  return total;
}

/** Adds increments on dotted paths into `counts` itself, as `$inc` would: `{"c.q1.4": 2}` adds 2 at c.q1["4"]. */
function addIncrement<T extends RollupCounts>(counts: T, inc: Record<string, number>): T {
  for (const [path, value] of Object.entries(inc)) {
    const keys = path.split(".");
    let node = counts as unknown as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = ((node[keys.at(-1)!] as number | undefined) ?? 0) + value;
  }
  return counts;
}

/** `{"c.q1.4": 2, n: 1}` → `{n: 1, c: {q1: {"4": 2}}, …}`: what `$inc` on dotted paths builds. */
export const expandIncrement = (inc: Record<string, number>): RollupCounts =>
  addIncrement(emptyCounts(), inc);

/** The question set of each survey version, cached: a version's questions never change. */
const versionCache = new Map<string, Question[]>();
async function questionsFor(surveyId: string, version: number): Promise<Question[]> {
  const key = `${surveyId}@${version}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const survey = await findSurveyById(surveyId);
  if (!survey) return [];
  const old = (survey.history ?? []).find((h) => h.version === version);
  const questions = (old?.questions as unknown as Question[] | undefined) ?? survey.questions;
  if (old || version === survey.version) versionCache.set(key, questions);
  return questions;
}

/** Each (segment, period) a source counts in, with what it adds there. */
async function contributions(surveyId: string, source: DeltaSource) {
  return [...rollupWrites(await questionsFor(surveyId, source.version), source), ...unitViewWrites(source)];
}

interface FlatSum {
  period: string;
  segment: string;
  inc: Record<string, number>;
}

/** Adds increments on flat dotted paths: far cheaper than merging nested objects per response. */
function addFlat(
  sums: Map<string, FlatSum>,
  key: string,
  period: string,
  segment: string,
  inc: Record<string, number>,
): void {
  let entry = sums.get(key);
  if (!entry) {
    entry = { period, segment, inc: {} };
    sums.set(key, entry);
  }
  for (const field in inc) entry.inc[field] = (entry.inc[field] ?? 0) + inc[field]!;
}

// Folding thousands of sources is CPU work in this process: let requests in now and then.
const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One write batch's delta for one survey, as opened before its responses are inserted. */
export interface OpenDelta {
  _id: Types.ObjectId;
  survey: string;
  agency: string;
  sources: DeltaSource[];
  /** The response id of each source. */
  ids: string[];
}

/** A write batch's deltas, one per survey, with their ids chosen here (not yet stored). */
export function planDeltas(responses: CountedResponse[]): OpenDelta[] {
  const bySurvey = new Map<string, OpenDelta>();
  for (const { surveyId, agencyId, responseId, source } of responses) {
    let delta = bySurvey.get(surveyId);
    if (!delta) {
      delta = { _id: new Types.ObjectId(), survey: surveyId, agency: agencyId, sources: [], ids: [] };
      bySurvey.set(surveyId, delta);
    }
    delta.sources.push(source);
    delta.ids.push(responseId);
  }
  return [...bySurvey.values()];
}

/**
 * Opens the intent record of a write batch: its deltas inserted unsettled, before the
 * responses themselves, naming only the response ids (small, so opening costs little; what
 * they add is written when the delta is settled, or rebuilt by the repair from the responses
 * stored). No reader or compaction counts a delta until it is settled, and if this process
 * dies first the repair finds it and counts exactly the responses its batch stored.
 */
export async function openDeltas(deltas: OpenDelta[], writer: string): Promise<void> {
  if (deltas.length === 0) return;
  const createdAt = new Date();
  await RollupDeltaModel.collection.insertMany(
    deltas.map((d) => ({ ...d, sources: [], writer, settled: false, createdAt })),
  );
}

/**
 * Settles a delta: from now on it counts `stored` (indices into its sources, the responses its
 * batch actually inserted). A delta that stored nothing is removed. Called once per delta, by
 * its writer or, when the writer cannot, by the repair.
 */
export async function settleDelta(
  delta: OpenDelta,
  stored: number[],
  options: { moveViews: boolean } = { moveViews: true },
): Promise<void> {
  if (stored.length === 0) {
    await RollupDeltaModel.collection.deleteOne({ _id: delta._id, settled: false });
    return;
  }
  const sources = stored.map((i) => delta.sources[i]!);
  // What the delta adds to this process's cached views, worked out before the settling write:
  // between that write and the views moving forward nothing may wait, or a compaction could
  // fold the delta and a fresh read see it there, and the views would then count it twice.
  let parts: Contribution[] | null = null;
  if (options.moveViews && hasViews(delta.survey)) {
    parts = [];
    for (const source of sources) {
      for (const { period, segment, inc } of await contributions(delta.survey, source)) {
        parts.push({ period, segment, counts: expandIncrement(inc) });
      }
    }
  }
  await RollupDeltaModel.collection.updateOne(
    { _id: delta._id, settled: false },
    { $set: { settled: true, sources, ids: stored.map((i) => delta.ids[i]!) } },
  );
  if (parts) addDeltaToViews(delta.survey, String(delta._id), parts, mergeCounts);
}

/** A delta whose batch's outcome is still unknown (no sources written yet), with its writer and time. */
export interface UnsettledDelta extends OpenDelta {
  writer: string;
  createdAt: Date;
}

/** Every unsettled delta (a scan of a collection the compactor keeps small). */
export async function unsettledDeltas(): Promise<UnsettledDelta[]> {
  return RollupDeltaModel.find({ settled: false }).lean<UnsettledDelta[]>();
}

/** One delta by id if it is still unsettled (a lookup by key, not a scan). */
export async function unsettledDelta(id: Types.ObjectId | string): Promise<UnsettledDelta | null> {
  const delta = await RollupDeltaModel.findById(id).lean<UnsettledDelta & { settled?: boolean }>();
  return delta?.settled === false ? delta : null;
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}

const MAX_DELTAS_PER_COMPACTION = 200;

/**
 * Folds one survey's pending deltas into its rollups: each pack the batch touches is read and
 * rewritten by `_id`, and the compaction record makes a crash at any step safe: the next run
 * redoes it, skipping the cells that already carry its sequence number.
 */
export function compactSurvey(surveyId: string, crash?: { afterPacks: number }): Promise<number> {
  // One compaction at a time in this process: the timer's compactor, a rebuild's flush and a
  // test's direct call would otherwise fold the same deltas twice. Across processes the
  // compactor lease keeps them apart.
  const run = compactionQueue.then(() => compactSurveyNow(surveyId, crash));
  compactionQueue = run.catch(() => undefined);
  return run;
}

let compactionQueue: Promise<unknown> = Promise.resolve();

async function compactSurveyNow(surveyId: string, crash?: { afterPacks: number }): Promise<number> {
  // Read together: each is a round trip, and the usual run (no unfinished compaction) needs all three.
  const [unfinished, settled, catalog] = await Promise.all([
    RollupCompactionModel.findOne({ survey: surveyId }).lean<CompactionDoc>(),
    RollupDeltaModel.find({ survey: surveyId, ...SETTLED })
      .sort({ _id: 1 })
      .limit(MAX_DELTAS_PER_COMPACTION)
      .lean<DeltaDoc[]>(),
    RollupCatalogModel.findById(surveyId).lean<CatalogDoc>(),
  ]);
  let compaction: CompactionDoc;
  let deltas: DeltaDoc[];
  if (unfinished) {
    compaction = unfinished;
    deltas = await RollupDeltaModel.find({ _id: { $in: unfinished.deltaIds } }).lean<DeltaDoc[]>();
  } else {
    deltas = settled;
    if (deltas.length === 0) return 0;
    const seq = (catalog?.seq ?? 0) + 1;
    compaction = { _id: `${surveyId}|${seq}`, survey: surveyId, seq, deltaIds: deltas.map((d) => d._id) };
    await RollupCompactionModel.collection.insertOne(compaction as never);
  }

  const merged = new Map<string, FlatSum>();
  let agency = deltas[0]?.agency ?? "";
  let folded = 0;
  for (const delta of deltas) {
    agency = delta.agency;
    for (const source of delta.sources) {
      for (const { period, segment, inc } of await contributions(surveyId, source)) {
        addFlat(merged, rollupId(surveyId, segment, period), period, segment, inc);
      }
      if (++folded % 100 === 0) await yieldToRequests();
    }
  }

  // Only this compaction writes these packs now (lease, and one compaction per process).
  const packs = new Map<string, { district: string; period: string; cells: Map<string, FlatSum> }>();
  for (const sum of merged.values()) {
    const { id: packId, district } = packOf(surveyId, sum.segment, sum.period);
    let pack = packs.get(packId);
    if (!pack) packs.set(packId, (pack = { district, period: sum.period, cells: new Map() }));
    pack.cells.set(sum.segment, sum);
  }
  const storedPacks = new Map((await findCellPacks([...packs.keys()])).map((pack) => [pack._id, pack]));
  // One write at a time (SQLite takes one at a time: parallel writes would only queue there,
  // ahead of submissions), while this process works out the next pack.
  let writing: Promise<void> = Promise.resolve();
  let written = 0;
  for (const [packId, { district, period, cells }] of packs) {
    const current = storedPacks.get(packId);
    const next = current ? cellTexts(current) : new Map<string, string>();
    let changed = false;
    for (const [segment, { inc }] of cells) {
      const text = next.get(segment);
      // Parsed here for this write alone, so the increments are added into it in place.
      const cell: PackedCell = text === undefined ? { ...emptyCounts(), seq: 0 } : JSON.parse(text);
      if (cell.seq === compaction.seq) continue; // written before a crash
      addIncrement(cell, inc).seq = compaction.seq;
      next.set(segment, JSON.stringify(cell));
      changed = true;
    }
    if (!changed) continue;
    const pack = { _id: packId, survey: surveyId, agency, period, district, cells: encodeCellTexts(next) };
    await writing;
    // Crash tests stop between packs, leaving the compaction half done as a killed process would.
    if (crash && written++ >= crash.afterPacks) throw new Error("simulated crash during compaction");
    writing = writeCellPack(pack);
    // Awaited before the next write; this only keeps a failure from going unhandled meanwhile.
    writing.catch(() => undefined);
  }
  await writing;

  const current = await RollupCatalogModel.findById(surveyId).lean<CatalogDoc>();
  const periods = new Set(current?.periods ?? []);
  const segments = new Set(current?.segments ?? []);
  for (const { period, segment } of merged.values()) {
    periods.add(period);
    segments.add(segment);
  }
  const nextCatalog: CatalogDoc = {
    _id: surveyId,
    agency: current?.agency ?? agency,
    seq: compaction.seq,
    periods: [...periods].sort(),
    segments: [...segments].sort(),
  };
  await RollupCatalogModel.collection.replaceOne({ _id: surveyId } as never, nextCatalog, { upsert: true });
  await RollupDeltaModel.deleteMany({ _id: { $in: compaction.deltaIds } });
  compactionFinished(surveyId, compaction.seq, compaction.deltaIds.map(String));
  await RollupCompactionModel.deleteOne({ _id: compaction._id });
  return deltas.length;
}

const LEASE = "rollup-compactor";
const LEASE_TERM_MS = 30_000;
// A compaction takes well under a second; a holder starts one late in its term only once it
// also holds the next term, so two processes never compact at once across a change of holder.
const LATEST_START_MS = 10_000;

/** Compacts every survey with pending deltas, if this process holds the compactor lease. */
export async function compactRollups(): Promise<number> {
  const now = Date.now();
  const lease = await acquireLease(LEASE, LEASE_TERM_MS, now);
  if (!lease) return 0;
  // Late in a term the holder claims the next one first, so no other process can start.
  if (
    lease.remainingMs < LATEST_START_MS &&
    !(await acquireLease(LEASE, LEASE_TERM_MS, now + LEASE_TERM_MS))
  ) {
    return 0;
  }
  const surveys = new Set<string>([
    ...((await RollupCompactionModel.distinct("survey")) as string[]),
    ...((await RollupDeltaModel.distinct("survey", SETTLED)) as string[]),
  ]);
  let folded = 0;
  for (const surveyId of surveys) {
    // A survey with more pending deltas than one compaction takes is drained in turns.
    for (let n = await compactSurvey(surveyId); n > 0; n = await compactSurvey(surveyId)) folded += n;
  }
  return folded;
}

/**
 * Runs compaction every `intervalMs` until stopped; `stop()` runs a last one to flush. Under
 * load the pause grows to four times the last compaction's duration, so compaction takes at
 * most a fifth of the engine's time and leaves the rest to ingest (the engine has one writer).
 */
export function startCompactor(intervalMs: number, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = (): void => {
    const started = Date.now();
    running = compactRollups()
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, Math.max(intervalMs, 4 * (Date.now() - started)));
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await compactRollups().catch(onError);
    },
  };
}

export interface Selection {
  segment: (segment: string) => boolean;
  period: (period: string) => boolean;
  /** Names the selection so its view can be cached (counts-cache.ts); equal keys, equal selections. */
  key?: string;
}

const MAX_READ_ATTEMPTS = 8;

/** Rollup documents stored one per segment × period, as before packs (the migration reads them). */
async function findLegacyRollups(ids: string[]): Promise<RollupDoc[]> {
  const found: RollupDoc[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    found.push(...(await RollupModel.find({ _id: { $in: ids.slice(i, i + 500) } }).lean<RollupDoc[]>()));
  }
  return found;
}

/**
 * The stored rollups of the given segment × period pairs that exist, taken out of their packs
 * (cell-packs.ts): each pack read once, and only the cells asked for parsed.
 */
async function findStored(surveyId: string, targets: Iterable<{ segment: string; period: string }>) {
  const wanted = new Map<string, Set<string>>();
  for (const { segment, period } of targets) {
    const { id } = packOf(surveyId, segment, period);
    let segments = wanted.get(id);
    if (!segments) wanted.set(id, (segments = new Set()));
    segments.add(segment);
  }
  const docs: RollupDoc[] = [];
  for (const pack of await findCellPacks([...wanted.keys()])) {
    const segments = wanted.get(pack._id)!;
    for (const [segment, text] of cellTexts(pack)) {
      if (segments.has(segment)) docs.push(unpackedCell(pack, segment, JSON.parse(text) as PackedCell));
    }
  }
  return docs;
}

/**
 * A consistent view of one survey's rollups: the stored documents the selection names, plus
 * every delta not yet folded into them. Keyed by `<segment>|<period>`. Compaction may run
 * at the same time; a read that overlaps a finished compaction is simply retried.
 */
export async function readRollups(
  surveyId: string,
  selection: Selection,
  /** The survey's rollup state when the caller already read it for this request. */
  known?: Token,
): Promise<Map<string, RollupCounts>> {
  const cacheable = selection.key === undefined ? null : { ...selection, key: selection.key };
  if (cacheable) {
    // A local write since the caller's read moves the view past `known`: look again at now.
    const hit =
      (known && cachedView(surveyId, cacheable, known)) ||
      cachedView(surveyId, cacheable, await readToken(surveyId));
    countsCacheStats[hit ? "hits" : "misses"] += 1;
    if (hit) return hit;
  }
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
    const read = await tryRead(surveyId, selection);
    if (read) {
      if (cacheable) rememberView(surveyId, cacheable, read.token, read.view);
      return read.view;
    }
    await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
  }
  throw new Error(`rollups of survey ${surveyId} kept changing during the read`);
}

async function tryRead(
  surveyId: string,
  selection: Selection,
): Promise<{ view: Map<string, RollupCounts>; token: Token } | null> {
  const before = await RollupCatalogModel.findById(surveyId).lean<CatalogDoc>();
  const seq = before?.seq ?? 0;
  const compactions = await RollupCompactionModel.find({ survey: surveyId }).lean<CompactionDoc[]>();
  const deltas = await RollupDeltaModel.find({ survey: surveyId, ...SETTLED }).lean<DeltaDoc[]>();

  const targets: Array<{ segment: string; period: string }> = [];
  for (const segment of before?.segments ?? []) {
    if (!selection.segment(segment)) continue;
    for (const period of before?.periods ?? [])
      if (selection.period(period)) targets.push({ segment, period });
  }
  const docs = new Map<string, RollupDoc>();
  for (const doc of await findStored(surveyId, targets)) docs.set(`${doc.segment}|${doc.period}`, doc);
  const after = await RollupCatalogModel.findById(surveyId).lean<CatalogDoc>();
  if ((after?.seq ?? 0) !== seq) return null;

  // Which compaction (if any) each delta belongs to; those at or below `seq` are already counted.
  const compactionOf = new Map<string, number>();
  for (const c of compactions) for (const id of c.deltaIds) compactionOf.set(String(id), c.seq);
  const known = new Set(compactions.map((c) => c.seq));
  for (const doc of docs.values()) if (doc.seq > seq && !known.has(doc.seq)) return null;

  const pending = new Map<string, FlatSum>();
  for (const delta of deltas) {
    const inCompaction = compactionOf.get(String(delta._id));
    if (inCompaction !== undefined && inCompaction <= seq) continue;
    for (const source of delta.sources) {
      for (const { period, segment, inc } of await contributions(surveyId, source)) {
        if (!selection.segment(segment) || !selection.period(period)) continue;
        const key = `${segment}|${period}`;
        if (inCompaction !== undefined && docs.get(key)?.seq === inCompaction) continue;
        addFlat(pending, key, period, segment, inc);
      }
    }
  }
  const view = new Map<string, RollupCounts>();
  for (const key of new Set([...docs.keys(), ...pending.keys()])) {
    const parts: Array<Partial<RollupCounts>> = [];
    const doc = docs.get(key);
    if (doc) parts.push(doc);
    const sum = pending.get(key);
    if (sum) parts.push(expandIncrement(sum.inc));
    view.set(key, mergeCounts(parts));
  }
  return { view, token: { seq, deltaIds: deltas.map((d) => String(d._id)) } };
}

export interface RebuiltRollup {
  period: string;
  segment: string;
  counts: RollupCounts;
}

/** Surveys that have rollup documents or pending deltas (operator commands). */
export async function surveysWithRollups(): Promise<string[]> {
  const catalogs = (await RollupCatalogModel.find().select("_id").lean<Array<{ _id: string }>>()).map(
    (c) => c._id,
  );
  const pending = (await RollupDeltaModel.distinct("survey")) as string[];
  return [...new Set([...catalogs, ...pending])];
}

/**
 * Replaces all of one survey's rollups with recounted ones (the rebuild command), or only the
 * rollups `scope` selects (the others are left as they are, in the same packs). Pending
 * deltas are folded in first, so the recount and the packs describe the same responses;
 * rollups the recount no longer has are removed, and a pack left empty is deleted.
 */
export async function replaceSurveyRollups(
  surveyId: string,
  agency: string,
  rollups: RebuiltRollup[],
  scope: Pick<Selection, "segment" | "period"> = { segment: () => true, period: () => true },
): Promise<{ rollups: number; removed: number }> {
  while ((await compactSurvey(surveyId)) > 0);
  const catalog = await RollupCatalogModel.findById(surveyId).lean<CatalogDoc>();
  const seq = catalog?.seq ?? 0;
  const recounted = new Map<string, { district: string; period: string; cells: Map<string, string> }>();
  for (const { period, segment, counts } of rollups) {
    const { id, district } = packOf(surveyId, segment, period);
    let pack = recounted.get(id);
    if (!pack) recounted.set(id, (pack = { district, period, cells: new Map() }));
    pack.cells.set(segment, JSON.stringify({ ...counts, seq }));
  }
  // Every pack that may hold rollups in scope, by the catalog: what the recount lacks goes.
  const packIds = new Set(recounted.keys());
  const periods = (catalog?.periods ?? []).filter(scope.period);
  for (const segment of (catalog?.segments ?? []).filter(scope.segment)) {
    for (const period of periods) packIds.add(packOf(surveyId, segment, period).id);
  }
  const stored = new Map((await findCellPacks([...packIds])).map((pack) => [pack._id, pack]));
  let removed = 0;
  await inParallel([...packIds], 4, async (id) => {
    const old = stored.get(id);
    const fresh = recounted.get(id);
    const cells = new Map<string, string>();
    for (const [segment, text] of old ? cellTexts(old) : []) {
      if (!scope.segment(segment) || !scope.period(old!.period)) cells.set(segment, text);
      else if (!fresh?.cells.has(segment)) removed += 1;
    }
    for (const [segment, text] of fresh?.cells ?? []) cells.set(segment, text);
    if (cells.size === 0) {
      if (old) await CellPackModel.deleteOne({ _id: id });
      return;
    }
    const { district, period } = fresh ?? old!;
    await writeCellPack({
      _id: id,
      survey: surveyId,
      agency,
      period,
      district,
      cells: encodeCellTexts(cells),
    });
  });
  // A partial rebuild keeps the catalog's other segments, and every period they may have.
  const otherSegments = (catalog?.segments ?? []).filter((segment) => !scope.segment(segment));
  const otherPeriods = otherSegments.length > 0 ? (catalog?.periods ?? []) : [];
  const nextCatalog: CatalogDoc = {
    _id: surveyId,
    agency: catalog?.agency ?? agency,
    // A new sequence changes the survey's rollup token, so every process's cached views and
    // results (counts-cache.ts, results-cache.ts) are read again. Cells keep `seq`: a cell
    // newer than its catalog would look like a compaction in progress.
    seq: seq + 1,
    periods: [...new Set([...otherPeriods, ...rollups.map((r) => r.period)])].sort(),
    segments: [...new Set([...otherSegments, ...rollups.map((r) => r.segment)])].sort(),
  };
  if (rollups.length > 0 || catalog) {
    await RollupCatalogModel.collection.replaceOne({ _id: surveyId } as never, nextCatalog, { upsert: true });
  }
  return { rollups: rollups.length, removed };
}

const MIGRATION_LEASE_WAIT_MS = 120_000;

/** Holds the compactor lease with at least `LATEST_START_MS` of its term left, waiting for it. */
async function holdCompactorLease(): Promise<void> {
  for (const started = Date.now(); Date.now() - started < MIGRATION_LEASE_WAIT_MS;) {
    const now = Date.now();
    const lease = await acquireLease(LEASE, LEASE_TERM_MS, now);
    if (
      lease &&
      (lease.remainingMs >= LATEST_START_MS ||
        (await acquireLease(LEASE, LEASE_TERM_MS, now + LEASE_TERM_MS)))
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the rollup compactor lease stayed with another process");
}

/**
 * Moves one survey's rollups the layout before packs stored a document each into their packs,
 * pack by pack: a pack is written before its old documents are deleted, and a cell the pack
 * already holds is kept (the move already happened, and a compaction may have added to it
 * since), so a move cut short is finished by the next one. Compactions are held off meanwhile:
 * in this process by the queue, in others by the lease.
 */
async function packLegacyRollups(
  catalog: CatalogDoc,
  which: Pick<Selection, "segment" | "period">,
): Promise<number> {
  const byPack = new Map<string, { district: string; period: string; ids: string[] }>();
  for (const segment of catalog.segments.filter(which.segment)) {
    for (const period of catalog.periods.filter(which.period)) {
      const { id, district } = packOf(catalog._id, segment, period);
      const pack = byPack.get(id) ?? { district, period, ids: [] };
      pack.ids.push(rollupId(catalog._id, segment, period));
      byPack.set(id, pack);
    }
  }
  let moved = 0;
  for (const [packId, { district, period, ids }] of byPack) {
    await holdCompactorLease();
    const old = await findLegacyRollups(ids);
    if (old.length === 0) continue;
    const [current] = await findCellPacks([packId]);
    const cells = current ? cellTexts(current) : new Map<string, string>();
    for (const doc of old)
      if (!cells.has(doc.segment)) cells.set(doc.segment, JSON.stringify(packedCell(doc)));
    await writeCellPack({
      _id: packId,
      survey: catalog._id,
      agency: catalog.agency,
      period,
      district,
      cells: encodeCellTexts(cells),
    });
    await RollupModel.deleteMany({ _id: { $in: old.map((doc) => doc._id) } });
    moved += old.length;
  }
  return moved;
}

/** The layouts before packs, each moved once per database (recorded in `migrations`). */
const LEGACY_LAYOUTS: Array<{ migration: string } & Pick<Selection, "segment" | "period">> = [
  // Weighting cells were packed first; they exist for all time and months only.
  {
    migration: "rollup-cell-packs",
    segment: isCellSegment,
    period: (period) => period === "all" || period.startsWith("m:"),
  },
  { migration: "rollup-packs", segment: (segment) => !isCellSegment(segment), period: () => true },
];

/**
 * Rollups stored a document each move into packs, once per database (recorded in
 * `migrations`). Run at start, before this process compacts or serves a read, and by the
 * rebuild command.
 */
export async function migrateToPacks(): Promise<{ moved: number }> {
  let moved = 0;
  for (const { migration, ...which } of LEGACY_LAYOUTS) {
    await runOnce(migration, async () => {
      const catalogs = await RollupCatalogModel.find().lean<CatalogDoc[]>();
      for (const catalog of catalogs) {
        const run = compactionQueue.then(() => packLegacyRollups(catalog, which));
        compactionQueue = run.catch(() => undefined);
        moved += await run;
      }
    });
  }
  return { moved };
}
