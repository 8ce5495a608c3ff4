import mongoose, { Schema } from "mongoose";

/**
 * Rollups are stored so that every read and write is by `_id` or an insert: the embedded
 * engine (FerretDB on SQLite, with our patches) answers those from its index. MongoDB is fast
 * either way.
 *
 * - A rollup: counts per survey × segment × period, `_id` = `<survey>|<segment>|<period>`.
 *   period: "all" | "d:2026-11-24" | "w:2026-W48" | "m:2026-11"
 *   segment: "all" | "district:<code>" | "<age|gender|race>:<value>" | "cell:<weighting cell>"
 *   | the unit views' (period "all" only, see unit-rollups.ts): "unitviews:all" | "unit:<u>" |
 *   "officer:<u>/<o>" | "badge:<o>"
 *   n: responses; a.<q>: answered; c.<q>.<value> (matrix: c.<q>.<item>.<value>): counts;
 *   m.<q> (matrix: m.<q>.<item>): {n, s, q} moments of scored answers; x.<index>: index moments;
 *   seq: the compaction that last wrote it.
 *   Rollups are stored packed, many segments of one period in a document (`rollupcellpacks`,
 *   see cell-packs.ts). `rollups` held one document each before that; the migration at start
 *   moves any it finds into packs.
 * - `rollupdeltas`: what each group-commit batch adds. Inserted *before* the batch's responses,
 *   unsettled, naming their ids: the intent record. Settled by its writer once the responses'
 *   insert has answered (duplicates dropped), or by the repair (server/responses/
 *   write-intents.ts) when its writer died or lost track of it. Only settled deltas are read
 *   or folded into the packs by the compactor, so every stored response is counted exactly once
 *   whatever is killed, whenever.
 * - `rollupcompactions`: the compaction in progress per survey, so a crash mid-way is redone
 *   exactly once and readers never count a delta twice.
 * - `rollupcatalogs`: per survey, the last finished compaction and which periods and segments
 *   have rollups, so readers know which packs exist without a range query.
 */
const rollupSchema = new Schema(
  {
    _id: { type: String, required: true },
    survey: { type: String, required: true },
    agency: { type: String, required: true },
    period: { type: String, required: true },
    segment: { type: String, required: true },
    seq: { type: Number, required: true },
    n: { type: Number, default: 0 },
    a: { type: Schema.Types.Mixed, default: {} },
    c: { type: Schema.Types.Mixed, default: {} },
    m: { type: Schema.Types.Mixed, default: {} },
    x: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false, versionKey: false },
);

const deltaSchema = new Schema(
  {
    survey: { type: String, required: true },
    agency: { type: String, required: true },
    /** The rollup inputs of each response in the batch (answers, periods, segments, scores). */
    sources: { type: [Schema.Types.Mixed], required: true },
    /** The response id of each source, in the same order. */
    ids: { type: [String], default: undefined },
    /** The process that wrote it (`PROCESS_ID`), so the repair knows whose it is. */
    writer: { type: String },
    /** false while the batch's outcome is unknown; absent on deltas stored before intents. */
    settled: { type: Boolean },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const compactionSchema = new Schema(
  {
    _id: { type: String, required: true },
    survey: { type: String, required: true },
    seq: { type: Number, required: true },
    deltaIds: { type: [Schema.Types.ObjectId], required: true },
  },
  { versionKey: false },
);

const catalogSchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: String, required: true },
    seq: { type: Number, required: true },
    periods: { type: [String], default: [] },
    segments: { type: [String], default: [] },
  },
  { versionKey: false },
);

export const RollupModel = mongoose.model("Rollup", rollupSchema);
export const RollupDeltaModel = mongoose.model("RollupDelta", deltaSchema);
export const RollupCompactionModel = mongoose.model("RollupCompaction", compactionSchema);
export const RollupCatalogModel = mongoose.model("RollupCatalog", catalogSchema);

export interface RollupCounts {
  n: number;
  a: Record<string, unknown>;
  c: Record<string, unknown>;
  m: Record<string, unknown>;
  x: Record<string, unknown>;
}

export interface RollupDoc extends RollupCounts {
  _id: string;
  survey: string;
  agency: string;
  period: string;
  segment: string;
  seq: number;
}

export interface CatalogDoc {
  _id: string;
  agency: string;
  seq: number;
  periods: string[];
  segments: string[];
}

export const rollupId = (surveyId: string, segment: string, period: string): string =>
  `${surveyId}|${segment}|${period}`;
