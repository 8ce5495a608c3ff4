import mongoose, { Schema } from "mongoose";

/** A data change that ran to its end once: `_id` = its name. */
const migrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
const MigrationModel = mongoose.model("Migration", migrationSchema, "migrations");

/**
 * Runs `change` unless it has run to its end before, then records that it did. A crash
 * midway leaves no record, so the change runs again at the next start: it must be idempotent.
 * Returns whether it ran.
 */
export async function runOnce(name: string, change: () => Promise<void>): Promise<boolean> {
  if (await MigrationModel.exists({ _id: name })) return false;
  await change();
  await MigrationModel.updateOne({ _id: name }, { $setOnInsert: { at: new Date() } }, { upsert: true });
  return true;
}

/** Lets these changes run again at their next call (an operator's repair; each must be idempotent). */
export async function forgetMigrations(names: string[]): Promise<void> {
  await MigrationModel.deleteMany({ _id: { $in: names } });
}
