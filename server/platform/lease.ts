import { randomUUID } from "node:crypto";
import mongoose, { Schema } from "mongoose";

/**
 * Named leases so that exactly one process at a time does a piece of shared work (compacting
 * rollups). Time is cut into terms of `ttlMs`; whoever first inserts the document for a term
 * holds the lease for that term. An insert refused by the unique `_id` is the one write the
 * embedded engine makes atomic under concurrency (its conditional updates are not), so this
 * holds on every engine. A holder that dies simply lets its term run out.
 */
const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
const LeaseModel = mongoose.model("Lease", leaseSchema);

/** This process's identity as a lease holder. */
export const PROCESS_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

const DUPLICATE_KEY = 11000;

export interface Lease {
  /** Milliseconds left in the term this process holds. */
  remainingMs: number;
}

/** Takes the lease `name` for the current term, or confirms this process already holds it. */
export async function acquireLease(name: string, ttlMs: number, now = Date.now()): Promise<Lease | null> {
  const term = Math.floor(now / ttlMs);
  const id = `${name}@${term}`;
  const expiresAt = new Date((term + 1) * ttlMs);
  try {
    await LeaseModel.collection.insertOne({ _id: id, holder: PROCESS_ID, expiresAt } as never);
  } catch (error) {
    if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    const current = await LeaseModel.findById(id).lean();
    if (current?.holder !== PROCESS_ID) return null;
    return { remainingMs: expiresAt.getTime() - now };
  }
  // A new term was won: now and then, clear terms long past (a scan, so not every time).
  if (term % 100 === 0) {
    void LeaseModel.deleteMany({ expiresAt: { $lt: new Date(now - 10 * ttlMs) } }).catch(() => undefined);
  }
  return { remainingMs: expiresAt.getTime() - now };
}
