import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { clock } from "@server/platform/clock.js";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, testSmtp, type ReceivedMail, type TestSmtp } from "./invitations-smtp.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}
interface UserBody {
  user: { id: string; email: string; role: string; active: boolean };
}

const NEW_PASSWORD = "violet-harbour-lantern";

/** The one-time token in a staff invitation mail (`…/app/#/invite/<token>`). */
function inviteToken(mail: ReceivedMail): string {
  const match = /\/app\/#\/invite\/([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no invitation link in:\n${mail.text}`);
  return match[1]!;
}

describe("staff management: invitations, roles, deactivation and sessions", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let built: Built;
  const emailOf = (role: string) => `${role}-${built.slug}@example.org`;

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url, PUBLIC_URL: "https://pulse.example.gov" });
    built = await buildAgency(server.url, ["admin", "designer", "analyst"]);
  });
  after(async () => {
    clock.reset();
    await server.stop();
    await smtp.stop();
  });

  const usersCollection = () => mongoose.connection.db!.collection("users");

  it("when an admin invites a colleague, then one mail carries a one-time link that creates the account and signs in", async () => {
    const admin = built.clients.admin;
    const invited = await admin.post<{ invitation: { id: string; email: string; role: string } }>(
      "/api/v1/staff-invitations",
      { email: "New.Colleague@Example.org", role: "designer", name: "Nia Colleague" },
    );
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    assert.equal(invited.body.invitation.email, "new.colleague@example.org");
    const [mail] = await smtp.waitFor(1);
    assert.deepEqual(mail!.to, ["new.colleague@example.org"]);
    assert.match(mail!.text, /https:\/\/pulse\.example\.gov\/app\/#\/invite\//);
    const token = inviteToken(mail!);
    const stored = await mongoose.connection.db!.collection("staff_invitations").findOne({});
    assert.ok(stored, "the invitation is stored");
    assert.notEqual(stored["_id"], token, "only the token's hash is stored");
    assert.ok(!JSON.stringify(stored).includes(token));

    const pending = await admin.get<{ invitations: Array<{ email: string }> }>("/api/v1/staff-invitations");
    assert.deepEqual(
      pending.body.invitations.map((i) => i.email),
      ["new.colleague@example.org"],
    );

    const newcomer = new ApiClient(server.url);
    const described = await newcomer.post<{
      invitation: { email: string; role: string; agencyName: string };
    }>("/api/v1/auth/invitation", { token });
    assert.equal(described.status, 200);
    assert.equal(described.body.invitation.role, "designer");
    assert.equal(described.body.invitation.agencyName, built.agency.name);

    const weak = await newcomer.post<ErrorBody>("/api/v1/auth/invitation/accept", {
      token,
      password: "new.colleague-2024",
    });
    assert.equal(weak.status, 400);
    assert.match(weak.body.error.details![0]!.message, /email/);

    const accepted = await newcomer.post<UserBody & { csrfToken: string }>("/api/v1/auth/invitation/accept", {
      token,
      password: NEW_PASSWORD,
    });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    assert.equal(accepted.body.user.role, "designer");
    newcomer.csrfToken = accepted.body.csrfToken;
    const me = await newcomer.get<UserBody>("/api/v1/auth/me");
    assert.equal(me.body.user.email, "new.colleague@example.org");

    const again = await new ApiClient(server.url).post<ErrorBody>("/api/v1/auth/invitation/accept", {
      token,
      password: NEW_PASSWORD,
    });
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, "invitation_invalid");
    assert.equal(await usersCollection().countDocuments({ email: "new.colleague@example.org" }), 1);
  });

  it("when an invitation has expired or was revoked, then its link no longer works", async () => {
    const admin = built.clients.admin;
    const before = smtp.mails.length;
    await admin.post("/api/v1/staff-invitations", { email: "late@example.org", role: "analyst" });
    const revokedInvite = await admin.post<{ invitation: { id: string } }>("/api/v1/staff-invitations", {
      email: "revoked@example.org",
      role: "analyst",
    });
    const mails = await smtp.waitFor(before + 2);
    const lateToken = inviteToken(mails.find((m) => m.to[0] === "late@example.org")!);
    const revokedToken = inviteToken(mails.find((m) => m.to[0] === "revoked@example.org")!);

    assert.equal(
      (await admin.request("DELETE", `/api/v1/staff-invitations/${revokedInvite.body.invitation.id}`)).status,
      204,
    );
    const client = new ApiClient(server.url);
    const revoked = await client.post("/api/v1/auth/invitation/accept", {
      token: revokedToken,
      password: NEW_PASSWORD,
    });
    assert.equal(revoked.status, 404);

    clock.advance(8 * 86_400_000);
    try {
      const late = await client.post("/api/v1/auth/invitation/accept", {
        token: lateToken,
        password: NEW_PASSWORD,
      });
      assert.equal(late.status, 404);
    } finally {
      clock.reset();
    }
    assert.equal(
      await usersCollection().countDocuments({ email: { $in: ["late@example.org", "revoked@example.org"] } }),
      0,
    );
  });

  it("when the invited address already has an account, then 409 and no mail", async () => {
    const before = smtp.mails.length;
    const reply = await built.clients.admin.post<ErrorBody>("/api/v1/staff-invitations", {
      email: emailOf("analyst"),
      role: "designer",
    });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.error.code, "user_exists");
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.mails.length, before);
  });

  it("when an admin changes a colleague's role, then the next request runs with the new role", async () => {
    const admin = built.clients.admin;
    const { body } = await admin.get<{ users: Array<{ id: string; email: string }> }>("/api/v1/users");
    const analyst = body.users.find((u) => u.email === emailOf("analyst"))!;
    assert.equal(
      (await built.clients.analyst.post("/api/v1/surveys", { template: "post-contact" })).status,
      403,
    );
    const changed = await admin.patch<UserBody>(`/api/v1/users/${analyst.id}`, { role: "designer" });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.user.role, "designer");
    assert.equal(
      (await built.clients.analyst.post("/api/v1/surveys", { template: "post-contact" })).status,
      201,
    );
    await admin.patch(`/api/v1/users/${analyst.id}`, { role: "analyst" });
  });

  it("when an admin deactivates a colleague, then every session of theirs ends and they cannot sign in", async () => {
    const extra = await buildAgency(server.url, ["admin"]);
    const admin = extra.clients.admin;
    await admin.post("/api/v1/users", {
      email: `leaver-${extra.slug}@example.org`,
      password: TEST_PASSWORD,
      role: "designer",
    });
    const phone = new ApiClient(server.url);
    const laptop = new ApiClient(server.url);
    await phone.login(`leaver-${extra.slug}@example.org`, TEST_PASSWORD);
    await laptop.login(`leaver-${extra.slug}@example.org`, TEST_PASSWORD);
    const me = await phone.get<UserBody>("/api/v1/auth/me");
    assert.equal(me.status, 200);

    const off = await admin.patch<UserBody>(`/api/v1/users/${me.body.user.id}`, { active: false });
    assert.equal(off.status, 200);
    assert.equal(off.body.user.active, false);
    assert.equal((await phone.get("/api/v1/auth/me")).status, 401);
    assert.equal((await laptop.get("/api/v1/auth/me")).status, 401);
    const sessions = await mongoose.connection.db!.collection("sessions").countDocuments({
      user: new mongoose.Types.ObjectId(me.body.user.id),
    });
    assert.equal(sessions, 0, "the sessions are deleted, not just refused");
    assert.equal(
      (await new ApiClient(server.url).login(`leaver-${extra.slug}@example.org`, TEST_PASSWORD)).status,
      401,
    );

    const on = await admin.patch<UserBody>(`/api/v1/users/${me.body.user.id}`, { active: true });
    assert.equal(on.body.user.active, true);
    assert.equal(
      (await new ApiClient(server.url).login(`leaver-${extra.slug}@example.org`, TEST_PASSWORD)).status,
      200,
    );
  });

  it("when the change would leave the agency without an active admin, then 409 and nothing changes", async () => {
    const solo = await buildAgency(server.url, ["admin"]);
    const me = await solo.clients.admin.get<UserBody>("/api/v1/auth/me");
    for (const change of [{ active: false }, { role: "designer" }]) {
      const reply = await solo.clients.admin.patch<ErrorBody>(`/api/v1/users/${me.body.user.id}`, change);
      assert.equal(reply.status, 409, JSON.stringify(change));
      assert.equal(reply.body.error.code, "last_admin");
    }
    const still = await solo.clients.admin.get<UserBody>("/api/v1/auth/me");
    assert.equal(still.body.user.role, "admin");
  });

  it("when someone logs out everywhere, then all their sessions end and other people's do not", async () => {
    const one = new ApiClient(server.url);
    const two = new ApiClient(server.url);
    await one.login(emailOf("designer"), TEST_PASSWORD);
    await two.login(emailOf("designer"), TEST_PASSWORD);
    assert.equal((await one.post("/api/v1/auth/logout-everywhere")).status, 204);
    assert.equal((await one.get("/api/v1/auth/me")).status, 401);
    assert.equal((await two.get("/api/v1/auth/me")).status, 401);
    assert.equal(
      (await built.clients.designer.get("/api/v1/auth/me")).status,
      401,
      "the factory's session too",
    );
    assert.equal((await built.clients.analyst.get("/api/v1/auth/me")).status, 200);
    await built.clients.designer.login(emailOf("designer"), TEST_PASSWORD);
  });

  it("when someone signs in again from the same browser, then a new session replaces the old one", async () => {
    const browser = new ApiClient(server.url);
    const first = await browser.login(emailOf("analyst"), TEST_PASSWORD);
    const oldCookie = first.headers.get("set-cookie")!.split(";")[0]!;
    const firstCsrf = browser.csrfToken;
    await browser.login(emailOf("analyst"), TEST_PASSWORD);
    assert.notEqual(browser.csrfToken, firstCsrf, "a new CSRF token with the new session");
    const withOld = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: oldCookie } });
    assert.equal(withOld.status, 401, "the session from before the sign-in has ended");
    assert.equal((await browser.get("/api/v1/auth/me")).status, 200);
  });

  it("when non-admins try to manage staff, then 403", async () => {
    for (const role of ["designer", "analyst"] as const) {
      const client = built.clients[role];
      assert.equal((await client.get("/api/v1/staff-invitations")).status, 403, role);
      assert.equal(
        (await client.post("/api/v1/staff-invitations", { email: "x@example.org", role: "admin" })).status,
        403,
        role,
      );
      const self = await client.get<UserBody>("/api/v1/auth/me");
      assert.equal(
        (await client.patch(`/api/v1/users/${self.body.user.id}`, { role: "admin" })).status,
        403,
        role,
      );
    }
  });
});
