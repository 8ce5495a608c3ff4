import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import type { Role } from "@shared/accounts.js";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort } from "./invitations-smtp.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

const ROLES: Role[] = ["admin", "designer", "analyst"];
const MISSING_USER = "0123456789abcdef01234567";
const MISSING_INVITATION = "0".repeat(64);
const MISSING_KEY = "0123456789ab";
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A session of our own, for requests ApiClient cannot make (raw bodies, missing CSRF). */
async function rawSession(baseUrl: string, email: string) {
  const reply = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const body = (await reply.json()) as { csrfToken: string };
  const cookie = reply.headers.get("set-cookie")!.split(";")[0]!;
  return {
    cookie,
    csrfToken: body.csrfToken,
    send: (method: string, path: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, { method, headers: { cookie, ...headers }, body }),
  };
}

describe("hardened edges: tenant isolation, CSRF and injection", () => {
  let server: TestServer;
  let a: Built;
  let b: Built;
  /** Ids in agency B that agency A must never reach. */
  const foreign = { user: "", invitation: "", key: "" };
  const db = () => mongoose.connection.db!;

  before(async () => {
    // A mail server that is not there: invitations fail to send (tested below) and nothing else mails.
    server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
    a = await buildAgency(server.url, ROLES);
    b = await buildAgency(server.url, ROLES);
    const users = await b.clients.admin.get<{ users: Array<{ id: string; role: string }> }>("/api/v1/users");
    foreign.user = users.body.users.find((u) => u.role === "analyst")!.id;
    const key = await b.clients.admin.post<{ apiKey: { id: string } }>("/api/v1/api-keys", {
      name: "B's dispatch",
      scopes: ["invitations:write"],
    });
    foreign.key = key.body.apiKey.id;
    // Invitations cannot be mailed here, so B's pending invitation is written directly.
    foreign.invitation = "f".repeat(64);
    await db()
      .collection("staff_invitations")
      .insertOne({
        _id: foreign.invitation as unknown as mongoose.mongo.ObjectId,
        agency: new mongoose.Types.ObjectId(b.agencyId),
        email: "pending-b@example.org",
        name: "",
        role: "analyst",
        invitedBy: new mongoose.Types.ObjectId(foreign.user),
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000),
        usedAt: null,
      });
  });
  after(() => server.stop());

  const snapshotB = async () => ({
    users: await b.clients.admin.get("/api/v1/users"),
    keys: await db().collection("api_keys").find({ keyId: foreign.key }).toArray(),
    invitation: await db()
      .collection("staff_invitations")
      .findOne({ _id: foreign.invitation as never }),
  });

  it("when any role of agency A names agency B's user, invitation or key, then the answer equals the one for a missing id", async () => {
    const beforeB = await snapshotB();
    const probes: Array<[string, (id: string) => string, string, string, unknown]> = [
      ["PATCH", (id) => `/api/v1/users/${id}`, foreign.user, MISSING_USER, { role: "admin" }],
      ["PATCH", (id) => `/api/v1/users/${id}`, foreign.user, MISSING_USER, { active: false }],
      [
        "DELETE",
        (id) => `/api/v1/staff-invitations/${id}`,
        foreign.invitation,
        MISSING_INVITATION,
        undefined,
      ],
      ["DELETE", (id) => `/api/v1/api-keys/${id}`, foreign.key, MISSING_KEY, undefined],
    ];
    for (const role of ROLES) {
      for (const [method, path, theirs, missing, body] of probes) {
        const client = a.clients[role];
        const toTheirs = await client.request(method, path(theirs), body);
        const toMissing = await client.request(method, path(missing), body);
        const label = `${role} ${method} ${path(":id")}`;
        assert.equal(toTheirs.status, role === "admin" ? 404 : 403, label);
        assert.equal(toTheirs.status, toMissing.status, label);
        assert.deepEqual(toTheirs.body, toMissing.body, label);
      }
    }
    assert.deepEqual(await snapshotB(), beforeB, "nothing of agency B changed");
  });

  it("when staff of agency A list users, invitations, keys, the agency or the audit log, then only agency A appears", async () => {
    const admin = a.clients.admin;
    const lists = [
      await admin.get("/api/v1/users"),
      await admin.get("/api/v1/staff-invitations"),
      await admin.get("/api/v1/api-keys"),
      await admin.get("/api/v1/audit?limit=200"),
      await admin.get("/api/v1/agency"),
    ];
    for (const list of lists) {
      assert.equal(list.status, 200);
      const text = JSON.stringify(list.body);
      for (const secret of [b.slug, b.agencyId, foreign.user, foreign.key, foreign.invitation]) {
        assert.ok(!text.includes(secret), `${secret} leaked into ${text.slice(0, 80)}`);
      }
    }
    for (const role of ["designer", "analyst"] as const) {
      for (const path of [
        "/api/v1/users",
        "/api/v1/staff-invitations",
        "/api/v1/api-keys",
        "/api/v1/audit",
      ]) {
        const reply = await a.clients[role].get<ErrorBody>(path);
        assert.equal(reply.status, 403, `${role} ${path}`);
        assert.equal(reply.body.error.code, "forbidden");
      }
      const agency = await a.clients[role].get<{ agency: { id: string } }>("/api/v1/agency");
      assert.equal(agency.body.agency.id, a.agencyId, role);
    }
  });

  it("when a cookie-authenticated write to these endpoints lacks the CSRF token, then 403 and nothing changes", async () => {
    const session = await rawSession(server.url, `admin-${a.slug}@example.org`);
    const json = { "content-type": "application/json" };
    const users = await a.clients.admin.get<{ users: Array<{ id: string; role: string }> }>("/api/v1/users");
    const analystId = users.body.users.find((u) => u.role === "analyst")!.id;
    const writes: Array<[string, string, BodyInit | null, Record<string, string>]> = [
      ["PATCH", "/api/v1/agency", JSON.stringify({ name: "Hijacked" }), json],
      ["PATCH", `/api/v1/users/${analystId}`, JSON.stringify({ role: "admin" }), json],
      [
        "POST",
        "/api/v1/staff-invitations",
        JSON.stringify({ email: "evil@example.org", role: "admin" }),
        json,
      ],
      ["POST", "/api/v1/api-keys", JSON.stringify({ name: "evil", scopes: ["results:read"] }), json],
      ["PUT", "/api/v1/agency/logo", PNG, { "content-type": "image/png" }],
      ["DELETE", "/api/v1/agency/logo", null, {}],
      ["POST", "/api/v1/auth/logout-everywhere", null, {}],
    ];
    for (const [method, path, body, headers] of writes) {
      for (const token of [undefined, "x".repeat(session.csrfToken.length)]) {
        const reply = await session.send(
          method,
          path,
          body,
          token ? { ...headers, "x-csrf-token": token } : headers,
        );
        assert.equal(reply.status, 403, `${method} ${path}`);
        assert.equal(((await reply.json()) as ErrorBody).error.code, "csrf_failed");
      }
    }
    const agency = await a.clients.admin.get<{ agency: { name: string; logoUrl: string | null } }>(
      "/api/v1/agency",
    );
    assert.notEqual(agency.body.agency.name, "Hijacked");
    assert.equal(agency.body.agency.logoUrl, null);
    assert.equal(await db().collection("api_keys").countDocuments({ name: "evil" }), 0);
    assert.equal(
      (await a.clients.analyst.get<{ user: { role: string } }>("/api/v1/auth/me")).body.user.role,
      "analyst",
    );
    const still = await session.send("GET", "/api/v1/auth/me", null);
    assert.equal(still.status, 200, "logout-everywhere without a token did not run");
  });

  it("when bodies or queries carry mongo operators, dotted or prototype keys, then 400 and nothing is stored", async () => {
    const admin = a.clients.admin;
    const agencyBefore = (await admin.get("/api/v1/agency")).body;
    const counts = async () =>
      Promise.all(
        ["users", "api_keys", "staff_invitations", "sessions"].map((c) =>
          db().collection(c).countDocuments(),
        ),
      );
    const countsBefore = await counts();
    const attempts: Array<[string, string, unknown]> = [
      ["POST", "/api/v1/auth/login", { email: { $ne: null }, password: { $ne: null } }],
      ["POST", "/api/v1/auth/login", { email: `admin-${a.slug}@example.org`, password: { $gt: "" } }],
      ["PATCH", "/api/v1/agency", { $set: { slug: "taken" } }],
      ["PATCH", "/api/v1/agency", JSON.parse('{"name":"Polluted","__proto__":{"role":"admin"}}')],
      ["PATCH", "/api/v1/agency", { name: "Polluted", constructor: { prototype: { role: "admin" } } }],
      ["PATCH", "/api/v1/agency", { "margins.district.D1": 1 }],
      ["PATCH", "/api/v1/agency", { margins: { district: { $where: "sleep(1000)" } } }],
      ["PATCH", "/api/v1/agency", { districts: [{ code: "D1", name: "x", $inc: { n: 1 } }] }],
      ["POST", "/api/v1/api-keys", { name: "k", scopes: ["results:read"], __proto__: { x: 1 }, $where: "1" }],
      ["POST", "/api/v1/staff-invitations", { email: { $gt: "" }, role: "admin" }],
      [
        "POST",
        "/api/v1/users",
        { email: "new@example.org", password: TEST_PASSWORD, role: { $in: ["admin"] } },
      ],
      ["PATCH", `/api/v1/users/${MISSING_USER}`, { role: "admin", "active.$": true }],
      ["POST", "/api/v1/auth/invitation/accept", { token: { $ne: null }, password: TEST_PASSWORD }],
      ["POST", "/api/v1/auth/invitation", { token: { $regex: ".*" } }],
      ["GET", "/api/v1/audit?before[$ne]=x", undefined],
      ["GET", "/api/v1/audit?limit=5&limit=6", undefined],
      ["PATCH", "/api/v1/users/%7B%22%24ne%22%3Anull%7D", { role: "admin" }],
      ["DELETE", "/api/v1/api-keys/%24ne", undefined],
    ];
    for (const [method, path, body] of attempts) {
      const reply = await admin.request<ErrorBody>(method, path, body);
      assert.equal(
        reply.status,
        400,
        `${method} ${path} ${JSON.stringify(body)} → ${JSON.stringify(reply.body)}`,
      );
    }
    assert.deepEqual((await admin.get("/api/v1/agency")).body, agencyBefore);
    assert.deepEqual(await counts(), countsBefore);
    assert.equal(({} as Record<string, unknown>)["role"], undefined, "Object.prototype untouched");
  });

  it("when the session cookie is malformed, then 401 (or a normal sign-in), never a 5xx", async () => {
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: "cp_session=%E0%A4%A" } });
    assert.equal(me.status, 401);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `cp_session=%ZZ${"x".repeat(300)}` },
      body: JSON.stringify({ email: `admin-${a.slug}@example.org`, password: TEST_PASSWORD }),
    });
    assert.equal(login.status, 200);
  });
});
