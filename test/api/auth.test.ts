import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

describe("staff sign-in, sessions, CSRF and roles", () => {
  let server: TestServer;
  let built: Awaited<ReturnType<typeof buildAgency>>;

  before(async () => {
    server = await startTestServer();
    built = await buildAgency(server.url, ["admin", "analyst"]);
  });
  after(() => server.stop());

  it("when the password is wrong or the email unknown, then 401 with the same message", async () => {
    const client = new ApiClient(server.url);
    const wrong = await client.login(`admin-${built.slug}@example.org`, "not-the-password");
    const unknown = await client.login("nobody@example.org", "not-the-password");
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
  });

  it("sets an httpOnly SameSite=Lax session cookie and returns a CSRF token", async () => {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `ADMIN-${built.slug}@example.org`, password: TEST_PASSWORD }),
    });
    assert.equal(response.status, 200);
    const cookie = response.headers.get("set-cookie") ?? "";
    assert.match(cookie, /^cp_session=[^;]+;/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const body = (await response.json()) as { user: Record<string, unknown>; csrfToken: string };
    assert.equal(body.user["role"], "admin");
    assert.equal(body.user["passwordHash"], undefined);
    assert.ok(body.csrfToken.length >= 20);
  });

  it("when not signed in, then staff endpoints answer 401", async () => {
    for (const path of ["/api/v1/auth/me", "/api/v1/surveys", "/api/v1/templates", "/api/v1/agency"]) {
      assert.equal((await fetch(`${server.url}${path}`)).status, 401, path);
    }
  });

  it("when a cookie write lacks the CSRF token, then 403 and nothing changes", async () => {
    const client = built.clients.admin;
    const token = client.csrfToken;
    client.csrfToken = "";
    const reply = await client.post<{ error: { code: string } }>("/api/v1/surveys", {
      template: "post-contact",
    });
    client.csrfToken = "forged-token-of-the-same-length-xx";
    const forged = await client.post("/api/v1/surveys", { template: "post-contact" });
    client.csrfToken = token;
    assert.equal(reply.status, 403);
    assert.equal(reply.body.error.code, "csrf_failed");
    assert.equal(forged.status, 403);
    const list = await client.get<{ surveys: unknown[] }>("/api/v1/surveys");
    assert.equal(list.body.surveys.length, 0);
  });

  it("me returns the user and the session's CSRF token", async () => {
    const me = await built.clients.analyst.get<{ user: { role: string }; csrfToken: string }>(
      "/api/v1/auth/me",
    );
    assert.equal(me.status, 200);
    assert.equal(me.body.user.role, "analyst");
    assert.equal(me.body.csrfToken, built.clients.analyst.csrfToken);
  });

  it("admins create staff; other roles cannot; weak passwords are refused", async () => {
    const weak = await built.clients.admin.post<{ error: { details: Array<{ path: string }> } }>(
      "/api/v1/users",
      {
        email: "new@example.org",
        password: "short",
        role: "designer",
      },
    );
    assert.equal(weak.status, 400);
    assert.equal(weak.body.error.details[0]!.path, "password");
    const denied = await built.clients.analyst.post("/api/v1/users", {
      email: "new@example.org",
      password: "long-enough-password",
      role: "designer",
    });
    assert.equal(denied.status, 403);
    const created = await built.clients.admin.post<{ user: { email: string; role: string } }>(
      "/api/v1/users",
      {
        email: "new@example.org",
        password: "long-enough-password",
        role: "designer",
      },
    );
    assert.equal(created.status, 201);
    assert.equal(created.body.user.role, "designer");
    const again = await built.clients.admin.post("/api/v1/users", {
      email: "new@example.org",
      password: "long-enough-password",
      role: "designer",
    });
    assert.equal(again.status, 409);
    const client = new ApiClient(server.url);
    assert.equal((await client.login("new@example.org", "long-enough-password")).status, 200);
  });

  it("admins edit agency settings; margins must sum to 1 and name known districts", async () => {
    const admin = built.clients.admin;
    const bad = await admin.patch<{ error: { details: Array<{ path: string; message: string }> } }>(
      "/api/v1/agency",
      { timezone: "Mars/Olympus", margins: { district: { D1: 0.5, D2: 0.2 } } },
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d) => d.path).sort(), ["margins.district", "timezone"]);
    const unknown = await admin.patch("/api/v1/agency", { margins: { district: { D1: 0.5, D9: 0.5 } } });
    assert.equal(unknown.status, 400);
    const good = await admin.patch<{ agency: { timezone: string; suppressionThreshold: number } }>(
      "/api/v1/agency",
      {
        timezone: "America/Denver",
        suppressionThreshold: 12,
        margins: { district: { D1: 0.3, D2: 0.3, D3: 0.4 } },
      },
    );
    assert.equal(good.status, 200);
    assert.equal(good.body.agency.timezone, "America/Denver");
    assert.equal(good.body.agency.suppressionThreshold, 12);
    assert.equal((await built.clients.analyst.patch("/api/v1/agency", { name: "Renamed" })).status, 403);
  });

  it("after logout, the old session no longer works", async () => {
    const client = new ApiClient(server.url);
    await client.login(`analyst-${built.slug}@example.org`, TEST_PASSWORD);
    assert.equal((await client.post("/api/v1/auth/logout")).status, 204);
    assert.equal((await client.get("/api/v1/auth/me")).status, 401);
  });

  it("when another process ends a session without telling this one (no Redis), then it stops working here within 2 s", async () => {
    const client = new ApiClient(server.url);
    await client.login(`analyst-${built.slug}@example.org`, TEST_PASSWORD);
    assert.equal((await client.get("/api/v1/auth/me")).status, 200); // now remembered here
    const user = await mongoose.connection
      .db!.collection("users")
      .findOne({ email: `analyst-${built.slug}@example.org` });
    const sessions = mongoose.connection.db!.collection("sessions");
    const other = new ApiClient(server.url);
    await other.login(`admin-${built.slug}@example.org`, TEST_PASSWORD);
    const before = await sessions.countDocuments({ user: { $ne: user!._id } });
    assert.ok((await sessions.deleteMany({ user: user!._id })).deletedCount >= 1);
    const ended = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - ended < 5_000) {
      status = (await client.get("/api/v1/auth/me")).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 401);
    assert.ok(Date.now() - ended < 2_600, `it took ${Date.now() - ended} ms`);
    // Other people's sessions are untouched.
    assert.equal((await other.get("/api/v1/auth/me")).status, 200);
    assert.equal(await sessions.countDocuments({ user: { $ne: user!._id } }), before);
  });

  it("liveness (/healthz) answers ok without asking the database", async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: "ok" });
  });
});
