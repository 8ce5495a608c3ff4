import { existsSync, readFileSync, unlinkSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { EngineError } from "./embedded-engine.js";

/**
 * One engine per data directory. Whoever starts the embedded engine (the server, the CLI)
 * holds `community-pulse.lock` in DATA_DIR for the engine's life, with its own pid and the
 * engine's. A second process on the same directory is refused with one line; a lock left by
 * a process that died (kill -9) is taken over, and the engine it left running is stopped
 * first, after checking by its command line that it is that directory's FerretDB.
 */
export const LOCK_FILE = "community-pulse.lock";

interface LockRecord {
  owner: number;
  engine: number | null;
}

/** What /proc says a process runs, or null when there is no such process (or no /proc). */
function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
}

/** Running: a process that ended but was not yet reaped by its (new) parent does not count. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (name) state …"; Z is a zombie, X dead.
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0];
    return state !== "Z" && state !== "X";
  } catch {
    return true;
  }
}

/** A live process that is one of ours (node), not another program that got the pid. */
const ownerAlive = (pid: number): boolean =>
  pid !== process.pid && alive(pid) && (commandLine(pid)?.includes("node") ?? true);

async function stopOrphan(pid: number, dataDir: string): Promise<boolean> {
  const command = commandLine(pid);
  if (!command || !command.includes("ferretdb") || !command.includes(dataDir)) return false;
  process.kill(pid, "SIGTERM");
  for (let waited = 0; waited < 5000 && alive(pid); waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) process.kill(pid, "SIGKILL");
  return true;
}

/** The lock's record, or null while it is being written (or was torn by a crash). */
async function readLock(file: string): Promise<LockRecord | null> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as LockRecord;
  } catch {
    await new Promise((r) => setTimeout(r, 200));
    return null;
  }
}

export interface DataDirLock {
  /** Records the engine's pid, so a later start can stop it if this process dies. */
  engineStarted(pid: number): Promise<void>;
  release(): void;
}

/** Takes the data directory for this process, or throws an EngineError naming who holds it. */
export async function lockDataDir(dataDir: string, notice: (message: string) => void): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify({ owner: process.pid, engine: null } satisfies LockRecord), {
        flag: "wx",
      });
      const write = (record: LockRecord) => fs.writeFile(file, JSON.stringify(record));
      return {
        engineStarted: (engine) => write({ owner: process.pid, engine }),
        release: () => {
          if (existsSync(file)) unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    const record = await readLock(file);
    if (record && ownerAlive(record.owner)) {
      throw new EngineError(
        `DATA_DIR ${dataDir} is in use by another Community Pulse process (pid ${record.owner}): stop it first, or set DATA_DIR to another directory.`,
      );
    }
    if (record?.engine && (await stopOrphan(record.engine, dataDir)))
      notice(
        `Stopped the embedded engine (pid ${record.engine}) that a stopped process left running on ${dataDir}.`,
      );
    if (record || attempt > 0) await fs.rm(file, { force: true });
  }
  throw new EngineError(`DATA_DIR ${dataDir} is locked (${file}) and the lock could not be taken over.`);
}
