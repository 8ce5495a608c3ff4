import { addToRollups, type CountedResponse } from "@server/analytics/rollups.service.js";
import { databaseKnownDown, isDatabaseUnavailable } from "@server/platform/database.js";
import { AppError } from "@server/platform/errors.js";
import { ResponseModel } from "./response.model.js";

/**
 * What a failed group-commit batch leaves behind, and how each request in it is answered.
 *
 * Responses whose insert failed on a dropped connection: the database may have stored them
 * without our knowing, and their rollup deltas were certainly not written. The client's retry
 * then answers "duplicate" and would never count them. Once the database is back, each one is
 * looked up by `_id`: found with the very `createdAt` of our attempt means our insert landed,
 * so it is counted now. A retry that stored it instead carries its own `createdAt` and was
 * counted by its own batch.
 */
interface Uncertain {
  createdAt: number;
  counted: CountedResponse;
}

const RECHECK_MS = 1000;
const uncertain = new Map<string, Uncertain>();
let timer: NodeJS.Timeout | null = null;

export function rememberUncertainInserts(
  items: Array<{ id: string; createdAt: Date; counted: CountedResponse }>,
): void {
  for (const item of items)
    uncertain.set(item.id, { createdAt: item.createdAt.getTime(), counted: item.counted });
  schedule();
}

function schedule(): void {
  if (timer || uncertain.size === 0) return;
  timer = setTimeout(() => {
    timer = null;
    void settle();
  }, RECHECK_MS);
  timer.unref();
}

async function settle(): Promise<void> {
  if (databaseKnownDown()) return schedule();
  const entries = [...uncertain];
  const landed: CountedResponse[] = [];
  try {
    // One `_id` lookup each: the only query the embedded engine answers without a scan.
    for (const [id, entry] of entries) {
      const doc = await ResponseModel.collection.findOne({ _id: id } as never, {
        projection: { createdAt: 1 },
      });
      const storedAt = (doc as { createdAt?: Date } | null)?.createdAt?.getTime();
      if (storedAt === entry.createdAt) landed.push(entry.counted);
    }
  } catch {
    return schedule();
  }
  for (const [id] of entries) uncertain.delete(id);
  // Not retried on failure: a delta that was written but not acknowledged would count twice.
  if (landed.length > 0) await addToRollups(landed).catch(() => undefined);
  schedule();
}

const UNDO_WINDOW_MS = 2000;

/** Deletes responses this batch inserted; retried briefly, since the database may be away. */
export async function undoInserts(ids: string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const giveUpAt = Date.now() + UNDO_WINDOW_MS;
  for (;;) {
    try {
      await ResponseModel.collection.deleteMany({ _id: { $in: ids } } as never);
      return true;
    } catch {
      if (Date.now() > giveUpAt) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * A failed batch answers 503 + Retry-After to every request in it when the database is away.
 * Responses that stayed stored uncounted are named in the logged cause: a rollup rebuild of
 * their survey counts them.
 */
export function retryable(error: unknown, uncounted: string[] = []): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  const refusal = unavailable();
  refusal.cause = uncounted.length > 0 ? { error, uncountedResponseIds: uncounted } : error;
  return refusal;
}

export function unavailable(): AppError {
  return new AppError(503, "unavailable", "The database is not reachable. Try again shortly.", undefined, {
    "Retry-After": "5",
  });
}
