import mongoose, { Schema, type InferSchemaType } from "mongoose";

/*
 * Three collections, shaped for the embedded engine as much as for MongoDB. The embedded engine
 * has no usable indexes for lookups: a query costs a scan, except one that can stop early
 * (a filter with a limit and no sort) and an insert (its unique check is SQLite's own). So
 * `jobs` holds only live jobs (finished ones are deleted), and the two facts that must be
 * atomic, "this key was enqueued" and "this is take number n of that job", are inserts.
 */

export const JOB_STATUSES = ["queued", "running"] as const;

const jobSchema = new Schema(
  {
    name: { type: String, required: true },
    /** Unique among live jobs (the reservation in `job_keys` covers finished ones). */
    key: { type: String, required: true, unique: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: JOB_STATUSES, default: "queued" },
    /** Due time on the domain clock (quiet hours, delays, reminders). */
    runAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    /** How many times the job was taken; the next take must win claim `claims + 1`. */
    claims: { type: Number, default: 0 },
    maxAttempts: { type: Number, required: true },
    /** The process holding the job and until when (real time): a dead holder's lease lapses. */
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
jobSchema.index({ status: 1, runAt: 1 });

/**
 * A job key ever enqueued (`_id` = the key): enqueueing the same key again is a no-op even
 * after the job has finished and left `jobs`. Failures are noted here for operators.
 */
const jobKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    at: { type: Date, required: true },
    failedAt: { type: Date, default: null },
    lastError: { type: String, default: null },
  },
  { versionKey: false },
);
jobKeySchema.index({ at: 1 });

/**
 * One take of a job, `_id` = "<job id>:<claim number>". Inserting it is the take: a unique
 * `_id` is the one write every engine makes atomic (the embedded engine's conditional
 * updates and findAndModify are not), so of many racing workers exactly one wins each take.
 */
const jobClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    job: { type: Schema.Types.ObjectId, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
jobClaimSchema.index({ at: 1 });

export type JobRecord = InferSchemaType<typeof jobSchema> & { _id: mongoose.Types.ObjectId };
export const JobModel = mongoose.model("Job", jobSchema);
export const JobKeyModel = mongoose.model("JobKey", jobKeySchema);
export const JobClaimModel = mongoose.model("JobClaim", jobClaimSchema);
