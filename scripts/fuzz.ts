/**
 * The large fuzz run: the same properties as the CI suite (test/fuzz), many more runs, and a
 * random seed printed first so a failure can be replayed exactly.
 *
 *   npm run fuzz                      20× the CI runs, random seed
 *   npm run fuzz -- --seed 123456     replay a seed (with the same --factor)
 *   npm run fuzz -- --factor 5        a shorter run
 *   npm run fuzz -- --only "PATCH /api/v1/agency"   one endpoint
 *
 * It starts the engine itself (or uses MONGODB_URI) and runs the file without the suite
 * runner's five-minute limit, which a 20× run outlasts.
 */
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../server/platform/config.js";
import { ensureEngineBinary, freePort, startEngine } from "../server/platform/embedded-engine.js";

/** Every endpoint with random requests, and the disclosure audit over generated surveys. */
const FUZZ_FILES = ["test/fuzz/endpoints.test.ts", "test/fuzz/disclosure.test.ts"];
const say = (message: string): boolean => process.stderr.write(`${message}\n`);

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    factor: { type: "string", default: "20" },
    only: { type: "string", default: "" },
  },
});
const whole = (raw: string, name: string): string => {
  if (!/^\d{1,10}$/.test(raw)) {
    say(`--${name} must be a whole number, not "${raw}"`);
    process.exit(2);
  }
  return raw;
};
const seed = whole(values.seed ?? String(randomInt(1, 2 ** 31 - 1)), "seed");
const factor = whole(values.factor, "factor");

const config = loadConfig();
let uri = config.mongodbUri;
let stopEngine = async (): Promise<void> => undefined;
if (!uri) {
  const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, say);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-fuzz-engine-"));
  const port = await freePort();
  const engine = await startEngine({ binary, dataDir, port });
  uri = `mongodb://127.0.0.1:${port}/`;
  stopEngine = async () => {
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

say(`Fuzz seed ${seed}, ${factor}× the CI runs. Replay: npm run fuzz -- --seed ${seed} --factor ${factor}`);
const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-timeout=7200000",
    "--test-force-exit",
    "--test-reporter=spec",
    ...FUZZ_FILES,
  ],
  {
    env: {
      ...process.env,
      NODE_ENV: "test",
      TEST_MONGODB_URI: uri,
      FUZZ_SEED: seed,
      FUZZ_RUNS_FACTOR: factor,
      FUZZ_ONLY: values.only,
    },
    stdio: "inherit",
  },
);
// Ctrl-C ends the run and still stops the engine this script started.
process.once("SIGINT", () => child.kill("SIGINT"));
const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
await stopEngine();
say(`Fuzz seed ${seed} ${code === 0 ? "passed" : "FAILED"} (${factor}× the CI runs).`);
process.exit(code);
