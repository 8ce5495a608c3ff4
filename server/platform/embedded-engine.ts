import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { lockDataDir } from "./data-dir-lock.js";
import { goModuleHash } from "./go-module-hash.js";
import { PROJECT_ROOT } from "./paths.js";

/**
 * The embedded database engine: FerretDB on SQLite, a MongoDB-wire-compatible server that
 * needs no MongoDB binary. Built once from the Go module proxy, with our patches, into a
 * per-user cache, then started and stopped by whoever needs a database (the server, the CLI,
 * the test runner).
 */
export const FERRETDB_MODULE = "github.com/FerretDB/FerretDB";
export const FERRETDB_VERSION = "v1.24.2";
/** go.sum's hash of the module's files at that version; the build refuses anything else. */
export const FERRETDB_MODULE_SUM = "h1:trrUU0LbmusMbyubhPS1IELncvrIwKrsRT2LW1UUWCw=";

/**
 * Patches applied in this order to the module's source before building (each file says why).
 * id-index.patch: lookups by `_id`, and `$in` on `_id`, use the `_id` index (issue 14).
 * sjson-decode.patch: stored rows decode into documents in one pass, several times faster (issue 14).
 */
export const ENGINE_PATCHES = ["id-index.patch", "sjson-decode.patch"] as const;
const PATCH_DIR = path.join(PROJECT_ROOT, "server", "platform", "ferretdb-patches");

export class EngineError extends Error {}

export type Progress = (message: string) => void;

/**
 * Names a build by the version and the patches' contents, so a binary built before a patch
 * changed (or from the released source) is never reused.
 */
export function engineBuildKey(patches: readonly string[] = ENGINE_PATCHES): string {
  if (patches.length === 0) return `ferretdb-${FERRETDB_VERSION}-released`;
  const hash = createHash("sha256");
  for (const name of patches) {
    hash.update(`${name}\n`);
    hash.update(readFileSync(path.join(PATCH_DIR, name)));
  }
  return `ferretdb-${FERRETDB_VERSION}-${hash.digest("hex").slice(0, 12)}`;
}

/** Where the engine binary lives: `FERRETDB_BIN`, else the per-user cache. */
export function engineBinaryPath(
  cacheDir: string,
  override: string | null,
  patches: readonly string[] = ENGINE_PATCHES,
): string {
  return override ?? path.join(cacheDir, engineBuildKey(patches), "ferretdb");
}

function available(command: string, args: string[]): boolean {
  const probe = spawnSync(command, args, { stdio: "ignore" });
  return probe.status === 0;
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else
        reject(new EngineError(`${command} ${args.join(" ")} failed (exit ${code}):\n${err.slice(-4000)}`));
    });
  });
}

/**
 * Makes sure the engine binary exists, building it when missing. `patches` other than
 * `ENGINE_PATCHES` are for comparisons (the engine benchmark builds the released engine with none).
 *
 * The module source is fetched with `go mod download`, copied, checked against
 * `FERRETDB_MODULE_SUM`, patched and built with `go build`. (`go install …@v1.24.2` alone would
 * also yield a binary that panics at start: the module archive lacks the generated
 * `build/version/version.txt`, which is written here.)
 */
