/*
 * Lookup keys: a small collection whose `_id` is a record's unique field (a slug, an email, a
 * token's hash) and which names the record's id. The embedded engine answers `_id` equality
 * from its index and scans the whole collection for any other filter, so a hot lookup by such
 * a field is two reads by key instead of a scan. Records keep their own ids (other records
 * point at them), which is why this is a side collection and not a new `_id`.
 *
 * The rules that keep keys right: a key is written before its record, so every stored record
 * has one; a key is checked against the record it names, so a key left behind (its record
 * gone, or renamed) finds nothing and is simply overwritten; records stored before their keys
 * existed are keyed once at start (`backfill`, recorded in `migrations`).
 */
import mongoose, { Schema, type Model, type Types } from "mongoose";
import { insertIgnoringDuplicates } from "./insert-ignoring-duplicates.js";
import { runOnce } from "./migrations.js";

const BACKFILL_BATCH = 1_000;

export interface LookupKeySpec {
  /** The migration name of the backfill, e.g. "survey-slug-keys". */
  name: string;
  /** The key collection, e.g. "surveyslugs". */
  collection: string;
  /** The keyed records and the unique field the key mirrors. */
  records: { modelName: string };
  field: string;
  /** The key's field holding the record's id ("target" unless an older collection says otherwise). */
  targetField?: string;
}

export interface KeyEntry {
  value: string;
  target: Types.ObjectId;
}

export interface LookupKeys {
  /** Keys of new records, before the records; a value already keyed keeps its key. Returns those indexes. */
  insert(entries: ReadonlyArray<KeyEntry>): Promise<Set<number>>;
  /** Points a value at a record, replacing whatever key it had (a new record, or a renamed one). */
  set(value: string, target: Types.ObjectId): Promise<void>;
  /**
   * Runs `write` (which stores or renames the record `target` to hold `value`) with the key set
   * first. When the write fails or finds nothing to change, the key goes back to the record that
   * holds the value, if any (a scan, on that rare path only), so a lost race never unkeys the winner.
   */
  keyed<T>(value: string, target: Types.ObjectId, write: () => Promise<T | null>): Promise<T | null>;
  /** Drops the keys of these values; with `target`, only a key that still names that record. */
  remove(values: string[], target?: Types.ObjectId): Promise<void>;
  /** The id of the record a value leads to by its key (not checked against the record). */
  targetOf(value: string): Promise<Types.ObjectId | null>;
  /** The record whose field holds this value, found by key and checked against the record. */
  find<T>(value: string, projection?: Record<string, 0 | 1>): Promise<T | null>;
  /** Keys every record stored before keys existed, once per database; run at start. */
  backfill(): Promise<{ keyed: number }>;
}

/** Lookup keys for one unique field of one collection (see the top of this file). */
export function lookupKeys(spec: LookupKeySpec): LookupKeys {
  const targetField = spec.targetField ?? "target";
  const schema = new Schema(
    { _id: { type: String, required: true }, [targetField]: { type: Schema.Types.ObjectId, required: true } },
    { versionKey: false },
  );
  const keys = (mongoose.models[spec.collection] ??
    mongoose.model(spec.collection, schema, spec.collection)) as Model<Record<string, unknown>>;
  const records = mongoose.model<Record<string, unknown>>(spec.records.modelName);
  // Until the backfill ran in this process, a value without a key may be an older record's.
  let everyRecordKeyed = false;
  const keyDoc = (entry: KeyEntry) => ({ _id: entry.value, [targetField]: entry.target });

  const targetOf = async (value: string): Promise<Types.ObjectId | null> => {
    const key = await keys.findById(value).lean();
    return (key?.[targetField] as Types.ObjectId | undefined) ?? null;
  };

  const set = async (value: string, target: Types.ObjectId): Promise<void> => {
    await keys.updateOne({ _id: value }, { $set: { [targetField]: target } }, { upsert: true });
  };

  const restore = async (value: string): Promise<void> => {
    const holder = await records.findOne({ [spec.field]: value }, { _id: 1 }).lean();
    if (holder) await set(value, holder._id as Types.ObjectId);
    else await keys.deleteOne({ _id: value });
  };

  return {
    insert: (entries) => insertIgnoringDuplicates(keys.collection, entries.map(keyDoc)),

    set,

    async keyed<T>(value: string, target: Types.ObjectId, write: () => Promise<T | null>) {
      await set(value, target);
      let written: T | null;
      try {
        written = await write();
      } catch (error) {
        await restore(value);
        throw error;
      }
      if (written === null) await restore(value);
      return written;
    },

    async remove(values, target) {
      if (values.length === 0) return;
      const filter: Record<string, unknown> = { _id: { $in: values } };
      if (target) filter[targetField] = target;
      await keys.deleteMany(filter);
    },

    async targetOf(value) {
      const target = await targetOf(value);
      if (target || everyRecordKeyed) return target;
      const found = await records.findOne({ [spec.field]: value }, { _id: 1 }).lean();
      return (found?._id as Types.ObjectId | undefined) ?? null;
    },

    async find<T>(value: string, projection?: Record<string, 0 | 1>) {
      const target = await targetOf(value);
      if (target) {
        const wanted =
          projection && !Object.values(projection).includes(0)
            ? { ...projection, [spec.field]: 1 }
            : projection;
        const record = await records.findById(target, wanted).lean();
        if (record && record[spec.field] === value) return record as T;
      }
      if (everyRecordKeyed) return null;
      return (await records.findOne({ [spec.field]: value }, projection).lean()) as T | null;
    },

    async backfill() {
      let keyed = 0;
      await runOnce(spec.name, async () => {
        let batch: KeyEntry[] = [];
        const flush = async () => {
          await insertIgnoringDuplicates(keys.collection, batch.map(keyDoc));
          keyed += batch.length;
          batch = [];
        };
        const cursor = records
          .find({}, { _id: 1, [spec.field]: 1 })
          .lean()
          .cursor();
        for await (const record of cursor) {
          const value = record[spec.field];
          if (typeof value !== "string") continue;
          batch.push({ value, target: record._id as Types.ObjectId });
          if (batch.length >= BACKFILL_BATCH) await flush();
        }
        await flush();
      });
      everyRecordKeyed = true;
      return { keyed };
    },
  };
}
