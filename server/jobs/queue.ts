import { EventEmitter } from "node:events";
import { Types } from "mongoose";
import { clock } from "@server/platform/clock.js";
import { JobClaimModel, JobKeyModel, JobModel, type JobRecord } from "./job.model.js";

export type JobPayload = Record<string, unknown>;

export interface NewJob {
  name: string;
  key: string;
  payload?: JobPayload;
  runAt?: Date;
  maxAttempts?: number;
}

const DEFAULT_MAX_ATTEMPTS = 10;
const CANDIDATES = 5;
const DUPLICATE_KEY = 11000;
const enqueued = new EventEmitter();

/** Lets the local worker wake at once instead of at its next poll. */
export function onEnqueued(listener: () => void): () => void {
  enqueued.on("job", listener);
  return () => enqueued.off("job", listener);
}

function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: Array<{ code: number }> };
  if (e.code === DUPLICATE_KEY) return true;
  return Boolean(e.writeErrors?.length) && e.writeErrors!.every((w) => w.code === DUPLICATE_KEY);
}

interface InsertTarget {
  insertMany(docs: Array<Record<string, unknown>>, options: { ordered: boolean }): Promise<unknown>;
}

/** An unordered insert that skips what a unique index refuses; returns the refused indexes. */
async function insertSkippingDuplicates(collection: InsertTarget, docs: Array<Record<string, unknown>>) {
  const refused = new Set<number>();
  if (docs.length === 0) return refused;
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    for (const e of (error as { writeErrors?: Array<{ index: number }> }).writeErrors ?? [])
      refused.add(e.index);
  }
  return refused;
}

/**
 * Adds jobs. A key enqueued before (even if that job has finished) is skipped, so enqueueing
 * is idempotent and a handler re-run after a crash cannot schedule the same follow-up twice.
 * `force` skips only that history check (for repairs such as re-creating a lost job); a key
 * that is live is still never doubled.
 */
export async function enqueueJobs(jobs: NewJob[], options: { force?: boolean } = {}): Promise<void> {
  if (jobs.length === 0) return;
  const now = new Date();
  let fresh = jobs;
  if (!options.force) {
    const refused = await insertSkippingDuplicates(
      JobKeyModel.collection,
      jobs.map((job) => ({ _id: job.key, name: job.name, at: now, failedAt: null, lastError: null })),
    );
    fresh = jobs.filter((_, i) => !refused.has(i));
  }
  await insertSkippingDuplicates(
    JobModel.collection,
    fresh.map((job) => ({
      _id: new Types.ObjectId(),
      name: job.name,
      key: job.key,
      payload: job.payload ?? {},
      status: "queued",
      runAt: job.runAt ?? clock.now(),
      attempts: 0,
      claims: 0,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
    })),
  );
  if (fresh.length > 0) enqueued.emit("job");
}

export async function enqueueJob(job: NewJob): Promise<void> {
  await enqueueJobs([job]);
}

/** Removes jobs not yet started (e.g. reminders for an invitation that was answered). */
export async function cancelJobs(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await JobModel.deleteMany({ key: { $in: keys }, status: "queued" });
}

export type ClaimedJob = Pick<
  JobRecord,
  "_id" | "name" | "key" | "payload" | "attempts" | "maxAttempts" | "claims"
>;

/**
 * Takes one due job for `owner` (or, with `lapsed`, one whose holder's lease has run out: a
 * process that died). The take is the insert of claim `claims + 1`: the loser of a race gets
 * a duplicate key and tries the next candidate. The due query has a limit and no sort, so on
 * the embedded engine it stops at the first due jobs instead of reading the whole queue.
 */
