import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "./invitations-smtp.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
interface ErrorBody {
  error: { code: string; message: string };
}
interface Created {
  apiKey: {
    id: string;
    name: string;
    scopes: string[];
    lastUsedAt: string | null;
    revokedAt: string | null;
    creatorActive: boolean;
  };
  key: string;
}

describe("API keys for integrations", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let built: Built;
  let other: Built;
  let survey: { id: string; slug: string };
  let otherSurvey: { id: string; slug: string };

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url });
    built = await buildAgency(server.url, ["admin", "designer", "analyst"]);
    other = await buildAgency(server.url, ["admin"]);
    survey = await publishFromTemplate(built.clients.admin, "post-contact");
    otherSurvey = await publishFromTemplate(other.clients.admin, "post-contact");
  });
  after(async () => {
    await server.stop();
    await smtp.stop();
  });

  const createKey = async (scopes: string[], admin = built.clients.admin) => {
    const reply = await admin.post<Created>("/api/v1/api-keys", {
      name: `dispatch ${scopes.join("+")}`,
      scopes,
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return reply.body;
  };
  /** A call the way an integration makes it: no cookie, no CSRF token, just the key. */
  const withKey = (key: string, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const contacts = {
    contacts: [{ email: "resident@example.net", contactType: "traffic_stop", district: "D1" }],
  };

  it("when an admin creates a key, then it is shown once and only its hash is stored", async () => {
    const created = await createKey(["invitations:write"]);
    assert.match(created.key, /^cpk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.ok(created.key.startsWith(`cpk_${created.apiKey.id}_`));
    const list = await built.clients.admin.get<{ apiKeys: Array<Record<string, unknown>>; scopes: string[] }>(
      "/api/v1/api-keys",
    );
    assert.ok(!JSON.stringify(list.body).includes(created.key.slice(20)), "the list never shows the key");
    assert.ok(list.body.scopes.includes("results:read"));
    const stored = await mongoose.connection.db!.collection("api_keys").findOne({ keyId: created.apiKey.id });
    assert.equal(stored!["_id"], createHash("sha256").update(created.key).digest("hex"));
    assert.ok(!JSON.stringify(stored).includes(created.key.slice(20)));
  });

  it("when a key with invitations:write posts invitations, then no CSRF token is needed, while a cookie write without one is still refused", async () => {
    const { key } = await createKey(["invitations:write"]);
    const byKey = await withKey(key, "POST", `/api/v1/surveys/${survey.id}/invitations`, contacts);
    assert.equal(byKey.status, 202, await byKey.clone().text());
    assert.equal(((await byKey.json()) as { created: number }).created, 1);

    const designer = built.clients.designer;
    const token = designer.csrfToken;
    designer.csrfToken = "";
    const byCookie = await designer.post<ErrorBody>(`/api/v1/surveys/${survey.id}/invitations`, contacts);
    designer.csrfToken = token;
    assert.equal(byCookie.status, 403);
    assert.equal(byCookie.body.error.code, "csrf_failed");
  });

  it("when a key calls an endpoint outside its scopes, then 403, and endpoints not open to keys answer 403 too", async () => {
    const { key } = await createKey(["invitations:write"]);
    const results = await withKey(key, "GET", `/api/v1/surveys/${survey.id}/results`);
    assert.equal(results.status, 403);
    assert.equal(((await results.json()) as ErrorBody).error.code, "missing_scope");
    for (const [method, path, body] of [
      ["GET", "/api/v1/agency"],
      ["PATCH", "/api/v1/agency", { name: "Taken over" }],
      ["GET", "/api/v1/users"],
      ["POST", "/api/v1/api-keys", { name: "more", scopes: ["results:read"] }],
      ["GET", "/api/v1/audit"],
      ["POST", `/api/v1/surveys/${survey.id}/close`],
      ["POST", "/api/v1/auth/logout-everywhere"],
    ] as Array<[string, string, unknown?]>) {
      const reply = await withKey(key, method, path, body);
      assert.equal(reply.status, 403, `${method} ${path}`);
    }
    const agency = await built.clients.admin.get<{ agency: { name: string } }>("/api/v1/agency");
    assert.notEqual(agency.body.agency.name, "Taken over");
  });

  it("when a key holds results:read, then it reads results and surveys but cannot export or invite", async () => {
    const { key } = await createKey(["results:read", "surveys:read"]);
    assert.equal((await withKey(key, "GET", `/api/v1/surveys/${survey.id}/results`)).status, 200);
    assert.equal((await withKey(key, "GET", `/api/v1/surveys/${survey.id}`)).status, 200);
    const list = await withKey(key, "GET", "/api/v1/surveys");
    assert.equal(list.status, 200);
    assert.equal(((await list.json()) as { surveys: unknown[] }).surveys.length, 1);
    assert.equal((await withKey(key, "GET", `/api/v1/surveys/${survey.id}/export.csv`)).status, 403);
    assert.equal(
      (await withKey(key, "POST", `/api/v1/surveys/${survey.id}/invitations`, contacts)).status,
      403,
    );
  });

  it("when a key asks for another agency's survey, then 404 exactly like a missing one", async () => {
    const { key } = await createKey(["results:read", "invitations:write"]);
    const foreign = await withKey(key, "GET", `/api/v1/surveys/${otherSurvey.id}/results`);
    const missing = await withKey(key, "GET", `/api/v1/surveys/${"0".repeat(24)}/results`);
    assert.equal(foreign.status, 404);
    assert.deepEqual(await foreign.json(), await missing.json());
    const invite = await withKey(key, "POST", `/api/v1/surveys/${otherSurvey.id}/invitations`, contacts);
    assert.equal(invite.status, 404);
  });

  it("when a key is used, then its last-used time is shown", async () => {
    const created = await createKey(["surveys:read"]);
    assert.equal(created.apiKey.lastUsedAt, null);
    await withKey(created.key, "GET", "/api/v1/surveys");
    const list = await built.clients.admin.get<{ apiKeys: Created["apiKey"][] }>("/api/v1/api-keys");
    const shown = list.body.apiKeys.find((k) => k.id === created.apiKey.id)!;
    assert.ok(shown.lastUsedAt && Date.now() - Date.parse(shown.lastUsedAt) < 60_000);
  });

  it("when a key is revoked, then the next request with it gets 401", async () => {
    const created = await createKey(["surveys:read"]);
    assert.equal((await withKey(created.key, "GET", "/api/v1/surveys")).status, 200);
    const revoked = await built.clients.admin.request("DELETE", `/api/v1/api-keys/${created.apiKey.id}`);
    assert.equal(revoked.status, 204);
    const after = await withKey(created.key, "GET", "/api/v1/surveys");
    assert.equal(after.status, 401);
    const list = await built.clients.admin.get<{ apiKeys: Created["apiKey"][] }>("/api/v1/api-keys");
    assert.ok(list.body.apiKeys.find((k) => k.id === created.apiKey.id)!.revokedAt);
  });

  it("when the admin who created a key is deactivated, then the key answers 401 naming why and the list says so; reactivated, it works again", async () => {
    const admin = built.clients.admin;
    const email = `key-maker-${built.slug}@example.org`;
    const made = await admin.post<{ user: { id: string } }>("/api/v1/users", {
      email,
      password: TEST_PASSWORD,
      role: "admin",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const maker = new ApiClient(server.url);
    assert.equal((await maker.login(email, TEST_PASSWORD)).status, 200);
    const created = await createKey(["surveys:read"], maker);
    assert.equal(created.apiKey.creatorActive, true);
    const kept = await createKey(["surveys:read"]);
    assert.equal((await withKey(created.key, "GET", "/api/v1/surveys")).status, 200);

    const off = await admin.patch(`/api/v1/users/${made.body.user.id}`, { active: false });
    assert.equal(off.status, 200);
    const refused = await withKey(created.key, "GET", "/api/v1/surveys");
    assert.equal(refused.status, 401);
    const body = (await refused.json()) as ErrorBody;
    assert.equal(body.error.code, "api_key_creator_inactive");
    assert.match(body.error.message, /deactivated/);
    assert.equal((await withKey(kept.key, "GET", "/api/v1/surveys")).status, 200, "other admins' keys work");
    const list = await admin.get<{ apiKeys: Created["apiKey"][] }>("/api/v1/api-keys");
    const shown = (id: string) => list.body.apiKeys.find((k) => k.id === id)!;
    assert.equal(shown(created.apiKey.id).creatorActive, false);
    assert.equal(shown(created.apiKey.id).revokedAt, null, "paused, not revoked");
    assert.equal(shown(kept.apiKey.id).creatorActive, true);

    const on = await admin.patch(`/api/v1/users/${made.body.user.id}`, { active: true });
    assert.equal(on.status, 200);
    assert.equal((await withKey(created.key, "GET", "/api/v1/surveys")).status, 200);
    const again = await admin.get<{ apiKeys: Created["apiKey"][] }>("/api/v1/api-keys");
    assert.equal(again.body.apiKeys.find((k) => k.id === created.apiKey.id)!.creatorActive, true);
  });

  it("when the Authorization header is malformed or the key unknown, then 401, even alongside a valid session cookie", async () => {
    const { key } = await createKey(["surveys:read"]);
    const forged = key.slice(0, -4) + "AAAA";
    for (const header of [
      `Bearer ${forged}`,
      "Bearer",
      `Basic ${key}`,
      `Bearer ${"x".repeat(500)}`,
      "Bearer cpk_$ne",
    ]) {
      const reply = await fetch(`${server.url}/api/v1/surveys`, { headers: { authorization: header } });
      assert.equal(reply.status, 401, header.slice(0, 40));
    }
    const admin = new ApiClient(server.url);
    await admin.login(`admin-${built.slug}@example.org`, "a-long-test-password");
    const mixed = await admin.request("GET", "/api/v1/surveys", undefined, {
      authorization: `Bearer ${forged}`,
    });
    assert.equal(mixed.status, 401, "a bad key is not rescued by the cookie");
  });

  it("when another agency's admin revokes or a non-admin manages keys, then 404 and 403", async () => {
    const created = await createKey(["surveys:read"]);
    const foreign = await other.clients.admin.request<ErrorBody>(
      "DELETE",
      `/api/v1/api-keys/${created.apiKey.id}`,
    );
    const missing = await other.clients.admin.request<ErrorBody>("DELETE", "/api/v1/api-keys/0123456789ab");
    assert.equal(foreign.status, 404);
    assert.deepEqual(foreign.body, missing.body);
    assert.equal((await withKey(created.key, "GET", "/api/v1/surveys")).status, 200, "still valid");
    for (const role of ["designer", "analyst"] as const) {
      const client = built.clients[role];
      assert.equal((await client.get("/api/v1/api-keys")).status, 403, role);
      assert.equal(
        (await client.post("/api/v1/api-keys", { name: "x", scopes: ["surveys:read"] })).status,
        403,
        role,
      );
    }
  });

  it("when a key is asked for with an unknown scope or no name, then 400 and nothing is stored", async () => {
    const before = await mongoose.connection.db!.collection("api_keys").countDocuments();
    const reply = await built.clients.admin.post<{ error: { details: Array<{ path: string }> } }>(
      "/api/v1/api-keys",
      {
        name: "",
        scopes: ["everything:write"],
      },
    );
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body.error.details.map((d) => d.path).sort(), ["name", "scopes.0"]);
    assert.equal(await mongoose.connection.db!.collection("api_keys").countDocuments(), before);
  });
});
