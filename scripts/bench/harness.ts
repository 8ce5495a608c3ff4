import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../server/platform/config.js";
import { withDatabaseName } from "../../server/platform/database.js";
import { ensureEngineBinary, FERRETDB_VERSION, startEngine } from "../../server/platform/embedded-engine.js";
import { buildServer, SERVER_NODE_FLAGS } from "../build-server.js";
import { seedDashboardData } from "./dashboard-seed.js";

/**
 * What every benchmark needs: one database engine, the real server as a child process, and a
 * teardown that runs whatever happens, so a failed run leaves no engine or server behind.
 */
export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");

export const log = (message: string): void => void process.stderr.write(`${message}\n`);

/** Cleanup steps, run in reverse order of registration; a failing step does not stop the rest. */
export class Teardown {
  private steps: Array<{ label: string; step: () => Promise<unknown> }> = [];
  private running: Promise<void> | null = null;

  add(label: string, step: () => Promise<unknown>): void {
    this.steps.push({ label, step });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { label, step } of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`teardown: ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.running;
  }

  /** Ctrl-C mid-run still stops the child server and the engine before exiting. */
  exitOnSignals(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      log(`\n${signal}: tearing down…`);
      void this.run().finally(() => process.exit(1));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
}

export interface BenchEngine {
  /** Base URI without a database name. */
  uri: string;
  description: string;
  /** True when MONGODB_URI points at a server we do not own: drop what we create there. */
  external: boolean;
  /** The engine's process, for CPU accounting; null when it is not ours (MONGODB_URI). */
  pid: number | null;
}

/** MONGODB_URI when set, else a fresh embedded engine in a temporary directory. */
export async function openEngine(teardown: Teardown): Promise<BenchEngine> {
  const config = loadConfig();
  if (config.mongodbUri) {
    return { uri: config.mongodbUri, description: "MONGODB_URI", external: true, pid: null };
  }
  const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, log);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-bench-engine-"));
  teardown.add("remove engine data", () => rm(dataDir, { recursive: true, force: true }));
  const engine = await startEngine({ binary, dataDir });
  teardown.add("stop engine", () => engine.stop());
  return {
    uri: engine.uri,
    description: `embedded FerretDB ${FERRETDB_VERSION} on SQLite (pid ${engine.pid}, data in ${dataDir})`,
    external: false,
    pid: engine.pid,
  };
}

/** A database name no earlier run used, so results never mix with leftovers. */
export function freshDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

/** A child process that serves HTTP, started by `startListeningProcess`. */
export interface ListeningProcess {
  url: string;
  pid: number;
  exited(): boolean;
  /** Recent output of the process, for diagnosing errors seen under load. */
  logTail(): string[];
  stop(): Promise<void>;
}

export interface ServerProcess extends ListeningProcess {
  /** The admin password the demo seed was given. */
  adminPassword: string;
  adminEmail: string;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

let bundle: Promise<string> | null = null;

/**
 * Starts the server in its own process, as production runs it (the compiled bundle, see
 * scripts/build-server.ts, built once per run): the load generator must not share (and so
 * steal from) the server's event loop. Resolves once it prints its listening URL.
 */
export async function startServerProcess(
  baseUri: string,
  databaseName: string,
  extraEnv: Record<string, string> = {},
): Promise<ServerProcess> {
  const adminPassword = randomBytes(12).toString("base64url");
  const adminEmail = "admin@example.org";
  bundle ??= buildServer();
  const child = await startListeningProcess("the server", [...SERVER_NODE_FLAGS, await bundle], {
    MONGODB_URI: withDatabaseName(baseUri, databaseName),
    PORT: "0",
    LOG_LEVEL: "warn",
    SEED_DEMO: "1",
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    SUBMIT_RATE_LIMIT_PER_MINUTE: "0",
    ...extraEnv,
  });
  return { ...child, adminPassword, adminEmail };
}

/**
 * Runs `node <args>` with our environment plus `env`, and resolves once the child prints
 * "listening on http://…"; `name` is what errors call it.
 */
export async function startListeningProcess(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ListeningProcess> {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  let exitInfo: string | null = null;
  let onLine: ((line: string) => void) | null = null;
  // Both pipes are read for the whole run: a full pipe would block the child's writes.
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      onLine?.(line);
      tail.push(line);
    }
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exitInfo = `exit code ${code}, signal ${signal}`;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exitInfo) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), START_TIMEOUT_MS);
    onLine = (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.once("error", reject);
    void exited.then(() => reject(new Error(`${name} exited before listening (${exitInfo})`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tail.join("\n")}`);
  });
  onLine = null;
  // From here on the tail holds only what the child said under load (warnings, errors).
  tail.length = 0;
  return {
    url,
    pid: child.pid ?? -1,
    exited: () => exitInfo !== null,
    logTail: () => [...tail],
    stop,
  };
}

export interface Memory {
  rssMb: number;
  peakRssMb: number;
}

/** Resident and peak resident memory of a process, from /proc (Linux only; null elsewhere). */
export function processMemory(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    const rss = kb("VmRSS");
    const peak = kb("VmHWM");
    if (!Number.isFinite(rss)) return null;
    return { rssMb: rss / 1024, peakRssMb: Number.isFinite(peak) ? peak / 1024 : rss / 1024 };
  } catch {
    return null;
  }
}

/** The lines every benchmark report starts with, so figures are never read without context. */
export function machineHeader(): string[] {
  const cpus = os.cpus();
  return [
    `date:  ${new Date().toISOString()}`,
    `node:  ${process.version} (${process.platform}/${process.arch})`,
    `cpus:  ${os.availableParallelism()} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    `memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  ];
}

/**
 * A fresh engine and the server on a database of its own, both stopped by `teardown`: the
 * set-up every server benchmark starts with. With `responses`, the database first gets the
 * dashboard benchmark's seed (an agency, one open community-trust survey, that many stored
 * responses and their rollups), so load runs against an agency of that size rather than an
 * empty demo.
 */
export async function startBenchServer(
  teardown: Teardown,
  databasePrefix: string,
  options: { responses?: number } = {},
) {
  const engine = await openEngine(teardown);
  log(`engine: ${engine.description}`);
  const database = freshDatabaseName(databasePrefix);
  let seededAdmin: { email: string; password: string } | null = null;
  if (options.responses) {
    seededAdmin = { email: "admin@example.org", password: randomBytes(12).toString("base64url") };
    log(`seeding ${options.responses} responses into ${database}…`);
    const seed = await seedDashboardData(engine.uri, database, options.responses, seededAdmin, log);
    log(
      `seeded: inserts ${seed.insertSeconds.toFixed(1)} s, rollups ${seed.rollupSeconds.toFixed(1)} s (${seed.rollups} rollups)`,
    );
  }
  const started = await startServerProcess(
    engine.uri,
    database,
    seededAdmin
      ? {
          SEED_DEMO: "0",
          BOOTSTRAP_ADMIN_EMAIL: seededAdmin.email,
          BOOTSTRAP_ADMIN_PASSWORD: seededAdmin.password,
        }
      : {},
  );
  const server: ServerProcess = seededAdmin
    ? { ...started, adminEmail: seededAdmin.email, adminPassword: seededAdmin.password }
    : started;
  teardown.add("stop server", () => server.stop());
  log(`server: ${server.url} (pid ${server.pid})`);
  return { engine, server };
}
