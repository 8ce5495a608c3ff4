import type { Types } from "mongoose";
import {
  settleDelta,
  unsettledDeltas,
  type DeltaSource,
  type UnsettledDelta,
} from "@server/analytics/rollups.service.js";
import { databaseKnownDown, isDatabaseUnavailable } from "@server/platform/database.js";
import { AppError } from "@server/platform/errors.js";
import { domainEvents } from "@server/platform/events.js";
import { isSoleProcess, processGone } from "@server/platform/process-registry.js";
import { markHasResponses } from "@server/surveys/surveys.service.js";
import { ResponseModel } from "./response.model.js";

/**
 * Counts equal stored responses, whatever is killed, whenever.
 *
 * A write batch first inserts its rollup deltas unsettled (the intent record: which response
 * ids it is about to store), then the responses, each carrying its delta's id in `batch`,
 * then settles the deltas with what the stored ones add. Readers and the compactor count settled deltas only.
 * A crash or a lost connection can stop the sequence anywhere:
 *
 * - before the responses' insert: nothing was stored under that delta;
 * - after it, before settling: the responses are stored and their resend answers "duplicate".
 *
 * Either way an unsettled delta remains, and `repairUnsettledWrites` settles it to exactly the
 * responses stored *by its batch* (`batch` equal to the delta's id: an earlier copy of the same
 * submission was counted by its own batch), reading what they add from the responses. It runs
 * on start, before any request is served, and then every few seconds. It touches a delta only
 * when no insert of its batch can still land: its writer is gone (process-registry.ts), or is
 * this process and gave the batch up.
 */

/** The batch's insert may still be on its way into the database this long after it failed. */
const IN_FLIGHT_MS = 2000;

/** This process's batches that failed with an unknown outcome: delta id → when. */
const givenUp = new Map<string, number>();

export function giveUpBatch(deltaIds: Types.ObjectId[], now = Date.now()): void {
  for (const id of deltaIds) givenUp.set(String(id), now);
}

async function settleable(delta: UnsettledDelta, now: number): Promise<boolean> {
  const failedAt = givenUp.get(String(delta._id));
  if (failedAt !== undefined) return failedAt <= now - IN_FLIGHT_MS;
  if (!(await processGone(delta.writer, now))) return false;
  // On the embedded engine a dead server's engine was stopped before ours started, so nothing
  // of its is still on the way; on MongoDB its last insert may still be landing.
  return isSoleProcess() || delta.createdAt.getTime() <= now - IN_FLIGHT_MS;
}

/**
 * The responses the delta's own batch stored (each id once), with what they add, read back
 * from the responses themselves: `batch` equal to the delta's id tells them from an earlier
 * copy of the same submission, which its own batch counted.
 */
async function storedByBatch(delta: UnsettledDelta): Promise<{ ids: string[]; sources: DeltaSource[] }> {
  const found = await ResponseModel.collection
    .find({ _id: { $in: [...new Set(delta.ids)] } } as never, {
      projection: {
        batch: 1,
        version: 1,
        answers: 1,
        periods: 1,
        district: 1,
        scores: 1,
        cell: 1,
        unit: 1,
        officer: 1,
      },
    })
    .toArray();
  const ours = found.filter((doc) => String(doc["batch"]) === String(delta._id));
  return {
    ids: ours.map((doc) => String(doc._id)),
    sources: ours.map((doc) => ({
      version: doc["version"] as number,
      answers: doc["answers"] as DeltaSource["answers"],
      periods: doc["periods"] as DeltaSource["periods"],
      district: (doc["district"] as string | null) ?? null,
      scores: (doc["scores"] as DeltaSource["scores"]) ?? {},
      cell: (doc["cell"] as string | null | undefined) ?? null,
      unit: (doc["unit"] as string | null | undefined) ?? null,
      officer: (doc["officer"] as string | null | undefined) ?? null,
    })),
  };
}

export interface RepairReport {
  settled: number;
  counted: number;
  discarded: number;
}

/** Settles every unsettled delta no live batch can still change (see above). */
export async function repairUnsettledWrites(now = Date.now()): Promise<RepairReport> {
  const report: RepairReport = { settled: 0, counted: 0, discarded: 0 };
  const seen = new Set<string>();
  for (const delta of await unsettledDeltas()) {
    seen.add(String(delta._id));
    if (!(await settleable(delta, now))) continue;
    const stored = await storedByBatch(delta);
    // Views move with the token: a repaired delta changes it, so cached views are read again.
    await settleDelta(
      { ...delta, ...stored },
      stored.ids.map((_, i) => i),
      { moveViews: false },
    );
    givenUp.delete(String(delta._id));
    if (stored.ids.length > 0) {
      // What the batch would have done had it finished: the survey has responses, and live
      // dashboards hear of them.
      await markHasResponses(delta.survey);
      domainEvents.emit("response.stored", {
        surveyId: delta.survey,
        agencyId: delta.agency,
        count: stored.ids.length,
      });
    }
    report.settled += 1;
    report.counted += stored.ids.length;
    if (stored.ids.length === 0) report.discarded += 1;
  }
  // A given-up delta whose own insert never landed is not there to settle.
  for (const [id, failedAt] of givenUp) {
    if (!seen.has(id) && failedAt <= now - IN_FLIGHT_MS) givenUp.delete(id);
  }
  return report;
}

const REPAIR_EVERY_MS = 2000;

/** Runs the repair every two seconds until stopped (skipped while the database is away). */
export function startWriteRepair(
  onRepair: (report: RepairReport) => void,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running || databaseKnownDown()) return;
    running = repairUnsettledWrites()
      .then((report) => report.settled > 0 && onRepair(report), onError)
      .finally(() => (running = null));
  }, REPAIR_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** A failed batch answers 503 + Retry-After to every request in it when the database is away. */
export function retryable(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  const refusal = unavailable();
  refusal.cause = error;
  return refusal;
}

export function unavailable(): AppError {
  return new AppError(503, "unavailable", "The database is not reachable. Try again shortly.", undefined, {
    "Retry-After": "5",
  });
}
