import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatTally, runFaultScenario } from "../../scripts/bench/fault-scenario.js";

/**
 * Database outage and a killed app process under a steady submission load (issue 7): one
 * engine of the test's own (fixed port and data, so it can be stopped and started again), two
 * app processes on it. Shares its scenario with `npm run bench -- fault`.
 */
describe("faults under load", { skip: !process.env["FERRETDB_BIN"] && "embedded engine only" }, () => {
  it("when the engine stops for 5 s and one of two app processes is killed, then every acknowledged submission is stored exactly once and every failed one succeeds on retry", async () => {
    const tally = await runFaultScenario({
      binary: process.env["FERRETDB_BIN"]!,
      log: (message) => process.stderr.write(`${message}\n`),
    });
    process.stderr.write(`${formatTally(tally)}\n`);
    const failed = Object.values(tally.failedByKind).reduce((sum, n) => sum + n, 0);

    // The faults must have bitten, or this proves nothing.
    assert.ok(failed > 0, "no submission failed: the outage was not felt");
    assert.ok((tally.failedByKind["503"] ?? 0) > 0, "no submission was refused with 503 during the outage");
    // Refused quickly, never an error page.
    assert.equal(
      tally.serverErrors,
      0,
      `a 5xx other than 503 was answered; the app logged:\n${tally.serverErrorLogs.join("\n")}`,
    );
    assert.ok(tally.unavailableMaxMs < 5000, `a 503 took ${tally.unavailableMaxMs} ms`);
    assert.match(tally.readyzDuringOutage, /^503 .*database_unreachable/);
    assert.equal(tally.healthzDuringOutage, 200);
    assert.ok(tally.survivorAlive, "the surviving app process exited during the outage");

    // Nothing acknowledged lost, nothing stored twice, every failure retried successfully.
    assert.equal(tally.acknowledgedMissing, 0);
    assert.equal(tally.storedMoreThanOnce, 0);
    assert.equal(tally.storedUnknown, 0);
    assert.equal(tally.retryGaveUp, 0);
    assert.equal(tally.failedThenRetried, failed);
    assert.equal(tally.stored, tally.acknowledgedFirstTry + failed);
  });
});
