import type { Types } from "mongoose";
import {
  settleDelta,
  unsettledDelta,
  unsettledDeltas,
  type DeltaSource,
  type UnsettledDelta,
} from "@server/analytics/rollups.service.js";
import { databaseKnownDown, isDatabaseUnavailable } from "@server/platform/database.js";
import { AppError } from "@server/platform/errors.js";
import { domainEvents } from "@server/platform/events.js";
import { goneProcesses, isSoleProcess, processGone } from "@server/platform/process-registry.js";
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
 *
 * Finding unsettled deltas means reading every delta (on the embedded engine any filter but
 * `_id` decodes the whole collection, and under load that is hundreds of pending deltas): a
 * quarter to a whole second of engine time each time during the ingest benchmark. So the
 * periodic repair looks up this process's given-up batches by id, and sweeps the whole
 * collection only when a writer may have left work behind: another process is newly gone, a
 * sweep had to leave a gone writer's delta for later, or a minute has passed (a writer that
 * stopped without a heartbeat to show it).
 */

/** The batch's insert may still be on its way into the database this long after it failed. */
const IN_FLIGHT_MS = 2000;

/** This process's batches that failed with an unknown outcome: delta id → when. */
const givenUp = new Map<string, number>();

export function giveUpBatch(deltaIds: Types.ObjectId[], now = Date.now()): void {
  for (const id of deltaIds) givenUp.set(String(id), now);
}

/** Settle now; leave to a live writer; or look again shortly (its last insert may still land). */
type Verdict = "settle" | "live" | "later";

async function verdict(delta: UnsettledDelta, now: number): Promise<Verdict> {
  const failedAt = givenUp.get(String(delta._id));
  if (failedAt !== undefined) return failedAt <= now - IN_FLIGHT_MS ? "settle" : "later";
  if (!(await processGone(delta.writer, now))) return "live";
  // On the embedded engine a dead server's engine was stopped before ours started, so nothing
  // of its is still on the way; on MongoDB its last insert may still be landing.
  return isSoleProcess() || delta.createdAt.getTime() <= now - IN_FLIGHT_MS ? "settle" : "later";
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

/** Settles every unsettled delta no live batch can still change (see above): a sweep. */
export async function repairUnsettledWrites(now = Date.now()): Promise<RepairReport> {
  return (await sweep(now)).report;
}

async function sweep(now: number): Promise<{ report: RepairReport; later: number }> {
  const report: RepairReport = { settled: 0, counted: 0, discarded: 0 };
  let later = 0;
  const seen = new Set<string>();
  for (const delta of await unsettledDeltas()) {
    seen.add(String(delta._id));
    const next = await verdict(delta, now);
    if (next === "later") later += 1;
    if (next === "settle") count(report, await settleOrphan(delta));
  }
  forgetGivenUp(seen, now);
  return { report, later };
}

/** This process's given-up batches only, each looked up by id: no sweep. */
async function repairGivenUp(now: number): Promise<RepairReport> {
  const report: RepairReport = { settled: 0, counted: 0, discarded: 0 };
  const seen = new Set<string>();
  for (const id of [...givenUp.keys()]) {
    const delta = await unsettledDelta(id);
    if (!delta) continue;
    seen.add(id);
    if ((await verdict(delta, now)) === "settle") count(report, await settleOrphan(delta));
  }
  forgetGivenUp(seen, now);
  return report;
}

function count(report: RepairReport, stored: number): void {
  report.settled += 1;
  report.counted += stored;
  if (stored === 0) report.discarded += 1;
}

/** A given-up delta whose own insert never landed (or that is settled) is not there to settle. */
function forgetGivenUp(unsettled: Set<string>, now: number): void {
  for (const [id, failedAt] of givenUp) {
    if (!unsettled.has(id) && failedAt <= now - IN_FLIGHT_MS) givenUp.delete(id);
  }
}

/** Settles a delta its writer left to exactly what its batch stored; returns how many. */
async function settleOrphan(delta: UnsettledDelta): Promise<number> {
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
  return stored.ids.length;
}

/** A writer stopped without a heartbeat to show it (the crash tests' stand-in): sweep next time. */
let sweepRequested = false;
export function sweepSoon(): void {
  sweepRequested = true;
}

const REPAIR_EVERY_MS = 2000;
const SWEEP_AT_LEAST_EVERY_MS = 60_000;

/**
 * Runs the repair every two seconds until stopped (skipped while the database is away): a
 * sweep when one is due (see above), else this process's given-up batches by id. The first
 * tick sweeps: the sweep at start may have left a just-dead writer's delta for later.
 */
export function startWriteRepair(
  onRepair: (report: RepairReport) => void,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const swept = new Set<string>();
  let sweptAt = -Infinity;
  const repair = async (now: number): Promise<RepairReport> => {
    const gone = await goneProcesses(now);
    // A process that looked gone (a stale heartbeat during an outage) and beats again: its
    // next going counts as new.
    for (const id of swept) if (!gone.includes(id)) swept.delete(id);
    const due =
      sweepRequested || gone.some((id) => !swept.has(id)) || now - sweptAt >= SWEEP_AT_LEAST_EVERY_MS;
    if (!due) return repairGivenUp(now);
    sweepRequested = false;
    const { report, later } = await sweep(now);
    for (const id of gone) swept.add(id);
    sweptAt = now;
    if (later > 0) sweepRequested = true;
    return report;
  };
  const timer = setInterval(() => {
    if (running || databaseKnownDown()) return;
    running = repair(Date.now())
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
