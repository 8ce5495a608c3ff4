import mongoose from "mongoose";

const SERVER_SELECTION_MS = 2000;
const CONNECT_TIMEOUT_MS = 3000;
const HEARTBEAT_MS = 2000;
const INITIAL_CONNECT_MS = 15_000;
const PING_TIMEOUT_MS = 1000;

/**
 * Connects mongoose to MongoDB or the embedded engine. The same options serve both: nothing
 * here may branch on which engine answers.
 */
export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
  mongoose.set("autoIndex", false);
  // During an outage a request must fail fast (503 + Retry-After), not queue behind a
  // reconnect: no mongoose buffering, a short server selection, a frequent heartbeat so the
  // returning database is noticed within seconds.
  mongoose.set("bufferCommands", false);
  const startBy = Date.now() + INITIAL_CONNECT_MS;
  for (;;) {
    try {
      await mongoose.connect(uri, {
        serverSelectionTimeoutMS: SERVER_SELECTION_MS,
        heartbeatFrequencyMS: HEARTBEAT_MS,
        // A connection attempt to a server that is restarting must not hold the monitor (or a
        // request) for the default 30 s.
        connectTimeoutMS: CONNECT_TIMEOUT_MS,
        maxPoolSize: 20,
        ...replicaSetDefaults(uri),
      });
      break;
    } catch (error) {
      // At start the database may still be coming up (compose, a restart): keep trying a while.
      if (!isDatabaseUnavailable(error) || Date.now() > startBy) throw error;
      await mongoose.disconnect().catch(() => undefined);
    }
  }
  // Unique indexes carry rules (one response per submissionId), so they must exist before
  // the first request, not whenever autoIndex gets to them.
  await Promise.all(Object.values(mongoose.models).map((model) => model.createIndexes()));
  return mongoose;
}

/**
 * On a replica set (`replicaSet=` in the URI), an acknowledged write must survive the loss of
 * the primary: write concern `majority`, and writes retried once across a failover. Options
 * the URI spells out itself (`w=`, `retryWrites=`) win. A URI without a replica set (the
 * embedded engine, a lone mongod) gets nothing added.
 */
export function replicaSetDefaults(uri: string): { writeConcern?: { w: "majority" }; retryWrites?: true } {
  const query = new URLSearchParams(uri.split("?")[1] ?? "");
  const has = (name: string): boolean =>
    [...query.keys()].some((k) => k.toLowerCase() === name.toLowerCase());
  if (!has("replicaSet")) return {};
  return {
    ...(has("w") ? {} : { writeConcern: { w: "majority" as const } }),
    ...(has("retryWrites") ? {} : { retryWrites: true as const }),
  };
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** True when the database answers a ping; used by the health check. */
export async function databaseIsUp(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await db.admin().ping({ timeoutMS: PING_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

/**
 * True while the driver's monitor has lost the database (mongoose follows its heartbeat):
 * writes can then be refused at once instead of each waiting out a server selection.
 */
export function databaseKnownDown(): boolean {
  return mongoose.connection.readyState !== mongoose.ConnectionStates.connected;
}

const UNAVAILABLE_NAMES = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoPoolClearedError",
  "MongoServerClosedError",
  "MongoTopologyClosedError",
  "MongoOperationTimeoutError",
]);
const UNAVAILABLE_LABELS = new Set([
  "ResetPool",
  "RetryableWriteError",
  "RetryableError",
  "SystemOverloadedError",
  "NetworkError",
]);
// Server answers meaning "not now" (shutting down, stepping down, no primary), not "never".
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * True when an error means the database cannot be reached right now (down, restarting, the
 * connection dropped): the request may be retried and should answer 503, never 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: unknown; errorLabels?: unknown; message?: string } | null;
  if (!e || typeof e !== "object") return false;
  if (e.name && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === "number" && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name !== "MongoBulkWriteError" && isEngineNotNow(e)) return true;
  const labels = Array.isArray(e.errorLabels) ? (e.errorLabels as unknown[]) : [];
  if (labels.some((label) => UNAVAILABLE_LABELS.has(String(label)))) return true;
  // A bulk write (insertMany) wraps a connection failure with no per-document errors and no
  // code, and the embedded engine's refusal of the whole command with that refusal's code.
  const writeErrors = (e as { writeErrors?: Array<{ code?: unknown; errmsg?: string }> }).writeErrors;
  if (
    e.name === "MongoBulkWriteError" &&
    !writeErrors?.length &&
    (e.code === undefined || isEngineNotNow(e))
  ) {
    return true;
  }
  // …or, on the embedded engine, answers each document it could not write with "busy".
  const busy = (w: { code?: unknown; errmsg?: string }) =>
    isEngineNotNow({ code: w.code, message: w.errmsg });
  if (
    e.name === "MongoBulkWriteError" &&
    writeErrors?.some(busy) &&
    writeErrors.every((w) => w.code === 11000 || busy(w))
  ) {
    return true;
  }
  // mongoose's own refusal while disconnected (bufferCommands off, or a buffered call timing out).
  return (
    e.name === "MongooseError" &&
    /before initial connection|buffering timed out|not connected/i.test(e.message ?? "")
  );
}

/**
 * The embedded engine (FerretDB on SQLite) answers InternalError "database is locked
 * (SQLITE_BUSY)" when a write waited 10 s for SQLite's single writer: "not now", like a
 * primary stepping down, so callers answer 503 + Retry-After and clients retry.
 */
function isEngineBusy(e: { code?: unknown; message?: string }): boolean {
  return e.code === 1 && /database is locked|SQLITE_BUSY/.test(e.message ?? "");
}

/**
 * Busy (above), or stopping: an engine told to stop cancels the commands it is running and
 * answers each with InternalError "… context canceled" before it closes its connections (seen
 * on inserts in test/process/faults.test.ts). Whether such a write landed is unknown, as with a
 * dropped connection, so it is "not now" too: callers give the batch up for the repair and
 * answer 503.
 */
function isEngineNotNow(e: { code?: unknown; message?: string }): boolean {
  return isEngineBusy(e) || (e.code === 1 && /context canceled/.test(e.message ?? ""));
}

/** Adds a database name to a MongoDB URI, keeping its options. */
export function withDatabaseName(uri: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`Not a MongoDB URI: ${uri}`);
  return `${match[1]}/${name}${match[3] ?? ""}`;
}
