import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCrashScenario } from "../../scripts/bench/crash-scenario.js";
import { formatRound, formatSummary } from "../../scripts/bench/crash-report.js";

/**
 * Issue 13, "counts equal stored responses, always, without an operator": a server killed
 * mid-load (or its engine, or both) starts again on the same data directory with results that
 * count exactly the responses stored. Six rounds, two of each kind, on one directory; shares
 * its scenario with `npm run bench -- crash`, which plays more rounds.
 */
describe("counts after a crash", { skip: !process.env["FERRETDB_BIN"] && "embedded engine only" }, () => {
  it("when the server, its engine or both are killed with SIGKILL under load and the server restarts, then results n equals the stored rows, every acknowledged or resent submission is stored once, and one engine runs", async () => {
    const seed = Math.floor(Math.random() * 2 ** 32);
    const results = await runCrashScenario({
      binary: process.env["FERRETDB_BIN"]!,
      rounds: 6,
      clients: 40,
      seed,
      settleMs: 10_000,
      log: (message) => process.stderr.write(`${message}\n`),
      onRound: (round) => process.stderr.write(`${formatRound(round)}\n`),
    });
    process.stderr.write(`${formatSummary(results)}\n`);

    assert.deepEqual(
      [...new Set(results.map((r) => r.target))].sort(),
      ["both", "engine", "server"],
      "every kind of crash was played",
    );
    // A crash that interrupted nothing would prove nothing.
    assert.ok(
      results.some((r) => r.resent > 0),
      "no round had a submission in flight at the kill",
    );
    const failed = results.filter((r) => r.problems.length > 0);
    assert.equal(
      failed.length,
      0,
      `${failed.length} of ${results.length} rounds failed (seed ${seed}):\n` +
        failed
          .map((r) => `round ${r.round}, ${r.target} killed at ${r.killAtMs} ms: ${r.problems.join("; ")}`)
          .join("\n"),
    );
  });
});
