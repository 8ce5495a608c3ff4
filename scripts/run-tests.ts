/**
 * Runs the whole suite against one database engine: MONGODB_URI when set, otherwise one
 * embedded FerretDB started here in a temporary directory. Each test file then works in a
 * database of its own on that engine.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/platform/config.js";
import { ensureEngineBinary, startEngine, type RunningEngine } from "../server/platform/embedded-engine.js";

async function testFiles(filters: string[]): Promise<string[]> {
  if (filters.length > 0) return filters;
  const entries = await readdir("test", { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".test.ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const config = loadConfig();
let engine: RunningEngine | null = null;
let tempDir: string | null = null;
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test" };

if (config.mongodbUri) {
  env["TEST_MONGODB_URI"] = config.mongodbUri;
  process.stderr.write(`Tests run against MONGODB_URI.\n`);
} else {
  const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, (m) =>
    process.stderr.write(`${m}\n`),
  );
  tempDir = await mkdtemp(path.join(os.tmpdir(), "cp-test-engine-"));
  engine = await startEngine({ binary, dataDir: tempDir });
  env["TEST_MONGODB_URI"] = engine.uri;
  env["FERRETDB_BIN"] = binary;
  process.stderr.write(`Tests run against the embedded engine (FerretDB, data in ${tempDir}).\n`);
}

const files = await testFiles(process.argv.slice(2));
const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  { env, stdio: "inherit" },
);
const code: number = await new Promise((resolve) =>
  child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))),
);
await engine?.stop();
if (tempDir) await rm(tempDir, { recursive: true, force: true });
process.exit(code);
