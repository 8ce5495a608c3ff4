import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { freePort } from "@server/platform/embedded-engine.js";
import { explainStartFailure } from "@server/platform/start-errors.js";
import { isAlive, runScript, within } from "../helpers/process.js";

/**
 * Start failures as an operator meets them: each ends the process with exit code 1 and one or
 * two lines that name the cause and the setting to change, and leaves nothing running.
 */
const messageLines = (output: string): string[] => {
  const at = output.indexOf("Cannot start:");
  assert.ok(at >= 0, `no "Cannot start:" line in:\n${output}`);
  return output
    .slice(at)
    .split("\n")
    .filter((line) => line.trim() !== "");
};

describe("clear start failures", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-start-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it(
    "when the port is already in use, then one line names the port and PORT, exit 1, and the engine it started is stopped",
    { skip: !process.env["FERRETDB_BIN"] && "embedded engine only" },
    async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        const server = runScript("server/main.ts", [], {
          DATA_DIR: path.join(dataDir, "port"),
          PORT: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: "info",
          SEED_DEMO: "0",
          FERRETDB_BIN: process.env["FERRETDB_BIN"]!,
        });
        assert.equal(await within(60_000, server.exited, "exit"), 1);
        const lines = messageLines(server.output());
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(lines[0]!, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*PORT`));
        const enginePid = Number(/"pid":(\d+)[^\n]*embedded engine started/.exec(server.output())?.[1]);
        assert.ok(enginePid > 0, "the engine had started");
        assert.equal(isAlive(enginePid), false, "no engine is left running on the data directory");
      } finally {
        blocker.close();
      }
    },
  );

  it("when MONGODB_URI points at no server, then one line names the host and MONGODB_URI, exit 1", async () => {
    const port = await freePort();
    const server = runScript("server/main.ts", [], {
      DATA_DIR: path.join(dataDir, "mongo"),
      PORT: "0",
      SEED_DEMO: "0",
      MONGODB_URI: `mongodb://someone:secret@127.0.0.1:${port}/communitypulse`,
    });
    assert.equal(await within(60_000, server.exited, "exit"), 1);
    const lines = messageLines(server.output());
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0]!, new RegExp(`Cannot reach MongoDB at 127\\.0\\.0\\.1:${port}.*MONGODB_URI`));
    assert.doesNotMatch(server.output(), /secret/, "the password is never printed");
  });

  it("when the engine must be built and Go is missing, then two lines name Go, MONGODB_URI and FERRETDB_BIN, exit 1", async () => {
    const server = runScript("server/main.ts", [], {
      DATA_DIR: path.join(dataDir, "go"),
      PORT: "0",
      SEED_DEMO: "0",
      ENGINE_CACHE_DIR: path.join(dataDir, "empty-cache"),
      PATH: path.join(dataDir, "no-tools"),
    });
    assert.equal(await within(60_000, server.exited, "exit"), 1);
    const lines = messageLines(server.output());
    assert.ok(lines.length <= 2, lines.join("\n"));
    const text = lines.join(" ");
    for (const word of ["Go", "MONGODB_URI", "FERRETDB_BIN"]) assert.match(text, new RegExp(word));
  });

  it("when MongoDB refuses the credentials, then the line says so and names MONGODB_URI without the password", () => {
    const config = { port: 3000, host: "127.0.0.1", mongodbUri: "mongodb://app:hunter2@db.example:27017/cp" };
    const refused = Object.assign(new Error("Authentication failed."), {
      name: "MongoServerError",
      code: 18,
    });
    const line = explainStartFailure(refused, config)!;
    assert.match(line, /db\.example:27017 refused the user name and password in MONGODB_URI/);
    assert.doesNotMatch(line, /hunter2/);
    assert.equal(explainStartFailure(new TypeError("a bug"), config), null, "a bug keeps its stack");
  });
});
