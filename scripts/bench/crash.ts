import { loadConfig } from "../../server/platform/config.js";
import { ensureEngineBinary } from "../../server/platform/embedded-engine.js";
import { numberFlag, parseFlags } from "./flags.js";
import { formatRound, formatSummary } from "./crash-report.js";
import { runCrashScenario } from "./crash-scenario.js";
import { log } from "./harness.js";

/**
 * Crashes: rounds of submissions under load ended by SIGKILL to the server, its embedded
 * engine or both, then a restart on the same DATA_DIR and a resend of what was not
 * acknowledged; each round checks stored rows = results n (see crash-scenario.ts). Always on
 * an embedded engine of its own: killing someone's MONGODB_URI is not ours to do.
 */
export const usage = "crash [--rounds 20] [--clients 40] [--seed <n>] [--settle 15]";

export async function run(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, { rounds: "value", clients: "value", seed: "value", settle: "value" });
  const rounds = numberFlag(flags, "rounds", 20, { min: 1, max: 1000, integer: true });
  const clients = numberFlag(flags, "clients", 40, { min: 1, max: 500, integer: true });
  const seed = numberFlag(flags, "seed", Math.floor(Math.random() * 2 ** 32), {
    min: 0,
    max: 2 ** 32 - 1,
    integer: true,
  });
  const settleS = numberFlag(flags, "settle", 15, { min: 1, max: 600 });
  const config = loadConfig();
  const binary = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, log);
  process.stdout.write(
    `crash: ${rounds} rounds, ${clients} clients, kill 200–1500 ms into each round's load, seed ${seed}; n must equal the rows within ${settleS} s\n`,
  );
  const results = await runCrashScenario({
    binary,
    rounds,
    clients,
    seed,
    settleMs: settleS * 1000,
    log,
    onRound: (round) => process.stdout.write(`${formatRound(round)}\n`),
  });
  process.stdout.write(`${formatSummary(results)}\n`);
  if (results.some((r) => r.problems.length > 0)) process.exitCode = 1;
}
