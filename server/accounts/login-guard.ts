import { createHash } from "node:crypto";
import { AppError } from "@server/platform/errors.js";
import { clock } from "@server/platform/clock.js";
import { LoginFailureModel } from "./login-failure.model.js";

/** How many wrong passwords an account takes before it locks, and for how long. */
export interface LockoutPolicy {
  threshold: number;
  lockMs: number;
}

const keyOf = (email: string): string =>
  createHash("sha256").update(`login:${email.toLowerCase()}`).digest("hex");

interface FailureRecord {
  failures: number;
  firstAt: Date;
  lockedUntil: Date | null;
}

/** A record whose lock has run out, or whose failures are older than one lock period, is forgotten. */
function isStale(record: FailureRecord, policy: LockoutPolicy, now: number): boolean {
  if (record.lockedUntil) return record.lockedUntil.getTime() <= now;
  return record.firstAt.getTime() + policy.lockMs <= now;
}

/**
 * Refuses a sign-in while the email is locked, before any password is checked. Answers 429
 * with the time left, for every address alike (with or without an account). Resolves to
 * whether earlier failures are on record.
 */
export async function assertNotLocked(email: string): Promise<boolean> {
  const record = await LoginFailureModel.findById(keyOf(email)).lean<FailureRecord>();
  if (!record) return false;
  const now = clock.nowMs();
  if (record.lockedUntil && record.lockedUntil.getTime() > now) {
    const seconds = Math.ceil((record.lockedUntil.getTime() - now) / 1000);
    throw new AppError(
      429,
      "account_locked",
      `Too many failed sign-ins for this account. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
      undefined,
      { "Retry-After": String(seconds) },
    );
  }
  return true;
}

/** Counts one wrong password; the failure that reaches the threshold locks the email. */
export async function recordFailure(email: string, policy: LockoutPolicy): Promise<void> {
  const _id = keyOf(email);
  const now = clock.nowMs();
  const existing = await LoginFailureModel.findById(_id).lean<FailureRecord>();
  if (existing && isStale(existing, policy, now)) await LoginFailureModel.deleteOne({ _id });
  // $inc keeps concurrent failures from overwriting each other's count.
  const updated = await LoginFailureModel.findOneAndUpdate(
    { _id },
    { $inc: { failures: 1 }, $setOnInsert: { firstAt: new Date(now), lockedUntil: null } },
    { upsert: true, returnDocument: "after" },
  ).lean<FailureRecord>();
  if (updated && updated.failures >= policy.threshold && !updated.lockedUntil) {
    await LoginFailureModel.updateOne({ _id }, { $set: { lockedUntil: new Date(now + policy.lockMs) } });
  }
}

/**
 * Deletes failure records that no longer count (lock run out, or failures older than one lock
 * period: `isStale`), so the collection holds only live ones. Returns how many went.
 */
export async function pruneLoginFailures(policy: Pick<LockoutPolicy, "lockMs">): Promise<number> {
  const now = clock.nowMs();
  const { deletedCount } = await LoginFailureModel.deleteMany({
    $or: [
      { lockedUntil: { $ne: null, $lte: new Date(now) } },
      { lockedUntil: null, firstAt: { $lte: new Date(now - policy.lockMs) } },
    ],
  });
  return deletedCount;
}

/** A successful sign-in forgets earlier failures (only written when there were any). */
export async function clearFailures(email: string, hadFailures: boolean): Promise<void> {
  if (hadFailures) await LoginFailureModel.deleteOne({ _id: keyOf(email) });
}
