import type { AnyBulkWriteOperation } from "mongoose";
import type { Question } from "@shared/survey.js";
import { RollupModel, type RollupCounts } from "./rollup.model.js";
import { rollupIncrement, rollupTargets, type RollupSource } from "./rollup-increments.js";

export interface CountedResponse {
  surveyId: string;
  agencyId: string;
  questions: Question[];
  source: RollupSource;
}

const DUPLICATE_KEY = 11000;

/**
 * Adds stored responses to their rollups with one `bulkWrite` of upserted `$inc`s: increments
 * aimed at the same rollup document are merged first, so a batch of 200 responses on one day
 * costs a few dozen updates, not thousands.
 */
export async function addToRollups(responses: CountedResponse[]): Promise<void> {
  const merged = new Map<
    string,
    { filter: Record<string, string>; agency: string; inc: Record<string, number> }
  >();
  for (const response of responses) {
    const inc = rollupIncrement(response.questions, response.source);
    for (const target of rollupTargets(response.questions, response.source)) {
      const key = `${response.surveyId}|${target.period}|${target.segment}`;
      let entry = merged.get(key);
      if (!entry) {
        entry = { filter: { survey: response.surveyId, ...target }, agency: response.agencyId, inc: {} };
        merged.set(key, entry);
      }
      for (const [field, value] of Object.entries(inc)) entry.inc[field] = (entry.inc[field] ?? 0) + value;
    }
  }
  const operations: AnyBulkWriteOperation[] = [...merged.values()].map(({ filter, agency, inc }) => ({
    updateOne: { filter, update: { $inc: inc, $setOnInsert: { agency } }, upsert: true },
  }));
  await writeUpserts(operations);
}

/** Runs upserts; ones that lost an insert race to another writer are retried as plain updates. */
async function writeUpserts(operations: AnyBulkWriteOperation[]): Promise<void> {
  if (operations.length === 0) return;
  try {
    await RollupModel.bulkWrite(operations, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
    if (!writeErrors || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    await RollupModel.bulkWrite(
      writeErrors.map((e) => operations[e.index]!),
      { ordered: false },
    );
  }
}

/** Sums rollup documents field by field (nested counts included). */
export function mergeCounts(documents: RollupCounts[]): RollupCounts {
  const total: RollupCounts = { n: 0, a: {}, c: {}, m: {}, x: {} };
  const addInto = (target: Record<string, unknown>, source: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === "number") target[key] = ((target[key] as number | undefined) ?? 0) + value;
      else if (value && typeof value === "object") {
        target[key] ??= {};
        addInto(target[key] as Record<string, unknown>, value as Record<string, unknown>);
      }
    }
  };
  for (const doc of documents) {
    total.n += doc.n ?? 0;
    for (const part of ["a", "c", "m", "x"] as const) addInto(total[part], doc[part] ?? {});
  }
  return total;
}

export interface RollupQuery {
  surveyId: string;
  segment: string;
  /** Inclusive local dates; without them the all-time rollup is read. */
  from?: string;
  to?: string;
}

/** The merged counts for a survey, one segment, over all time or a range of days. */
export async function readCounts(query: RollupQuery): Promise<RollupCounts> {
  const filter: Record<string, unknown> = { survey: query.surveyId, segment: query.segment };
  if (query.from || query.to) {
    filter["period"] = { $gte: `d:${query.from ?? "0000-00-00"}`, $lte: `d:${query.to ?? "9999-99-99"}` };
  } else {
    filter["period"] = "all";
  }
  const docs = await RollupModel.find(filter).select("n a c m x").lean<RollupCounts[]>();
  return mergeCounts(docs);
}

/** Rollups of one interval kind ("w" or "m"), oldest first. */
export async function readSeries(surveyId: string, segment: string, prefix: "w" | "m") {
  const docs = await RollupModel.find({
    survey: surveyId,
    segment,
    period: { $gte: `${prefix}:`, $lt: `${prefix};` },
  })
    .select("period n a c m x")
    .sort({ period: 1 })
    .lean<Array<RollupCounts & { period: string }>>();
  return docs;
}
