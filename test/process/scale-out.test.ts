import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { withDatabaseName } from "@server/platform/database.js";
import { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { submit } from "../helpers/factories.js";
import { LiveClient } from "../helpers/live-client.js";
import { runScript, within, type ServerProcess } from "../helpers/process.js";
import { redisMissing, testRedis, type TestRedis } from "../helpers/redis.js";
import { dropTestDatabase, testEngineUri } from "../helpers/server.js";

const PASSWORD = "scale-out-admin-password";
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A dashboard's socket on one process, watching one survey. */
class Dashboard extends LiveClient {
  constructor(
    url: string,
    cookie: string,
    private readonly surveyId: string,
  ) {
    super(url, cookie);
  }

  async subscribe(surveyId: string): Promise<number> {
    assert.deepEqual(await this.emit("subscribe", { surveyId }), { ok: true });
    return (await this.waitForN((n) => n >= 0, 5000)).n;
  }

  /** The `n` of every `results` for the watched survey from index `from` on. */
  ns(from = 0): number[] {
    return this.for(this.surveyId, from).map((r) => r.body.n as number);
  }

  /** The first `results` for the watched survey from index `from` on whose `n` matches. */
  async waitForN(
    predicate: (n: number) => boolean,
    timeoutMs: number,
    from = 0,
  ): Promise<{ n: number; at: number }> {
    const hit = await this.waitFor(
      (r) => r.body.surveyId === this.surveyId && predicate(r.body.n as number),
      timeoutMs,
      from,
    );
    return { n: hit.body.n as number, at: hit.at };
  }
}

/** A session cookie of the demo admin, signed in on `url`. */
async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@example.org", password: PASSWORD }),
  });
  assert.equal(response.status, 200);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

