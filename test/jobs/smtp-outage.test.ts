import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { buildAgency, OPEN_INVITATION_RULES, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "../api/invitations-smtp.js";

describe("delivery while the mail server is down", () => {
  let server: TestServer;
  let smtp: TestSmtp;

  before(async () => {
    // The port is reserved but nothing listens on it yet: the mail server is "down".
    smtp = testSmtp(await freePort());
    server = await startTestServer({ SMTP_URL: smtp.url, JOBS_POLL_MS: "50", JOBS_RETRY_BASE_MS: "200" });
  });
  after(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  it("when SMTP is unreachable for a while, then invitations stay queued and each goes out exactly once when it is back", async () => {
    const { clients } = await buildAgency(server.url, ["admin", "designer"]);
    await clients.admin.patch("/api/v1/agency", { invitationRules: OPEN_INVITATION_RULES });
    const survey = await publishFromTemplate(clients.designer, "post-contact");
    const contacts = Array.from({ length: 20 }, (_, i) => ({
      email: `outage${i}@example.net`,
      contactType: "report",
    }));
    const upload = await clients.designer.post<{ created: number }>(
      `/api/v1/surveys/${survey.id}/invitations`,
      { contacts },
    );
    assert.equal(upload.body.created, 20);

    await new Promise((r) => setTimeout(r, 2000));
    const jobs = mongoose.connection.db!.collection("jobs");
    const retried = await jobs.countDocuments({
      name: "invitation.send",
      status: "queued",
      attempts: { $gte: 1 },
    });
    assert.ok(retried >= 1, "no send was attempted and retried while SMTP was down");
    const summary = await clients.designer.get<{ sent: number; scheduled: number; bounced: number }>(
      `/api/v1/surveys/${survey.id}/invitations/summary`,
    );
    assert.equal(summary.body.sent, 0);
    assert.equal(summary.body.scheduled, 20);
    assert.equal(summary.body.bounced, 0, "an unreachable server is not a bounce");

    await smtp.start();
    await smtp.waitFor(20, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const recipients = smtp.mails.map((m) => m.to[0]);
    assert.equal(recipients.length, 20);
    assert.equal(new Set(recipients).size, 20);
    const after = await clients.designer.get<{ sent: number; scheduled: number }>(
      `/api/v1/surveys/${survey.id}/invitations/summary`,
    );
    assert.equal(after.body.sent, 20);
    assert.equal(after.body.scheduled, 0);
  });
});
