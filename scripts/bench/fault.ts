import { loadConfig } from "../../server/platform/config.js";
import { ensureEngineBinary } from "../../server/platform/embedded-engine.js";
import { numberFlag, parseFlags } from "./flags.js";
import { formatTally, runFaultScenario } from "./fault-scenario.js";
import { log } from "./harness.js";
import { verdict } from "./table.js";

/**
 * Faults: a steady submission load on two app processes while the embedded engine is stopped
 * and started again, then one process is SIGKILLed; prints the tally (see fault-scenario.ts).
 * Always on an embedded engine of its own: stopping someone's MONGODB_URI is not ours to do.
 */
export const usage = "fault [--workers 6] [--down 5] [--load 16]";

export async function run(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, { workers: "value", down: "value", load: "value" });
  const workers = numberFlag(flags, "workers", 6, { min: 1, max: 200, integer: true });
  const downS = numberFlag(flags, "down", 5, { min: 1, max: 120 });
  const config = loadConfig();
  const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, log);
  const stopAt = 3000;
  const killAt = stopAt + downS * 1000 + 3000;
  const loadS = numberFlag(flags, "load", (killAt + 4000) / 1000, { min: killAt / 1000 + 1, max: 3600 });
  process.stdout.write(
    `fault: ${workers} clients; engine stopped at 3 s for ${downS} s; app A SIGKILLed at ${killAt / 1000} s; load for ${loadS} s\n`,
  );
  const tally = await runFaultScenario({
    binary,
    log,
    workers,
    engineStopAtMs: stopAt,
    engineDownMs: downS * 1000,
    killAtMs: killAt,
    loadMs: loadS * 1000,
  });
  process.stdout.write(`${formatTally(tally)}\n`);
  const failedCount = Object.values(tally.failedByKind).reduce((s, n) => s + n, 0);
  const pass =
    tally.acknowledgedMissing === 0 &&
    tally.storedMoreThanOnce === 0 &&
    tally.storedUnknown === 0 &&
    tally.retryGaveUp === 0 &&
    tally.serverErrors === 0 &&
    tally.survivorAlive &&
    tally.stored === tally.acknowledgedFirstTry + failedCount;
  process.stdout.write(
    `every acknowledged submission stored exactly once, every failure retried: ${verdict(pass)}\n`,
  );
  if (!pass) process.exitCode = 1;
}