export async function ensureEngineBinary(
  cacheDir: string,
  override: string | null,
  progress: Progress,
  patches: readonly string[] = ENGINE_PATCHES,
): Promise<string> {
  const binary = engineBinaryPath(cacheDir, override, patches);
  if (existsSync(binary)) return binary;
  if (override) throw new EngineError(`FERRETDB_BIN points at ${override}, which does not exist.`);
  if (!available("go", ["version"]) || !available("git", ["--version"])) {
    throw new EngineError(
      "The embedded database engine (FerretDB " +
        FERRETDB_VERSION +
        ") must be built once, and that needs Go and git on the PATH.\n" +
        "Install Go (1.22 or newer) and git, or set MONGODB_URI to a MongoDB server, or FERRETDB_BIN to a built ferretdb binary.",
    );
  }
  const started = Date.now();
  progress(
    `Building the embedded database engine FerretDB ${FERRETDB_VERSION} with ${patches.length} patch(es) (first run only, about a minute)…`,
  );
  const heartbeat = setInterval(() => {
    progress(`  still building the engine (${Math.round((Date.now() - started) / 1000)} s)…`);
  }, 15_000);
  // The Go toolchain needs the caller's environment (PATH, GOPATH, proxies), not our config.
  // eslint-disable-next-line no-restricted-properties
  const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
  const workDir = await fs.mkdtemp(path.join(await ensureDir(cacheDir), "build-"));
  try {
    progress("  fetching the FerretDB module…");
    const info = JSON.parse(
      await run("go", ["mod", "download", "-json", `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], { env }),
    ) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new EngineError(`go mod download failed: ${info.Error ?? "no module directory"}`);
    const source = path.join(workDir, "src");
    await fs.cp(info.Dir, source, { recursive: true });
    await makeWritable(source);
    const sum = await goModuleHash(source, `${FERRETDB_MODULE}@${FERRETDB_VERSION}`);
    if (sum !== FERRETDB_MODULE_SUM) {
      throw new EngineError(
        `The fetched FerretDB ${FERRETDB_VERSION} source does not match the checksum kept in the repo ` +
          `(${sum}, expected ${FERRETDB_MODULE_SUM}); refusing to build it.`,
      );
    }
    await fs.writeFile(path.join(source, "build", "version", "version.txt"), `${FERRETDB_VERSION}\n`);
    for (const name of patches) {
      progress(`  applying ${name}…`);
      // The ceiling keeps git from taking a repository above the cache directory for its own.
      await run("git", ["apply", "-p1", path.join(PATCH_DIR, name)], {
        cwd: source,
        env: { ...env, GIT_CEILING_DIRECTORIES: workDir },
      });
    }
    progress("  compiling…");
    const built = path.join(workDir, "ferretdb");
    await run("go", ["build", "-buildvcs=false", "-trimpath", "-o", built, "./cmd/ferretdb"], {
      cwd: source,
      env,
    });
    await ensureDir(path.dirname(binary));
    // Rename is atomic, so a concurrent start never sees a half-written binary.
    await fs.rename(built, binary);
    progress(`  engine ready in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
    return binary;
  } finally {
    clearInterval(heartbeat);
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

async function ensureDir(dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

async function makeWritable(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    await fs.chmod(full, entry.isDirectory() ? 0o755 : 0o644);
  }
  await fs.chmod(dir, 0o755);
}

/** Asks the OS for a free loopback port; the engine cannot report one it picked itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface RunningEngine {
  readonly uri: string;
  readonly pid: number;
  /** Called once if the engine exits without being asked to. */
  onUnexpectedExit(listener: (reason: string) => void): void;
  stop(): Promise<void>;
}

interface StartOptions {
  binary: string;
  dataDir: string;
  port?: number;
  startTimeoutMs?: number;
  /** "debug" makes the engine log every SQL statement it runs (for tests that inspect them). */
  logLevel?: "error" | "debug";
  /** Sees every line the engine prints. */
  onOutputLine?: (line: string) => void;
  /** Told when an engine left running by a process that died is stopped first. */
  notice?: (message: string) => void;
}

/** Starts FerretDB on SQLite under `dataDir` and resolves once it accepts connections. */
export async function startEngine(options: StartOptions): Promise<RunningEngine> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir, options.notice ?? (() => undefined));
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    options.binary,
    [
      "--handler=sqlite",
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dataDir}`,
      "--telemetry=disable",
      "--debug-addr=-",
      `--log-level=${options.logLevel ?? "error"}`,
    ],
    // eslint-disable-next-line no-restricted-properties -- the engine inherits the environment as is
    { env: { ...process.env, DO_NOT_TRACK: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  // A Go crash prints its cause first and then a dump of every goroutine, so the lines after
  // the first "panic", "fatal error" or signal line are kept apart from the rolling tail, which the dump floods.
  const tail: string[] = [];
  const crash: string[] = [];
  // A chunk may end mid-line; each stream keeps its unfinished line for the next chunk.
  const keeper = (): ((chunk: Buffer) => void) => {
    let unfinished = "";
    return (chunk) => {
      const lines = (unfinished + chunk.toString()).split("\n");
      unfinished = lines.pop() ?? "";
      for (const line of lines) {
        if (!line) continue;
        options.onOutputLine?.(line);
        if (crash.length === 0 ? /^(panic|fatal error|SIG[A-Z]+:|unexpected)/.test(line) : crash.length < 60)
          crash.push(line);
        tail.push(line);
      }
      tail.splice(0, Math.max(0, tail.length - 40));
    };
  };
  const output = (): string => (crash.length > 0 ? crash : tail).join("\n");
  child.stdout?.on("data", keeper());
  child.stderr?.on("data", keeper());

  let stopping = false;
  let exited = false;
  const unexpectedListeners: Array<(reason: string) => void> = [];
  const exitedPromise = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = true;
      lock.release();
      process.removeListener("exit", killOnExit);
      if (!stopping) {
        const reason = `the embedded engine (FerretDB) exited unexpectedly (code ${code}, signal ${signal})\n${output()}`;
        for (const listener of unexpectedListeners) listener(reason);
      }
      resolve();
    });
  });
  // Last resort: if this process exits without stopping the engine, take it down too.
  const killOnExit = (): void => {
    if (!exited) child.kill("SIGKILL");
    lock.release();
  };
  process.on("exit", killOnExit);

  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (e) => reject(new EngineError(e.message))),
  );
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const ready = (async (): Promise<void> => {
    while (!(await canConnect(port))) {
      if (exited) throw new EngineError(`The embedded engine failed to start:\n${output()}`);
      if (Date.now() > deadline)
        throw new EngineError(`The embedded engine did not accept connections within the time limit.`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    await Promise.race([ready, spawnError]);
    await lock.engineStarted(child.pid ?? -1);
  } catch (error) {
    stopping = true;
    child.kill("SIGKILL");
    lock.release();
    throw error;
  }

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    pid: child.pid ?? -1,
    onUnexpectedExit: (listener) => unexpectedListeners.push(listener),
    async stop() {
      if (exited) return;
      stopping = true;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
