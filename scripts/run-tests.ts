/**
 * Runs the whole suite against one database engine: MONGODB_URI when set, otherwise one
 * embedded FerretDB started here in a temporary directory. Each test file then works in a
 * database of its own on that engine.
 *
 * The runner also keeps a broken run from hanging CI: every test has a time limit, a test file
 * whose hooks leave handles open is ended once its tests are done, the whole run has a
 * deadline, and an engine that crashes is reported with its cause and started again on the
 * same port and data, so one crash fails the tests it interrupted and not every later file.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/platform/config.js";
import {
  ensureEngineBinary,
  freePort,
  startEngine,
  type RunningEngine,
} from "../server/platform/embedded-engine.js";

const TEST_TIMEOUT_MS = 5 * 60_000;
const RUN_DEADLINE_MS = 40 * 60_000;

async function testFiles(filters: string[]): Promise<string[]> {
  if (filters.length > 0) return filters;
  const entries = await readdir("test", { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".test.ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const say = (message: string): boolean => process.stderr.write(`${message}\n`);
const config = loadConfig();
let engine: RunningEngine | null = null;
let tempDir: string | null = null;
let finished = false;
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test" };

if (config.mongodbUri) {
  env["TEST_MONGODB_URI"] = config.mongodbUri;
  say(`Tests run against MONGODB_URI.`);
} else {
  const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, say);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-test-engine-"));
  tempDir = dataDir;
  const port = await freePort();
  const start = async (): Promise<void> => {
    const started = await startEngine({ binary, dataDir, port });
    engine = started;
    started.onUnexpectedExit((reason) => {
      say(`\n*** ${reason}`);
      if (finished) return;
      say(`*** Restarting the engine on the same port and data; tests it interrupted will fail.`);
      start().catch((error: unknown) => say(`*** The engine could not be restarted: ${String(error)}`));
    });
  };
  await start();
  env["TEST_MONGODB_URI"] = `mongodb://127.0.0.1:${port}/`;
  env["FERRETDB_BIN"] = binary;
  say(`Tests run against the embedded engine (FerretDB, data in ${dataDir}).`);
}

const files = await testFiles(process.argv.slice(2));
const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=2",
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    "--test-force-exit",
    "--test-reporter=spec",
    ...files,
  ],
  { env, stdio: "inherit" },
);
const deadline = setTimeout(() => {
  say(`\n*** The suite ran past ${RUN_DEADLINE_MS / 60_000} minutes and is being stopped.`);
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
}, RUN_DEADLINE_MS);
const code: number = await new Promise((resolve) =>
  child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))),
);
clearTimeout(deadline);
finished = true;
await (engine as RunningEngine | null)?.stop();
if (tempDir) await rm(tempDir, { recursive: true, force: true });
process.exit(code);