export async function claimJob(
  owner: string,
  names: string[],
  leaseMs: number,
  lapsed = false,
): Promise<ClaimedJob | null> {
  const realNow = new Date();
  const query = lapsed
    ? JobModel.find({ status: "running", name: { $in: names }, leaseUntil: { $lte: realNow } })
    : JobModel.find({ status: "queued", name: { $in: names }, runAt: { $lte: clock.now() } });
  const candidates = await query.limit(CANDIDATES).lean<ClaimedJob[]>();
  for (const candidate of candidates) {
    const claim = candidate.claims + 1;
    const refused = await insertSkippingDuplicates(JobClaimModel.collection, [
      { _id: `${String(candidate._id)}:${claim}`, job: candidate._id, owner, at: realNow },
    ]);
    if (refused.size > 0) continue;
    await JobModel.updateOne(
      { _id: candidate._id },
      {
        $set: {
          status: "running",
          leaseOwner: owner,
          leaseUntil: new Date(Date.now() + leaseMs),
          claims: claim,
        },
        $inc: { attempts: 1 },
      },
    );
    return { ...candidate, claims: claim, attempts: candidate.attempts + 1 };
  }
  return null;
}

/**
 * Whether `owner` still holds the job. Read, then write by `_id`: the embedded engine's
 * conditional updates are no more atomic than this and scan the whole collection.
 */
async function holds(jobId: unknown, owner: string): Promise<boolean> {
  const job = await JobModel.findById(jobId, { leaseOwner: 1 }).lean();
  return job?.leaseOwner === owner;
}

/** Extends a held lease; false when another process has taken the job over. */
export async function extendLease(jobId: unknown, owner: string, leaseMs: number): Promise<boolean> {
  if (!(await holds(jobId, owner))) return false;
  await JobModel.updateOne({ _id: jobId }, { $set: { leaseUntil: new Date(Date.now() + leaseMs) } });
  return true;
}

/** A finished job leaves the queue; its key stays reserved in `job_keys`. */
export async function completeJob(jobId: unknown, owner: string): Promise<void> {
  if (await holds(jobId, owner)) await JobModel.deleteOne({ _id: jobId });
}

/**
 * Puts a job back in the queue for `runAt`. `countAttempt: false` is a postponement (quiet
 * hours), not a failure, and does not use up an attempt.
 */
export async function requeueJob(
  jobId: unknown,
  owner: string,
  runAt: Date,
  options: { countAttempt: boolean; error?: string; resetAttempts?: boolean },
): Promise<void> {
  if (!(await holds(jobId, owner))) return;
  const set: Record<string, unknown> = { status: "queued", runAt, leaseOwner: null, leaseUntil: null };
  if (options.error !== undefined) set["lastError"] = options.error.slice(0, 1000);
  if (options.resetAttempts) set["attempts"] = 0;
  const update: Record<string, unknown> = { $set: set };
  if (!options.countAttempt && !options.resetAttempts) update["$inc"] = { attempts: -1 };
  await JobModel.updateOne({ _id: jobId }, update);
}

/** After the last attempt: the job leaves the queue and its failure is noted with its key. */
export async function failJob(jobId: unknown, key: string, owner: string, error: string): Promise<void> {
  if (!(await holds(jobId, owner))) return;
  await JobModel.deleteOne({ _id: jobId });
  await JobKeyModel.updateOne(
    { _id: key },
    { $set: { failedAt: new Date(), lastError: error.slice(0, 1000) } },
  );
}

/**
 * Forgets claims older than `claimsBefore` (no take can race them any more) and key
 * reservations older than `keysBefore` (longer than any job is scheduled ahead).
 */
export async function pruneJobHistory(claimsBefore: Date, keysBefore: Date): Promise<void> {
  await JobClaimModel.deleteMany({ at: { $lt: claimsBefore } });
  await JobKeyModel.deleteMany({ at: { $lt: keysBefore } });
}

/** Live jobs by status, for health checks and tests. */
export async function jobCounts(): Promise<Record<string, number>> {
  const rows = await JobModel.aggregate<{ _id: string; n: number }>([
    { $group: { _id: "$status", n: { $sum: 1 } } },
  ]);
  return Object.fromEntries(rows.map((r) => [r._id, r.n]));
}
