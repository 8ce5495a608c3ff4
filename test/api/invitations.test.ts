import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { hashToken } from "@server/invitations/crypto.js";
import { ensureInvitationKeys } from "@server/invitations/invitation-keys.js";
import { checkInvitationToken } from "@server/invitations/invitations.service.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  freePort,
  optOutLink,
  surveyLink,
  testSmtp,
  type ReceivedMail,
  type TestSmtp,
} from "./invitations-smtp.js";

const ANSWERS = {
  q_contact_type: "traffic_stop",
  q_pj_listened: 4,
  q_pj_explained: 4,
  q_pj_fair: 5,
  q_pj_facts: 4,
  q_pj_respect: 5,
  q_pj_cared: 4,
  q_satisfaction: 4,
  q_trust_after: 4,
};

interface Summary {
  created: number;
  sent: number;
  opened: number;
  completed: number;
  bounced: number;
  optedOut: number;
  byContactType: Array<{
    contactType: string;
    invited: number;
    sent: number;
    completed: number;
    responseRate: number | null;
  }>;
  byDistrict: Array<{
    district: string | null;
    sent: number;
    completed: number;
    responseRate: number | null;
  }>;
}

const db = () => mongoose.connection.db!;

async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function respond(baseUrl: string, slug: string, token: string) {
  const response = await fetch(`${baseUrl}/api/v1/public/surveys/${slug}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ submissionId: randomUUID(), language: "en", token, answers: ANSWERS }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { id?: string; error?: { code: string } },
  };
}

describe("post-contact invitations by email", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let designer: ApiClient;
  let analyst: ApiClient;
  let admin: ApiClient;
  let survey: { id: string; slug: string };
  let otherSurvey: { id: string; slug: string };

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url, JOBS_POLL_MS: "50", JOBS_RETRY_BASE_MS: "100" });
    const built = await buildAgency(server.url, ["admin", "designer", "analyst"]);
    ({ admin, designer, analyst } = built.clients);
    const rules = await admin.patch("/api/v1/agency", {
      invitationRules: {
        quietHours: null,
        delayMinutes: 0,
        excludedContactTypes: ["domestic_violence", "sexual_assault"],
        minDaysBetween: 90,
        maxReminders: 0,
      },
    });
    assert.equal(rules.status, 200, JSON.stringify(rules.body));
    survey = await publishFromTemplate(designer, "post-contact");
    otherSurvey = await publishFromTemplate(designer, "post-contact");
  });
  after(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  const upload = (body: unknown, contentType = "application/json", surveyId = survey.id) =>
    designer.request<{ created: number; rejected: Array<{ row: number; message: string }> }>(
      "POST",
      `/api/v1/surveys/${surveyId}/invitations`,
      body,
      { "content-type": contentType },
    );
  const summary = async (surveyId = survey.id) =>
    (await analyst.get<Summary>(`/api/v1/surveys/${surveyId}/invitations/summary`)).body;

  let mails: ReceivedMail[] = [];

  it("when 200 contacts with malformed rows, excluded types and duplicates are uploaded, then exactly the valid ones are invited and each rejected row is named", async () => {
    const earlier = await upload({
      contacts: [0, 1, 2, 3, 4].map((i) => ({
        email: `earlier${i}@example.net`,
        district: "D1",
        contactType: "report",
      })),
    });
    assert.equal(earlier.status, 202, JSON.stringify(earlier.body));
    assert.deepEqual(earlier.body, { created: 5, rejected: [] });

    const lines = ["Incident,Email,District,Contact Type,Contacted At,Officer Name"];
    const expected = new Map<number, RegExp>();
    for (let i = 0; i < 200; i++) {
      const row = i + 2; // the header is row 1
      let email = `person${i}@example.net`;
      let district = ["D1", "D2", "D3"][i % 3]!;
      let type = ["traffic_stop", "call_for_service", "Report Taken"][i % 3]!;
      let problem: RegExp | null = null;
      if (i < 5) [email, problem] = [`not-an-email-${i}`, /email/];
      else if (i < 8) [district, problem] = ["D9", /district "D9"/];
      else if (i < 10) [type, problem] = ["!!", /contactType/];
      else if (i < 16) [type, problem] = ["domestic_violence", /never surveyed/];
      else if (i < 20) [type, problem] = ["Sexual Assault", /never surveyed/];
      else if (i < 25) [email, problem] = [`earlier${i - 20}@example.net`, /already invited to this survey/];
      else if (i >= 195)
        [email, problem] = [`PERSON${i - 100}@Example.NET`, new RegExp(`duplicate of row ${i - 98}\\b`)];
      if (problem) expected.set(row, problem);
      lines.push(`INC-${i},${email},${district},${type},2026-01-05T10:00:00Z,"Officer, ${i}"`);
    }
    const csv = lines.join("\r\n");
    const response = await upload(csv, "text/csv");
    assert.equal(response.status, 202, JSON.stringify(response.body));
    assert.equal(response.body.created, 170);
    assert.equal(response.body.rejected.length, 30);
    for (const { row, message } of response.body.rejected) {
      const pattern = expected.get(row);
      assert.ok(pattern, `row ${row} was rejected unexpectedly: ${message}`);
      assert.match(message, pattern, `row ${row}`);
    }
    assert.deepEqual(
      response.body.rejected.map((r) => r.row),
      [...expected.keys()].sort((a, b) => a - b),
    );

    mails = await smtp.waitFor(175, 60_000);
    const recipients = new Set(mails.flatMap((m) => m.to));
    assert.equal(recipients.size, 175, "every invited person gets exactly one mail");
    assert.equal(mails.length, 175);
    const s = await waitUntil("sent to reach 175", async () => {
      const current = await summary();
      return current.sent === 175 ? current : null;
    });
    assert.equal(s.created, 175);
    assert.equal(s.bounced, 0);
  });

  it("then each mail names the agency and why it came, in text and HTML and in both survey languages, with a single-use link and an opt-out", async () => {
    const mail = mails.find((m) => m.to[0] === "person40@example.net")!;
    assert.ok(mail, "person40 got no mail");
    assert.match(mail.headers["from"] ?? "", /Test Agency/);
    assert.match(mail.headers["subject"] ?? "", /Test Agency/);
    for (const body of [mail.text, mail.html]) {
      assert.match(body, /because you recently had contact with Test Agency/);
      assert.match(body, /porque tuvo contacto recientemente/);
      assert.match(body, /works once/);
    }
    const link = surveyLink(mail);
    assert.equal(link.pathname, `/s/${survey.slug}`);
    assert.match(
      mail.html,
      new RegExp(`href="[^"]*/s/${survey.slug}\\?lang=en&amp;t=${link.searchParams.get("t")}"`),
    );
    assert.ok(optOutLink(mail));
    assert.match(mail.headers["list-unsubscribe"] ?? "", /opt-out\?c=/);
    // Only the token's hash is stored.
    const token = link.searchParams.get("t")!;
    assert.equal(await db().collection("invitations").countDocuments({ tokenHash: token }), 0);
    assert.equal(
      await db()
        .collection("invitations")
        .countDocuments({ tokenHash: hashToken(token) }),
      1,
    );
    const stored = JSON.stringify(await db().collection("invitations").find().toArray());
    assert.doesNotMatch(stored, /person40@example\.net/i, "an address is stored in clear text");
  });

  it("when a resident answers through the mailed link, then the invitation is completed, its address is purged, and the same token again is 409", async () => {
    const mail = mails.find((m) => m.to[0] === "person41@example.net")!;
    const link = surveyLink(mail);
    const token = link.searchParams.get("t")!;
    const page = await fetch(`${server.url}${link.pathname}${link.search}`);
    assert.equal(page.status, 200);
    await page.text();
    const first = await respond(server.url, survey.slug, token);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const invitation = await db()
      .collection("invitations")
      .findOne({ tokenHash: hashToken(token) });
    assert.equal(invitation?.["status"], "completed");
    assert.equal(invitation?.["emailEncrypted"], null, "the address outlived the answer");
    assert.equal(invitation?.["contactedAt"], null);
    const response = await db()
      .collection("responses")
      .findOne({ invitation: hashToken(token) });
    assert.equal(String(response?.["_id"]), first.body.id);
    assert.equal(response?.["channel"], "email");
    const again = await respond(server.url, survey.slug, token);
    assert.equal(again.status, 409);
    assert.equal(again.body.error?.code, "token_used");
    const s = await summary();
    assert.equal(s.completed, 1);
    assert.ok(s.opened >= 1);
  });

  it("when 50 submissions race with one token, then exactly one response is stored and the others get 409", async () => {
    const token = surveyLink(mails.find((m) => m.to[0] === "person42@example.net")!).searchParams.get("t")!;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => respond(server.url, survey.slug, token)),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 409).length, 49);
    assert.equal(
      await db()
        .collection("responses")
        .countDocuments({ invitation: hashToken(token) }),
      1,
    );
  });

  it("when a token is unknown or belongs to another survey, then the response is refused with 403 and nothing is stored", async () => {
    const before = await db().collection("responses").countDocuments();
    const token = surveyLink(mails.find((m) => m.to[0] === "person43@example.net")!).searchParams.get("t")!;
    const foreign = await respond(server.url, otherSurvey.slug, token);
    assert.equal(foreign.status, 403);
    const unknown = await respond(server.url, survey.slug, "A".repeat(43));
    assert.equal(unknown.status, 403);
    assert.equal(unknown.body.error?.code, "invalid_token");
    assert.equal(await db().collection("responses").countDocuments(), before);
    // The token still works where it belongs.
    assert.equal((await respond(server.url, survey.slug, token)).status, 201);
  });

  it("when a link is opened, then it is found by its key (the token's hash as _id), and invitations stored before keys get theirs once", async () => {
    const token = surveyLink(mails.find((m) => m.to[0] === "person46@example.net")!).searchParams.get("t")!;
    const keys = db().collection<{ _id: string; invitation: unknown }>("invitationkeys");
    const invitation = await db()
      .collection("invitations")
      .findOne({ tokenHash: hashToken(token) });
    const key = await keys.findOne({ _id: hashToken(token) });
    assert.equal(String(key?.invitation), String(invitation?._id), "the upload wrote the key");
    assert.equal(await keys.countDocuments(), await db().collection("invitations").countDocuments());
    // Without its key the link leads nowhere: the lookup is by key, not by a scan of tokenHash.
    assert.equal(await checkInvitationToken(survey.id, token), "valid");
    await keys.deleteOne({ _id: hashToken(token) });
    assert.equal(await checkInvitationToken(survey.id, token), "unknown");
    // An older database: no keys and no record of the backfill. It runs once and keys every invitation.
    await keys.deleteMany({});
    await db()
      .collection("migrations")
      .deleteOne({ _id: "invitation-keys" as never });
    const { keyed } = await ensureInvitationKeys();
    assert.equal(keyed, await db().collection("invitations").countDocuments());
    assert.equal((await ensureInvitationKeys()).keyed, 0, "done once per database");
    assert.equal(await checkInvitationToken(survey.id, token), "valid");
  });

  it("when the CSV is malformed or lacks a required column, then it is refused with 400 and nothing is imported", async () => {
    const count = await db().collection("invitations").countDocuments();
    const unterminated = await upload(
      'email,district,contactType\nnew1@example.net,D1,report\n"new2@example.net,D1,report\n',
      "text/csv",
    );
    assert.equal(unterminated.status, 400);
    assert.equal((unterminated.body as unknown as { error: { code: string } }).error.code, "malformed_csv");
    const noType = await upload("email,district\nnew3@example.net,D1\n", "text/csv");
    assert.equal(noType.status, 400);
    assert.match(JSON.stringify(noType.body), /contactType/);
    const strayQuote = await upload(
      'email,district,contactType\nnew4@example.net,D1,report\nnew5@exa"mple.net,D1,report\n',
      "text/csv",
    );
    assert.equal(strayQuote.status, 400);
    assert.equal(await db().collection("invitations").countDocuments(), count);
  });

  it("when the request is not allowed or not well formed, then it is refused and nothing changes", async () => {
    const count = await db().collection("invitations").countDocuments();
    const extra = await upload({
      contacts: [{ email: "x1@example.net", contactType: "report" }],
      send: "now",
    });
    assert.equal(extra.status, 400);
    const operator = await upload({
      contacts: [{ email: "x2@example.net", contactType: "report", $where: "1" }],
    });
    assert.equal(operator.status, 400);
    const xml = await upload("<contacts/>", "application/xml");
    assert.equal(xml.status, 415);
    const empty = await upload({ contacts: [] });
    assert.equal(empty.status, 400);
    const asAnalyst = await analyst.post(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: [{ email: "x3@example.net", contactType: "report" }],
    });
    assert.equal(asAnalyst.status, 403);
    const stranger = (await buildAgency(server.url, ["designer"])).clients.designer;
    const foreign = await stranger.post(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: [{ email: "x4@example.net", contactType: "report" }],
    });
    assert.equal(foreign.status, 404);
    const foreignSummary = await stranger.get(`/api/v1/surveys/${survey.id}/invitations/summary`);
    assert.equal(foreignSummary.status, 404);
    assert.equal(await db().collection("invitations").countDocuments(), count);
  });

  it("when the mail server refuses an address for good (550), then the invitation is marked bounced and its address purged", async () => {
    smtp.rejectRecipients.add("nobody@example.net");
    const before = (await summary(otherSurvey.id)).bounced;
    const response = await upload(
      { contacts: [{ email: "nobody@example.net", contactType: "report", district: "D2" }] },
      "application/json",
      otherSurvey.id,
    );
    assert.equal(response.status, 202);
    const s = await waitUntil("the bounce", async () => {
      const current = await summary(otherSurvey.id);
      return current.bounced === before + 1 ? current : null;
    });
    assert.equal(s.sent, 0);
    const bounced = await db()
      .collection("invitations")
      .findOne({ survey: new mongoose.Types.ObjectId(otherSurvey.id), status: "bounced" });
    assert.equal(bounced?.["emailEncrypted"], null);
    assert.match(String(bounced?.["bounceReason"]), /550/);
    assert.doesNotMatch(String(bounced?.["bounceReason"]), /nobody@/, "the bounce reason keeps the address");
  });

  it("when a person opts out through the mail's link, then the page confirms it and they are never invited by the agency again", async () => {
    const mail = mails.find((m) => m.to[0] === "person44@example.net")!;
    const link = optOutLink(mail);
    const page = await fetch(`${server.url}${link.pathname}${link.search}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<form method="post" action="\/opt-out">/);
    assert.match(html, /Test Agency/);
    const code = link.searchParams.get("c")!;
    const confirm = await fetch(`${server.url}/opt-out`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ c: code }).toString(),
    });
    assert.equal(confirm.status, 200);
    assert.match(await confirm.text(), /will not send you survey invitations again/);
    const s = await summary();
    assert.equal(s.optedOut, 1);
    const again = await upload(
      { contacts: [{ email: "Person44@example.net", contactType: "report" }] },
      "application/json",
      otherSurvey.id,
    );
    assert.deepEqual(again.body, {
      created: 0,
      rejected: [{ row: 1, message: "this person opted out of invitations" }],
    });
    const damaged = await fetch(`${server.url}/opt-out?c=v1.AAAA.BBBB.CCCC`);
    assert.equal(damaged.status, 404);
  });

  it("when someone was invited by the agency within its N days, then another survey cannot invite them yet", async () => {
    const response = await upload(
      { contacts: [{ email: "person50@example.net", contactType: "report" }] },
      "application/json",
      otherSurvey.id,
    );
    assert.equal(response.body.created, 0);
    assert.match(response.body.rejected[0]!.message, /last 90 days/);
  });

  it("then the summary gives the funnel and response rates by contact type and district", async () => {
    const s = await summary();
    assert.equal(s.created, 175);
    assert.equal(s.sent, 175);
    assert.equal(s.completed, 3);
    const byType = new Map(s.byContactType.map((t) => [t.contactType, t]));
    assert.deepEqual([...byType.keys()].sort(), [
      "call_for_service",
      "report",
      "report_taken",
      "traffic_stop",
    ]);
    const total = s.byContactType.reduce((sum, t) => sum + t.completed, 0);
    assert.equal(total, 3);
    const d = s.byDistrict.find((x) => x.district === "D1")!;
    assert.ok(d.sent > 0);
    assert.equal(d.responseRate, Math.round((1000 * d.completed) / d.sent) / 10);
  });
});
