import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { domainEvents } from "@server/platform/events.js";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit, TEST_PASSWORD } from "../helpers/factories.js";
import { LiveClient, type Body } from "../helpers/live-client.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A staff session of its own (a fresh sign-in), as the dashboard page holds one. */
async function signIn(url: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.get("set-cookie")!.split(";")[0]!, csrf: body.csrfToken };
}

const countOf = (n: Body["n"]): number => (typeof n === "number" ? n : -1);

/** Every number under a `count` or `n` key, anywhere in a body. */
function counts(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => counts(v, out));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if ((key === "count" || key === "n" || key === "effectiveN") && typeof v === "number") out.push(v);
      else counts(v, out);
    }
  }
  return out;
}

describe("live results over socket.io", () => {
  let server: TestServer;
  let admin: ApiClient;
  let designer: ApiClient;
  let analystEmail: string;
  let designerEmail: string;
  let otherAnalystEmail: string;
  let survey: { id: string; slug: string };
  let submitted = 0;
  const clients: LiveClient[] = [];
  const open = async (cookie?: string): Promise<LiveClient> => {
    const client = new LiveClient(server.url, cookie);
    clients.push(client);
    await client.connected();
    return client;
  };
  const send = async (slug = survey.slug): Promise<void> => {
    const r = await submit(server.url, slug, communityAnswers(submitted++));
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "analyst", "designer"]);
    ({ admin, designer } = built.clients);
    analystEmail = `analyst-${built.slug}@example.org`;
    designerEmail = `designer-${built.slug}@example.org`;
    const other = await buildAgency(server.url, ["analyst"]);
    otherAnalystEmail = `analyst-${other.slug}@example.org`;
    survey = await publishFromTemplate(admin);
  });

  after(async () => {
    for (const client of clients) client.close();
    await server.stop();
  });

  it("refuses a connection without a session cookie", async () => {
    const client = new LiveClient(server.url);
    clients.push(client);
    await assert.rejects(client.connected(), /unauthorized/);
  });

  it("when an analyst subscribes, then the current results arrive at once and a submission within 1 s", async () => {
    const { cookie } = await signIn(server.url, analystEmail);
    const client = await open(cookie);
    assert.deepEqual(await client.emit("subscribe", { surveyId: survey.id }), { ok: true });
    const catchUp = await client.waitFor((r) => r.body.surveyId === survey.id, 2000);
    const before = countOf(catchUp.body.n);
    assert.ok(before >= 0);
    const mark = client.received.length;
    const started = Date.now();
    await send();
    const update = await client.waitFor((r) => countOf(r.body.n) === before + 1, 1000, mark);
    assert.ok(update.at - started < 1000, `took ${update.at - started} ms`);
    client.close();
  });

  it("when another agency's staff subscribe, then they get not_found and nothing of this survey", async () => {
    const { cookie } = await signIn(server.url, otherAnalystEmail);
    const client = await open(cookie);
    const ack = await client.emit("subscribe", { surveyId: survey.id });
    assert.deepEqual(ack, { ok: false, error: { code: "not_found", message: "The survey was not found." } });
    const missing = await client.emit("subscribe", { surveyId: "0123456789abcdef01234567" });
    assert.deepEqual(missing, ack, "another agency's survey answers exactly like a missing one");
    await send();
    await send();
    await sleep(1200);
    assert.equal(client.received.length, 0);
    client.close();
  });

  it("rejects invalid subscribe and unsubscribe payloads with a validation error ack", async () => {
    const { cookie } = await signIn(server.url, analystEmail);
    const client = await open(cookie);
    const bad: unknown[] = [
      {},
      { surveyId: "not-an-id" },
      { surveyId: 42 },
      { surveyId: survey.id, extra: 1 },
      { surveyId: survey.id, $where: "1" },
      "a string",
      null,
    ];
    for (const payload of bad) {
      for (const event of ["subscribe", "unsubscribe"] as const) {
        const ack = await client.emit(event, payload);
        assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)}`);
        if (!ack.ok) {
          assert.equal(ack.error.code, "validation_failed");
          assert.ok((ack.error.details ?? []).length > 0);
        }
      }
    }
    const extra = await client.emit("subscribe", { surveyId: survey.id, extra: 1 });
    assert.match(JSON.stringify(extra), /extra/);
    await sleep(300);
    assert.equal(client.received.length, 0, "a refused subscribe sends no results");
    client.close();
  });

  it("when 20 responses arrive in quick succession, then at most ⌈elapsed/500 ms⌉+1 results go out, 500 ms apart, the last with the final n", async () => {
    const { cookie } = await signIn(server.url, analystEmail);
    const client = await open(cookie);
    await client.emit("subscribe", { surveyId: survey.id });
    const catchUp = await client.waitFor(() => true, 2000);
    const start = countOf(catchUp.body.n);
    const mark = client.received.length;
    const started = Date.now();
    for (let i = 0; i < 20; i++) await send();
    const last = await client.waitFor((r) => countOf(r.body.n) === start + 20, 2000, mark);
    await sleep(1200); // nothing may follow the final state
    const events = client.for(survey.id, mark);
    const elapsed = last.at - started;
    assert.ok(events.length >= 2, `only ${events.length} events`);
    assert.ok(events.length <= Math.ceil(elapsed / 500) + 1, `${events.length} events in ${elapsed} ms`);
    for (let i = 1; i < events.length; i++) {
      const gap = events[i]!.at - events[i - 1]!.at;
      assert.ok(gap >= 450, `two results only ${gap} ms apart`);
    }
    assert.equal(countOf(events.at(-1)!.body.n), start + 20);
    client.close();
  });

  it("when a designer watches a survey with 3 responses, then the live body is suppressed exactly like REST", async () => {
    const small = await publishFromTemplate(admin);
    const designerSession = await signIn(server.url, designerEmail);
    const analystSession = await signIn(server.url, analystEmail);
    const watcher = await open(designerSession.cookie);
    const analyst = await open(analystSession.cookie);
    assert.deepEqual(await watcher.emit("subscribe", { surveyId: small.id }), { ok: true });
    assert.deepEqual(await analyst.emit("subscribe", { surveyId: small.id }), { ok: true });
    for (let i = 0; i < 3; i++) await send(small.slug);
    await analyst.waitFor((r) => countOf(r.body.n) === 3, 2000);
    await sleep(800); // let a trailing emission, if any, arrive
    const live = watcher.for(small.id);
    assert.ok(live.length >= 2, "catch-up and at least one update");
    for (const { body } of live) {
      const below = counts(body).filter((c) => c > 0 && c < 10);
      assert.deepEqual(below, [], "no count below the threshold in a designer's payload");
    }
    const rest = await designer.get(`/api/v1/surveys/${small.id}/results`);
    assert.equal(rest.status, 200);
    assert.deepEqual(live.at(-1)!.body, rest.body);
    assert.deepEqual(live.at(-1)!.body.n, { suppressed: true });
    const exact = await admin.get(`/api/v1/surveys/${small.id}/results`);
    assert.deepEqual(analyst.for(small.id).at(-1)!.body, exact.body, "analysts get the exact REST body");
    watcher.close();
    analyst.close();
  });

  it("when a dashboard reconnects and subscribes again, then the catch-up carries responses sent while away", async () => {
    const { cookie } = await signIn(server.url, analystEmail);
    const client = await open(cookie);
    await client.emit("subscribe", { surveyId: survey.id });
    const first = await client.waitFor(() => true, 2000);
    client.socket.disconnect();
    await send();
    await send();
    await sleep(100);
    client.socket.connect();
    await client.connected();
    const mark = client.received.length;
    assert.deepEqual(await client.emit("subscribe", { surveyId: survey.id }), { ok: true });
    const catchUp = await client.waitFor(() => true, 1000, mark);
    assert.equal(countOf(catchUp.body.n), countOf(first.body.n) + 2);
    client.close();
  });

  it("when reading results fails, then the error is logged, the server stays up and the next change goes out", async () => {
    const { cookie } = await signIn(server.url, analystEmail);
    const client = await open(cookie);
    await client.emit("subscribe", { surveyId: survey.id });
    const catchUp = await client.waitFor(() => true, 2000);
    const mark = client.received.length;
    // A change the results read cannot serve (an agency id that is no id): the read throws.
    domainEvents.emit("response.stored", { surveyId: survey.id, agencyId: "not-an-object-id", count: 1 });
    await sleep(700);
    assert.equal(client.received.length, mark, "nothing is sent for a failed read");
    await send();
    const update = await client.waitFor(() => true, 2000, mark);
    assert.equal(countOf(update.body.n), countOf(catchUp.body.n) + 1);
    client.close();
  });

  it("when a socket unsubscribes, then it receives nothing more", async () => {
    const { cookie } = await signIn(server.url, analystEmail);
    const client = await open(cookie);
    await client.emit("subscribe", { surveyId: survey.id });
    await client.waitFor(() => true, 2000);
    assert.deepEqual(await client.emit("unsubscribe", { surveyId: survey.id }), { ok: true });
    const mark = client.received.length;
    await send();
    await sleep(1000);
    assert.equal(client.received.length, mark);
    client.close();
  });

  it("when the session ended unannounced (an event lost while Redis was down), then subscribe is refused and the socket disconnected", async () => {
    const session = await signIn(server.url, analystEmail);
    const client = await open(session.cookie);
    const token = session.cookie.slice(session.cookie.indexOf("=") + 1);
    const sessionId = createHash("sha256").update(token).digest("hex");
    // Deleted behind the server's back: no event, so only the subscribe's own check can notice.
    await mongoose.connection.db!.collection("sessions").deleteOne({ _id: sessionId as never });
    await sleep(2100); // past the session cache's freshness
    assert.ok(client.socket.connected);
    const ack = await client.emit("subscribe", { surveyId: survey.id });
    assert.equal(ack.ok, false);
    if (!ack.ok) assert.equal(ack.error.code, "unauthorized");
    await sleep(200);
    assert.equal(client.socket.connected, false);
    assert.equal(client.received.length, 0);
  });

  /** A colleague of the agency's own, so changing them leaves the shared accounts alone. */
  const colleague = async (
    name: string,
    role: "analyst" | "designer",
  ): Promise<{ id: string; email: string }> => {
    const email = `${name}-${randomBytes(4).toString("hex")}@example.org`;
    const made = await admin.post<{ user: { id: string } }>("/api/v1/users", {
      email,
      password: TEST_PASSWORD,
      role,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    return { id: made.body.user.id, email };
  };
  /**
   * Resolves once the server has disconnected the socket, with whether `session_ended` came
   * first; rejects after 3 s (the backstop re-check alone would take a minute).
   */
  const ended = (client: LiveClient): Promise<{ sessionEnded: boolean; at: number }> =>
    new Promise((resolve, reject) => {
      let sessionEnded = false;
      const timer = setTimeout(() => reject(new Error("the socket was not ended within 3 s")), 3000);
      client.socket.on("session_ended", () => (sessionEnded = true));
      client.socket.on("disconnect", () => {
        clearTimeout(timer);
        resolve({ sessionEnded, at: Date.now() });
      });
    });

  // The session re-check timer runs every 60 s here: only the change itself can act within 2 s.
  it("when a watching analyst is made a designer, then within 2 s the socket gets the designer's body and no exact count after", async () => {
    const small = await publishFromTemplate(admin);
    for (let i = 0; i < 3; i++) await send(small.slug);
    const mover = await colleague("mover", "analyst");
    const client = await open((await signIn(server.url, mover.email)).cookie);
    assert.deepEqual(await client.emit("subscribe", { surveyId: small.id }), { ok: true });
    await client.waitFor((r) => countOf(r.body.n) === 3, 2000);
    const mark = client.received.length;

    const started = Date.now();
    const changed = await admin.patch(`/api/v1/users/${mover.id}`, { role: "designer" });
    assert.equal(changed.status, 200);
    const moved = await client.waitFor((r) => typeof r.body.n === "object", 2000, mark);
    assert.ok(moved.at - started < 2000, `took ${moved.at - started} ms`);
    assert.deepEqual(moved.body.n, { suppressed: true });

    await send(small.slug);
    await sleep(1200);
    const after = client.for(small.id, mark);
    for (const { body } of after) {
      const below = counts(body).filter((c) => c > 0 && c < 10);
      assert.deepEqual(below, [], "no count below the threshold once a designer");
    }
    assert.ok(client.socket.connected, "a role change moves the socket, it does not end it");
    const rest = await designer.get(`/api/v1/surveys/${small.id}/results`);
    assert.deepEqual(after.at(-1)!.body, rest.body, "the designer's REST body");
    client.close();
  });

  it("when a watching staff member signs out, then that session's socket gets session_ended and is disconnected within 1 s, and their other session's socket stays", async () => {
    const leaving = await signIn(server.url, analystEmail);
    const staying = await signIn(server.url, analystEmail);
    const client = await open(leaving.cookie);
    const other = await open(staying.cookie);
    for (const c of [client, other]) {
      assert.deepEqual(await c.emit("subscribe", { surveyId: survey.id }), { ok: true });
      await c.waitFor(() => true, 2000);
    }
    const end = ended(client);
    const started = Date.now();
    const logout = await fetch(`${server.url}/api/v1/auth/logout`, {
      method: "POST",
      headers: { cookie: leaving.cookie, "x-csrf-token": leaving.csrf },
    });
    assert.ok(logout.status < 300, `logout answered ${logout.status}`);
    const { sessionEnded, at } = await end;
    assert.ok(at - started < 1000, `took ${at - started} ms`);
    assert.ok(sessionEnded, "session_ended before the disconnect");
    const mark = client.received.length;
    const otherMark = other.received.length;
    await send();
    await other.waitFor(() => true, 2000, otherMark);
    assert.equal(client.received.length, mark);
    assert.ok(other.socket.connected);
    other.close();
  });

  it("when an admin deactivates a watching colleague, then their socket ends within 1 s", async () => {
    const leaver = await colleague("leaver", "analyst");
    const client = await open((await signIn(server.url, leaver.email)).cookie);
    assert.deepEqual(await client.emit("subscribe", { surveyId: survey.id }), { ok: true });
    await client.waitFor(() => true, 2000);
    const end = ended(client);
    const started = Date.now();
    assert.equal((await admin.patch(`/api/v1/users/${leaver.id}`, { active: false })).status, 200);
    const { sessionEnded, at } = await end;
    assert.ok(at - started < 1000, `took ${at - started} ms`);
    assert.ok(sessionEnded);
  });

  it("allows at most 20 subscribed surveys per socket", async () => {
    const { cookie } = await signIn(server.url, analystEmail);
    const client = await open(cookie);
    const ids: string[] = [survey.id];
    while (ids.length < 21) {
      const created = await admin.post<{ survey: { id: string } }>("/api/v1/surveys", {
        template: "community-trust",
      });
      ids.push(created.body.survey.id);
    }
    for (const id of ids.slice(0, 20))
      assert.deepEqual(await client.emit("subscribe", { surveyId: id }), { ok: true });
    const over = await client.emit("subscribe", { surveyId: ids[20] });
    assert.equal(over.ok, false);
    if (!over.ok) assert.equal(over.error.code, "too_many_subscriptions");
    assert.deepEqual(
      await client.emit("subscribe", { surveyId: ids[0] }),
      { ok: true },
      "re-subscribing is no new slot",
    );
    client.close();
  });

  it("encodes each broadcast once per viewer class, not once per socket", async () => {
    // socket.io's own parser, the one the server loaded (the CommonJS build).
    const requireFromServer = createRequire(import.meta.resolve("socket.io"));
    const parser = requireFromServer("socket.io-parser") as {
      Encoder: { prototype: { encode(packet: { nsp: string; data?: unknown[] }): unknown[] } };
    };
    // One sign-in at a time, as people sign in: a burst of parallel sign-ins to one account from
    // one client is held back like a burst of guesses (see "Sign-in protection" in docs/API.md).
    const sessions = async (email: string, count: number) => {
      const cookies: string[] = [];
      for (let i = 0; i < count; i++) cookies.push((await signIn(server.url, email)).cookie);
      return Promise.all(cookies.map((cookie) => open(cookie)));
    };
    const analysts = await sessions(analystEmail, 5);
    const designers = await sessions(designerEmail, 3);
    for (const c of [...analysts, ...designers]) await c.emit("subscribe", { surveyId: survey.id });
    await Promise.all([...analysts, ...designers].map((c) => c.waitFor(() => true, 2000)));
    await sleep(700); // let any earlier window close
    const original = parser.Encoder.prototype.encode;
    let encodes = 0;
    parser.Encoder.prototype.encode = function (packet) {
      if (packet.nsp === "/live" && packet.data?.[0] === "results") encodes++;
      return original.call(this, packet);
    };
    try {
      const marks = [...analysts, ...designers].map((c) => c.received.length);
      await send();
      await Promise.all([...analysts, ...designers].map((c, i) => c.waitFor(() => true, 2000, marks[i])));
      await sleep(700);
      assert.equal(encodes, 2, "one encode for analysts, one for designers");
    } finally {
      parser.Encoder.prototype.encode = original;
    }
    for (const c of [...analysts, ...designers]) c.close();
  });
});