async function restResultsN(url: string, cookie: string, surveyId: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/surveys/${surveyId}/results`, { headers: { cookie } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { n: number }).n;
}

/**
 * Two app processes (A and B) as operators run them, on one database and one real Redis:
 * what one process stores reaches dashboards and caches of the other.
 */
describe("two app processes behind one Redis", { skip: redisMissing() ?? false }, () => {
  let redis: TestRedis;
  let uri: string;
  const dirs: string[] = [];
  const processes: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let cookieB = "";
  let survey = { id: "", slug: "" };
  let onA: Dashboard;
  let onB: Dashboard;
  let n = 0;

  const start = async (name: string): Promise<ServerProcess> => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `cp-scale-${name}-`));
    dirs.push(dataDir);
    const child = runScript("server/main.ts", [], {
      DATA_DIR: dataDir,
      MONGODB_URI: uri,
      REDIS_URL: redis.url,
      PORT: "0",
      LOG_LEVEL: "warn",
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      SUBMIT_RATE_LIMIT_PER_MINUTE: "0",
      // Shared by every process of one deployment (README: Configuration).
      DATA_ENCRYPTION_KEY: "ab".repeat(32),
      FORM_SIGNING_KEY: "scale-out-form-signing-key-0123456789",
    });
    processes.push(child);
    await within(60_000, child.ready, `start of ${name}`);
    return child;
  };

  before(async () => {
    redis = await testRedis();
    await redis.start();
    uri = withDatabaseName(testEngineUri(), `cp_test_${randomBytes(5).toString("hex")}`);
    // One after the other: the first seeds the demo agency, the second finds it.
    a = await start("a");
    b = await start("b");
    cookieB = await signIn(b.url);
    const list = await fetch(`${b.url}/api/v1/surveys`, { headers: { cookie: cookieB } });
    const surveys = (
      (await list.json()) as { surveys: Array<{ id: string; slug: string; template: string }> }
    ).surveys;
    survey = surveys.find((s) => s.template === "community-trust")!;
    onA = new Dashboard(a.url, await signIn(a.url), survey.id);
    onB = new Dashboard(b.url, cookieB, survey.id);
    n = await onB.subscribe(survey.id);
    assert.equal(await onA.subscribe(survey.id), n);
  });

  after(async () => {
    onA?.socket.close();
    onB?.socket.close();
    for (const child of processes)
      if (child.child.exitCode === null) process.kill(-child.child.pid!, "SIGKILL");
    await redis?.stop();
    await dropTestDatabase(uri);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("when a response is posted to process A, then a dashboard on process B gets results with the new n within 1 s, and B's REST results show it", async (t) => {
    const fromA = onA.received.length;
    const fromB = onB.received.length;
    const posted = Date.now();
    assert.equal((await submit(a.url, survey.slug, communityAnswers(1))).status, 201);
    const arrived = await onB.waitForN((m) => m === n + 1, 3000, fromB);
    t.diagnostic(`POST to A → results on B: ${arrived.at - posted} ms`);
    assert.ok(arrived.at - posted < 1000, `B's dashboard got it after ${arrived.at - posted} ms`);
    assert.equal(await restResultsN(b.url, cookieB, survey.id), n + 1);
    // Each process pushes to its own sockets only: one message per dashboard, not one per process.
    await sleep(1500);
    assert.deepEqual(onA.ns(fromA), [n + 1]);
    assert.deepEqual(onB.ns(fromB), [n + 1]);
    n += 1;
  });

  it("when a response is posted to process B, then a dashboard on process A gets it too", async () => {
    const from = onA.received.length;
    assert.equal((await submit(b.url, survey.slug, communityAnswers(2))).status, 201);
    await onA.waitForN((m) => m === n + 1, 1000, from);
    n += 1;
  });

  it("when an admin on process A changes a watching analyst's role and then signs them out, then their socket on process B moves to the designer's body and then ends, each within 2 s", async () => {
    const admin = new ApiClient(a.url);
    assert.equal((await admin.login("admin@example.org", PASSWORD)).status, 200);
    const email = `watcher-${randomBytes(4).toString("hex")}@example.org`;
    const made = await admin.post<{ user: { id: string } }>("/api/v1/users", {
      email,
      password: PASSWORD,
      role: "analyst",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const session = await fetch(`${a.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const cookie = session.headers.get("set-cookie")!.split(";")[0]!;
    const csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
    const watcher = new Dashboard(b.url, cookie, survey.id);
    try {
      await watcher.subscribe(survey.id);
      const exactOnly = (body: Record<string, unknown>): boolean =>
        (body["suppression"] as { applied: boolean }).applied === false;
      assert.ok(exactOnly(watcher.received.at(-1)!.body), "an analyst's body to begin with");

      // The session re-check timer runs every 60 s: only the relayed change can act within 2 s.
      const from = watcher.received.length;
      const changed = Date.now();
      assert.equal(
        (await admin.patch(`/api/v1/users/${made.body.user.id}`, { role: "designer" })).status,
        200,
      );
      const moved = await watcher.waitFor((r) => !exactOnly(r.body), 2000, from);
      assert.ok(moved.at - changed < 2000, `B moved the socket after ${moved.at - changed} ms`);
      assert.ok(watcher.socket.connected);

      let sessionEnded = false;
      watcher.socket.on("session_ended", () => (sessionEnded = true));
      const disconnected = new Promise<number>((resolve) =>
        watcher.socket.on("disconnect", () => resolve(Date.now())),
      );
      const signedOut = Date.now();
      const logout = await fetch(`${a.url}/api/v1/auth/logout`, {
        method: "POST",
        headers: { cookie, "x-csrf-token": csrf },
      });
      assert.equal(logout.status, 204);
      const at = await within(2000, disconnected, "the end of B's socket after a sign-out on A");
      assert.ok(sessionEnded, "session_ended before the disconnect");
      assert.ok(at - signedOut < 2000);
    } finally {
      watcher.socket.close();
    }
  });

  it("when Redis goes away, then both processes keep serving HTTP, and live updates cross again once it is back", async () => {
    await redis.stop();
    assert.equal((await submit(a.url, survey.slug, communityAnswers(3))).status, 201);
    n += 1;
    assert.equal(await restResultsN(b.url, cookieB, survey.id), n);
    await sleep(500);
    assert.equal(a.child.exitCode, null, `A died:\n${a.output()}`);
    assert.equal(b.child.exitCode, null, `B died:\n${b.output()}`);
    assert.match(a.output(), /redis connection lost/);

    await redis.start();
    // The clients reconnect and resubscribe on their own (backoff of up to ~2 s).
    const deadline = Date.now() + 20_000;
    for (;;) {
      const from = onB.received.length;
      assert.equal((await submit(a.url, survey.slug, communityAnswers(4))).status, 201);
      n += 1;
      const seen = await onB.waitForN((m) => m === n, 1000, from).catch(() => null);
      if (seen) break;
      assert.ok(Date.now() < deadline, "live updates did not cross processes again after Redis returned");
    }
  });

  it("when process A stops, then it exits 0 within 10 s, and the dashboards on process B stay connected and live", async () => {
    onA.socket.close();
    a.child.kill("SIGTERM");
    assert.equal(await within(10_000, a.exited, "SIGTERM shutdown of A"), 0, a.output());
    await sleep(200);
    assert.ok(onB.socket.connected, "A's shutdown disconnected a dashboard of B");
    const from = onB.received.length;
    assert.equal((await submit(b.url, survey.slug, communityAnswers(5))).status, 201);
    await onB.waitForN((m) => m === n + 1, 1000, from);
    onB.socket.close();
    b.child.kill("SIGTERM");
    assert.equal(await within(10_000, b.exited, "SIGTERM shutdown of B"), 0, b.output());
  });

  it("when REDIS_URL does not answer at start, then the process exits 1 with a message naming it", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-scale-noredis-"));
    dirs.push(dataDir);
    await redis.stop();
    const child = runScript("server/main.ts", [], {
      DATA_DIR: dataDir,
      MONGODB_URI: uri,
      REDIS_URL: redis.url,
      PORT: "0",
      LOG_LEVEL: "warn",
    });
    processes.push(child);
    child.ready.catch(() => undefined);
    assert.equal(await within(20_000, child.exited, "exit"), 1);
    assert.match(
      child.output(),
      /Cannot start: Redis at REDIS_URL \(redis:\/\/127\.0\.0\.1:\d+\) did not answer/,
    );
  });
});
