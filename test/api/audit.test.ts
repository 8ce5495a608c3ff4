import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "./invitations-smtp.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
interface Entry {
  id: string;
  at: string;
  actor: { kind: string; id: string; label: string };
  action: string;
  target: { type: string; id: string; label: string | null };
  details: Record<string, unknown> | null;
}
interface Page {
  entries: Entry[];
  next: string | null;
}

// The smallest valid PNG: a 1 × 1 transparent pixel.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A session of our own, for requests ApiClient cannot make (raw image bodies). */
async function rawSession(baseUrl: string, email: string): Promise<{ cookie: string; csrfToken: string }> {
  const reply = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const body = (await reply.json()) as { csrfToken: string };
  return { cookie: reply.headers.get("set-cookie")!.split(";")[0]!, csrfToken: body.csrfToken };
}

describe("the audit log of staff actions", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let built: Built;
  let other: Built;
  let adminEmail: string;

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url });
    built = await buildAgency(server.url, ["admin", "designer", "analyst"]);
    other = await buildAgency(server.url, ["admin"]);
    adminEmail = `admin-${built.slug}@example.org`;
  });
  after(async () => {
    await server.stop();
    await smtp.stop();
  });

  const log = async (query = "") => {
    const reply = await built.clients.admin.get<Page>(`/api/v1/audit${query}`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body;
  };
  const latest = async (action: string) => (await log("?limit=200")).entries.find((e) => e.action === action);

  it("when a designer publishes and closes a survey and an admin exports it, then each is logged with who did it", async () => {
    const designer = built.clients.designer;
    const survey = await publishFromTemplate(designer, "community-trust");
    assert.equal((await submit(server.url, survey.slug, communityAnswers(1))).status, 201);
    assert.equal((await designer.post(`/api/v1/surveys/${survey.id}/close`)).status, 200);
    const csv = await built.clients.admin.get(`/api/v1/surveys/${survey.id}/export.csv`);
    assert.equal(csv.status, 200);

    const published = await latest("survey.published");
    assert.deepEqual(published?.target, {
      type: "survey",
      id: survey.id,
      label: "Community Safety and Trust Survey",
    });
    assert.deepEqual(published?.actor.kind, "user");
    assert.equal(published?.actor.label, `designer-${built.slug}@example.org`);
    assert.equal((await latest("survey.closed"))?.target.id, survey.id);
    const exported = await latest("responses.exported");
    assert.equal(exported?.actor.label, adminEmail);
    assert.equal(exported?.target.id, survey.id);
  });

  it("when a designer edits an open survey, then the edit is logged with the fields and the survey's current title; draft edits are not", async () => {
    const designer = built.clients.designer;
    const survey = await publishFromTemplate(designer, "post-contact");
    const title = { en: "After your visit", es: "Después de su visita" };
    const edited = await designer.patch(`/api/v1/surveys/${survey.id}`, { title });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const entry = await latest("survey.edited");
    assert.deepEqual(entry?.target, { type: "survey", id: survey.id, label: "After your visit" });
    assert.deepEqual(entry?.details, { fields: ["title"], version: 1 });
    assert.equal(entry?.actor.label, `designer-${built.slug}@example.org`);
    // Earlier entries about the survey name it by its current title too.
    const published = (await log("?limit=200")).entries.find(
      (e) => e.action === "survey.published" && e.target.id === survey.id,
    );
    assert.equal(published?.target.label, "After your visit");

    const draft = await designer.post<{ survey: { id: string } }>("/api/v1/surveys", {
      template: "post-contact",
    });
    const count = (await log("?limit=200")).entries.length;
    assert.equal((await designer.patch(`/api/v1/surveys/${draft.body.survey.id}`, { title })).status, 200);
    assert.equal((await log("?limit=200")).entries.length, count);
  });

  it("when a publish is refused, then nothing is logged", async () => {
    const before = (await log("?limit=200")).entries.length;
    const refused = await built.clients.analyst.post(`/api/v1/surveys/${"0".repeat(24)}/publish`);
    assert.equal(refused.status, 403);
    const missing = await built.clients.designer.post(`/api/v1/surveys/${"0".repeat(24)}/publish`);
    assert.equal(missing.status, 404);
    assert.equal((await log("?limit=200")).entries.length, before);
  });

  it("when an admin changes settings, branding and margins, then the changed fields are logged", async () => {
    const admin = built.clients.admin;
    assert.equal(
      (await admin.patch("/api/v1/agency", { name: "Renamed PD", suppressionThreshold: 8 })).status,
      200,
    );
    const settings = await latest("agency.settings_changed");
    assert.deepEqual(settings?.details, { fields: ["name", "suppressionThreshold"] });
    assert.equal(settings?.target.id, built.agencyId);

    const session = await rawSession(server.url, adminEmail);
    const logo = await fetch(`${server.url}/api/v1/agency/logo`, {
      method: "PUT",
      headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken, "content-type": "image/png" },
      body: PNG,
    });
    assert.equal(logo.status, 200, await logo.text());
    assert.deepEqual((await latest("agency.logo_changed"))?.details, { bytes: PNG.length });

    const margins = await admin.post("/api/v1/agency/margins/from-counts", {
      counts: { district: { D1: 100, D2: 100, D3: 200 } },
    });
    assert.equal(margins.status, 200, JSON.stringify(margins.body));
    assert.deepEqual((await latest("agency.settings_changed"))?.details, { fields: ["margins"] });
  });

  it("when an admin invites, re-roles and deactivates staff, then each is logged", async () => {
    const admin = built.clients.admin;
    const invited = await admin.post<{ invitation: { id: string } }>("/api/v1/staff-invitations", {
      email: "recruit@example.org",
      role: "analyst",
    });
    assert.equal(invited.status, 201);
    const invite = await latest("staff.invited");
    assert.deepEqual(invite?.target, {
      type: "invitation",
      id: invited.body.invitation.id,
      label: "recruit@example.org",
    });
    assert.deepEqual(invite?.details, { role: "analyst" });

    const created = await admin.post<{ user: { id: string; email: string } }>("/api/v1/users", {
      email: `temp-${built.slug}@example.org`,
      password: TEST_PASSWORD,
      role: "analyst",
    });
    const temp = created.body.user;
    assert.equal((await latest("staff.created"))?.target.id, temp.id);
    await admin.patch(`/api/v1/users/${temp.id}`, { role: "designer" });
    assert.deepEqual((await latest("staff.role_changed"))?.details, { from: "analyst", to: "designer" });
    await admin.patch(`/api/v1/users/${temp.id}`, { active: false });
    const deactivated = await latest("staff.deactivated");
    assert.equal(deactivated?.target.id, temp.id);
    assert.equal(deactivated?.target.label, temp.email);
  });

  it("when keys are created and revoked, and a key uploads invitations, then the key is named as the actor", async () => {
    const admin = built.clients.admin;
    const survey = await publishFromTemplate(built.clients.admin, "post-contact");
    const created = await admin.post<{ apiKey: { id: string }; key: string }>("/api/v1/api-keys", {
      name: "CAD bridge",
      scopes: ["invitations:write"],
    });
    assert.deepEqual((await latest("api_key.created"))?.details, { scopes: ["invitations:write"] });
    const upload = await fetch(`${server.url}/api/v1/surveys/${survey.id}/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.body.key}`, "content-type": "application/json" },
      body: JSON.stringify({ contacts: [{ email: "r1@example.net", contactType: "traffic_stop" }] }),
    });
    assert.equal(upload.status, 202);
    const uploaded = await latest("invitations.uploaded");
    assert.deepEqual(uploaded?.actor, {
      kind: "api_key",
      id: created.body.apiKey.id,
      label: 'API key "CAD bridge"',
    });
    assert.deepEqual(uploaded?.details, { created: 1 });
    await admin.request("DELETE", `/api/v1/api-keys/${created.body.apiKey.id}`);
    assert.equal((await latest("api_key.revoked"))?.target.id, created.body.apiKey.id);
  });

  it("pages newest first with limit and before", async () => {
    const all = (await log("?limit=200")).entries;
    assert.ok(all.length >= 10);
    const times = all.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const first = await log("?limit=3");
    assert.deepEqual(
      first.entries.map((e) => e.id),
      all.slice(0, 3).map((e) => e.id),
    );
    assert.equal(first.next, all[2]!.id);
    const second = await log(`?limit=3&before=${first.next}`);
    assert.deepEqual(
      second.entries.map((e) => e.id),
      all.slice(3, 6).map((e) => e.id),
    );
  });

  it("is for admins only, shows only the caller's agency, and rejects bad paging", async () => {
    for (const role of ["designer", "analyst"] as const) {
      assert.equal((await built.clients[role].get("/api/v1/audit")).status, 403, role);
    }
    const foreign = await other.clients.admin.get<Page>("/api/v1/audit");
    assert.equal(foreign.status, 200);
    assert.ok(foreign.body.entries.every((e) => e.actor.label !== adminEmail));
    assert.ok(!JSON.stringify(foreign.body).includes(built.agencyId));
    for (const query of ["?limit=0", "?limit=500", "?before=nope", "?limit[$gt]=1", "?sort=at"]) {
      assert.equal((await built.clients.admin.get(`/api/v1/audit${query}`)).status, 400, query);
    }
  });
});
