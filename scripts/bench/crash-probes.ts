import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { MongoClient, ObjectId } from "mongodb";
import { alive, LOCK_FILE } from "../../server/platform/data-dir-lock.js";

/**
 * What the crash scenario observes from outside the server: processes in /proc, the lock file
 * in DATA_DIR, and the stored rows read straight from the engine. Nothing here calls server
 * code, so the checks hold whichever way the server makes its counting crash-safe.
 */

/** The database the server creates on its embedded engine (server/server.ts). */
const EMBEDDED_DATABASE = "communitypulse";

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** Is `pid` a live FerretDB serving `dataDir` (and not some other process that reused the pid)? */
export function isEngineOf(pid: number, dataDir: string): boolean {
  const command = commandLine(pid);
  return alive(pid) && command.includes("ferretdb") && command.includes(`file:${dataDir}/`);
}

/** Every live FerretDB process whose command line names `dataDir`: one, or the lock failed. */
export function enginesOn(dataDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => isEngineOf(pid, dataDir));
}

/** The engine pid the lock file records, or null while there is none (or it is being written). */
export function lockedEnginePid(dataDir: string): number | null {
  try {
    const record = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8")) as { engine?: unknown };
    return typeof record.engine === "number" ? record.engine : null;
  } catch {
    return null;
  }
}

/** The port an engine listens on, from its `--listen-addr` (it is given a free port at start). */
export function enginePort(pid: number): number | null {
  const match = /--listen-addr=[^\s:]+:(\d+)/.exec(commandLine(pid));
  return match ? Number(match[1]) : null;
}

/**
 * The survey's stored responses by submissionId (how many rows each), read through the engine
 * the running server started. A scan, but of a few thousand small documents.
 */
export async function storedRows(port: number, surveyId: string): Promise<Map<string, number>> {
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/${EMBEDDED_DATABASE}`, {
    serverSelectionTimeoutMS: 5000,
  });
  const rows = new Map<string, number>();
  try {
    const cursor = client
      .db(EMBEDDED_DATABASE)
      .collection<{ submissionId: string }>("responses")
      .find({ survey: new ObjectId(surveyId) }, { projection: { _id: 0, submissionId: 1 } });
    for await (const row of cursor) rows.set(row.submissionId, (rows.get(row.submissionId) ?? 0) + 1);
  } finally {
    await client.close();
  }
  return rows;
}

export const total = (rows: ReadonlyMap<string, number>): number =>
  [...rows.values()].reduce((sum, count) => sum + count, 0);
