import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { communityAnswers } from "../helpers/answers.js";
import { ApiClient } from "../helpers/api-client.js";
import { submit } from "../helpers/factories.js";
import { enginePid, isAlive, runScript, within } from "../helpers/process.js";
import { buildServer } from "../../scripts/build-server.js";

const PASSWORD = "lifecycle-admin-password";

/**
 * The server as an operator runs it: its own process, its own embedded engine on a data
 * directory, stopped by signals. Needs the engine binary (FERRETDB_BIN, set by the runner).
 */
describe(
  "the server process and its embedded engine",
  { skip: !process.env["FERRETDB_BIN"] && "embedded engine only" },
  () => {
    let dataDir: string;
    const env = () => ({
      DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "info",
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      FERRETDB_BIN: process.env["FERRETDB_BIN"]!,
    });

    before(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-lifecycle-"));
    });
    after(() => rm(dataDir, { recursive: true, force: true }));

    let surveyId = "";

    it("as `npm start` runs it (the compiled bundle), starts on an empty data directory with the demo agency, serves every page's assets, and SIGTERM stops server and engine within 10 s", async () => {
      const server = runScript(await buildServer(), [], env());
      const url = await within(60_000, server.ready, "start");
      const admin = new ApiClient(url);
      assert.equal((await admin.login("admin@example.org", PASSWORD)).status, 200);
      const list = await admin.get<{
        surveys: Array<{ id: string; slug: string; template: string; status: string }>;
      }>("/api/v1/surveys");
      const community = list.body.surveys.find((s) => s.template === "community-trust")!;
      assert.equal(community.status, "open");
      surveyId = community.id;
      assert.equal((await submit(url, community.slug, communityAnswers(1))).status, 201);
      // Assets are found from the project root, wherever the running code lives.
      const page = await (await fetch(`${url}/s/${community.slug}`)).text();
      const script = /<script[^>]+src="([^"]+)"/.exec(page)?.[1];
      assert.ok(script, "the respondent page links its script");
      assert.equal((await fetch(new URL(script, url))).status, 200);
      assert.equal((await fetch(`${url}/p/assets/public.css`)).status, 200);
      assert.match(await (await fetch(`${url}/app/`)).text(), /<div id="app"|<script/);

      const engine = enginePid(server.output());
      assert.ok(isAlive(engine));
      const started = Date.now();
      server.child.kill("SIGTERM");
      assert.equal(await within(10_000, server.exited, "SIGTERM shutdown"), 0);
      assert.ok(Date.now() - started < 10_000);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(isAlive(engine), false, "the engine outlived the server");
    });

    it("creates an agency from the command line, and refuses bad arguments with a clear message", async () => {
      const bad = runScript(
        "server/cli.ts",
        ["agency", "create", "--slug", "Bad Slug", "--name", "X"],
        env(),
      );
      assert.equal(await within(30_000, bad.exited, "cli"), 1);
      assert.match(bad.output(), /--slug/);
      assert.match(bad.output(), /--admin-email/);
      const good = runScript(
        "server/cli.ts",
        [
          "agency",
          "create",
          "--slug",
          "metro",
          "--name",
          "Metro PD",
          "--admin-email",
          "chief@metro.example",
          "--admin-password",
          "metro-password-123",
        ],
        env(),
      );
      assert.equal(await within(30_000, good.exited, "cli"), 0, good.output());
      assert.match(good.output(), /Created agency "Metro PD"/);
    });

    it("restarts on the same data directory with every record kept, and SIGINT to the group leaves no process", async () => {
      const server = runScript("server/main.ts", [], env());
      const url = await within(60_000, server.ready, "restart");
      assert.doesNotMatch(server.output(), /Demo agency .* created/, "the demo was seeded twice");
      const admin = new ApiClient(url);
      assert.equal((await admin.login("admin@example.org", PASSWORD)).status, 200);
      const results = await admin.get<{ n: number }>(`/api/v1/surveys/${surveyId}/results`);
      assert.equal(results.body.n, 1);
      const chief = new ApiClient(url);
      assert.equal((await chief.login("chief@metro.example", "metro-password-123")).status, 200);

      const engine = enginePid(server.output());
      process.kill(-server.child.pid!, "SIGINT");
      await within(10_000, server.exited, "SIGINT shutdown");
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(isAlive(engine), false, "the engine outlived the process group");
    });

    it("when the engine dies under it, then the server exits 1 with a clear message", async () => {
      const server = runScript("server/main.ts", [], env());
      await within(60_000, server.ready, "start");
      process.kill(enginePid(server.output()), "SIGKILL");
      assert.equal(await within(10_000, server.exited, "exit after engine death"), 1);
      assert.match(server.output(), /embedded engine \(FerretDB\) exited unexpectedly/);
    });

    it("when a setting is invalid, then it exits 1 naming the variable", async () => {
      const server = runScript("server/main.ts", [], { ...env(), PORT: "not-a-port", LOG_LEVEL: "loud" });
      assert.equal(await within(30_000, server.exited, "exit"), 1);
      assert.match(server.output(), /PORT: must be a number/);
      assert.match(server.output(), /LOG_LEVEL/);
    });

    it("when the engine must be built and Go is missing, then it exits non-zero saying so", async () => {
      const emptyCache = await mkdtemp(path.join(os.tmpdir(), "cp-nocache-"));
      try {
        const { FERRETDB_BIN: _unused, ...withoutBinary } = env();
        const server = runScript("server/main.ts", [], {
          ...withoutBinary,
          ENGINE_CACHE_DIR: emptyCache,
          // An empty directory as PATH: node itself is started by absolute path.
          PATH: emptyCache,
        });
        assert.notEqual(await within(30_000, server.exited, "exit"), 0);
        assert.match(server.output(), /needs Go/);
        assert.match(server.output(), /MONGODB_URI/);
      } finally {
        await rm(emptyCache, { recursive: true, force: true });
      }
    });
  },
);
