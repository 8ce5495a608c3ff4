import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { clock } from "@server/platform/clock.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { atLocal } from "../helpers/local-time.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, surveyLink, testSmtp, type TestSmtp } from "./invitations-smtp.js";

const ANSWERS = {
  q_contact_type: "call_for_service",
  q_pj_listened: 3,
  q_pj_explained: 3,
  q_pj_fair: 3,
  q_pj_facts: 3,
  q_pj_respect: 3,
  q_pj_cared: 3,
  q_satisfaction: 3,
  q_trust_after: 3,
};
const DAY = 86_400_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("invitation schedules: delay, quiet hours, reminders and expiry on a controllable clock", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let admin: ApiClient;
  let designer: ApiClient;
  let survey: { id: string; slug: string };
  const invitations = () => mongoose.connection.db!.collection("invitations");
  const rules = (quietHours: { start: string; end: string } | null) =>
    admin.patch("/api/v1/agency", {
      invitationRules: {
        quietHours,
        delayMinutes: 120,
        excludedContactTypes: [],
        minDaysBetween: 0,
        reminderDays: 3,
        maxReminders: 2,
      },
    });

  // 21:00 local, at least a day from now: inside quiet hours 20:00–08:00.
  const evening = atLocal(new Date(Date.now() + DAY), "21:00");
  const morning = atLocal(evening, "08:00");

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({
      SMTP_URL: smtp.url,
      JOBS_POLL_MS: "20",
      JOBS_RETRY_BASE_MS: "100",
      // Sessions follow the controllable clock too; these tests move it forward by weeks.
      SESSION_TTL_HOURS: "720",
    });
    const built = await buildAgency(server.url, ["admin", "designer"]);
    ({ admin, designer } = built.clients);
    assert.equal((await rules({ start: "20:00", end: "08:00" })).status, 200);
    survey = await publishFromTemplate(designer, "post-contact");
  });
  after(async () => {
    clock.reset();
    await server?.stop();
    await smtp?.stop();
  });

  it("when contacts are uploaded at night, then their mails wait for the delay and the end of quiet hours in the agency's timezone", async () => {
    clock.set(evening);
    const response = await designer.post<{ created: number }>(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: [
        {
          email: "answers@example.net",
          contactType: "call_for_service",
          contactedAt: new Date(evening.getTime() - 30 * 60_000).toISOString(),
        },
        { email: "silent@example.net", contactType: "call_for_service", contactedAt: evening.toISOString() },
      ],
    });
    assert.equal(response.body.created, 2);
    const scheduled = await invitations()
      .find({ survey: new mongoose.Types.ObjectId(survey.id) })
      .toArray();
    assert.deepEqual(
      scheduled.map((i) => (i["sendAt"] as Date).toISOString()),
      [morning.toISOString(), morning.toISOString()],
    );
    await pause(300);
    clock.set(new Date(morning.getTime() - 60_000));
    await pause(300);
    assert.equal(smtp.mails.length, 0, "a mail left during quiet hours");
    clock.set(morning);
    await smtp.waitFor(2);
    assert.equal(smtp.mails.length, 2);
  });

  it("when a contact's delay ends in the daytime, then the mail goes exactly then", async () => {
    const contactedAt = atLocal(morning, "10:00");
    clock.set(contactedAt);
    await designer.post(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: [
        { email: "daytime@example.net", contactType: "report", contactedAt: contactedAt.toISOString() },
      ],
    });
    const invitation = await invitations().findOne({ contactType: "report" });
    assert.equal(
      (invitation?.["sendAt"] as Date).toISOString(),
      new Date(contactedAt.getTime() + 120 * 60_000).toISOString(),
    );
    await pause(300);
    assert.equal(smtp.mails.length, 2);
    clock.set(new Date(contactedAt.getTime() + 120 * 60_000));
    await smtp.waitFor(3);
    // Answer it so its reminders stay out of the counts below.
    const token = surveyLink(smtp.mails[2]!).searchParams.get("t")!;
    assert.equal((await submit(token)).status, 201);
  });

  const submit = (token: string) =>
    fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ submissionId: randomUUID(), language: "en", token, answers: ANSWERS }),
    });

  it("when reminders fall due, then at most two go, only to those who have not answered, each postponed out of quiet hours", async () => {
    const answered = smtp.mails.find((m) => m.to[0] === "answers@example.net")!;
    assert.equal((await submit(surveyLink(answered).searchParams.get("t")!)).status, 201);
    const silentToken = surveyLink(
      smtp.mails.find((m) => m.to[0] === "silent@example.net")!,
    ).searchParams.get("t");

    // Quiet hours change after scheduling: the reminder due at 08:00 must wait until 09:00.
    assert.equal((await rules({ start: "07:00", end: "09:00" })).status, 200);
    const firstDue = new Date(morning.getTime() + 3 * DAY);
    clock.set(firstDue);
    await pause(400);
    assert.equal(smtp.mails.length, 3, "a reminder left during quiet hours");
    clock.set(atLocal(firstDue, "09:00"));
    await smtp.waitFor(4);
    const first = smtp.mails[3]!;
    assert.deepEqual(first.to, ["silent@example.net"]);
    assert.match(first.headers["subject"] ?? "", /Reminder/);
    assert.equal(surveyLink(first).searchParams.get("t"), silentToken, "a reminder carries the same link");

    clock.set(new Date(atLocal(firstDue, "09:00").getTime() + 3 * DAY));
    await smtp.waitFor(5);
    assert.deepEqual(smtp.mails[4]!.to, ["silent@example.net"]);

    clock.advance(3 * DAY + 3_600_000);
    await pause(500);
    assert.equal(smtp.mails.length, 5, "more than two reminders, or one to someone who answered");
  });

  it("when invitations expire, then their addresses are purged from the database and the link no longer works", async () => {
    const silent = await invitations().findOne({ status: "sent" });
    assert.ok(
      silent?.["emailEncrypted"],
      "the unanswered invitation should still hold its address before expiry",
    );
    clock.set(new Date((silent["expiresAt"] as Date).getTime() + 6 * 60_000));
    const deadline = Date.now() + 15_000;
    while ((await invitations().countDocuments({ status: "expired" })) < 1 && Date.now() < deadline)
      await pause(50);
    const all = await invitations().find().toArray();
    assert.deepEqual(all.map((i) => i["status"]).sort(), ["completed", "completed", "expired"]);
    assert.equal(
      all.filter((i) => i["emailEncrypted"] !== null).length,
      0,
      "an address outlived its invitation",
    );
    assert.equal(all.filter((i) => i["contactedAt"] !== null).length, 0);
    const late = await submit(surveyLink(smtp.mails[4]!).searchParams.get("t")!);
    assert.equal(late.status, 403);
    assert.equal(((await late.json()) as { error: { code: string } }).error.code, "token_expired");
  });
});
