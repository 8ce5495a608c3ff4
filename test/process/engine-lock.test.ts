import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { enginePid, isAlive, runScript, within } from "../helpers/process.js";

/**
 * One engine per data directory, as an operator meets it: a server killed with SIGKILL leaves
 * its engine running, and the next start stops that engine before starting its own; a second
 * server, or the CLI, on a directory a live server uses is refused with one line.
 */
describe(
  "one embedded engine per data directory",
  { skip: !process.env["FERRETDB_BIN"] && "embedded engine only" },
  () => {
    let dataDir: string;
    const env = () => ({
      DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "info",
      SEED_DEMO: "0",
      FERRETDB_BIN: process.env["FERRETDB_BIN"]!,
    });
    before(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-lock-"));
    });
    after(() => rm(dataDir, { recursive: true, force: true }));

    it("when a server is killed with SIGKILL, then its orphaned engine is stopped by the next start, which then serves", async () => {
      const first = runScript("server/main.ts", [], env());
      await within(60_000, first.ready, "first start");
      const orphan = enginePid(first.output());
      process.kill(first.child.pid!, "SIGKILL"); // the server alone, as `kill -9 <pid>` does
      await first.exited;
      assert.ok(isAlive(orphan), "the engine outlived its server");

      const second = runScript("server/main.ts", [], env());
      try {
        const url = await within(60_000, second.ready, "second start");
        assert.equal(isAlive(orphan), false, "the orphan was stopped");
        assert.match(second.output(), new RegExp(`Stopped the embedded engine \\(pid ${orphan}\\)`));
        assert.equal((await fetch(`${url}/healthz`)).status, 200);

        // While it runs, a second server and the CLI on the same directory are refused.
        const third = runScript("server/main.ts", [], env());
        assert.equal(await within(30_000, third.exited, "third exit"), 1);
        const line = third
          .output()
          .split("\n")
          .find((l) => l.startsWith("Cannot start:"));
        assert.match(
          line ?? third.output(),
          new RegExp(
            `DATA_DIR .* is in use by another Community Pulse process \\(pid ${second.child.pid}\\)`,
          ),
        );
        const cli = runScript("server/cli.ts", ["rollups", "rebuild"], env());
        assert.equal(await within(30_000, cli.exited, "cli exit"), 1);
        assert.match(cli.output(), /is in use by another Community Pulse process/);
        assert.ok(isAlive(enginePid(second.output())), "the running server's engine is untouched");
      } finally {
        second.child.kill("SIGTERM");
        await within(15_000, second.exited, "second stop");
      }
    });
  },
);
