import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import mongoose from "mongoose";
import { deriveKeys, hashToken, invitationToken } from "@server/invitations/crypto.js";
import { signStarted } from "@server/respondent/form-guard.js";
import type { ApiClient } from "../helpers/api-client.js";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "../api/invitations-smtp.js";
import { answersToFields, fieldValue, getPage, pageFields, postForm } from "../api/respondent-support.js";
import { answerStepByStep, publicQuestions, storedResponses } from "./respondent-support.js";

const DATA_KEY = "7f".repeat(32);

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

describe("post-contact mode: /s/:slug?t=<token> from an emailed invitation", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let designer: ApiClient;
  let browser: Browser;
  let survey: { id: string; slug: string };
  const tokens: string[] = [];

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url, DATA_ENCRYPTION_KEY: DATA_KEY });
    browser = await launchBrowser();
    const built = await buildAgency(server.url, ["admin", "designer"]);
    designer = built.clients.designer;
    const rules = await built.clients.admin.patch("/api/v1/agency", {
      invitationRules: {
        quietHours: null,
        delayMinutes: 0,
        excludedContactTypes: [],
        minDaysBetween: 90,
        maxReminders: 0,
      },
    });
    assert.equal(rules.status, 200, JSON.stringify(rules.body));
    survey = await publishFromTemplate(designer, "post-contact");
    const invited = await designer.post(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: ["a", "b"].map((p) => ({
        email: `${p}@example.net`,
        district: "D1",
        contactType: "traffic_stop",
      })),
    });
    assert.equal(invited.status, 202, JSON.stringify(invited.body));
    // The tokens the mailed links carry, rebuilt from the known key (mail delivery itself is
    // the invitations feature's to test; this file tests what the link does on our pages).
    const keys = deriveKeys(Buffer.from(DATA_KEY, "hex"));
    const invitations = await mongoose
      .connection!.db!.collection("invitations")
      .find({ survey: new mongoose.Types.ObjectId(survey.id) })
      .toArray();
    assert.equal(invitations.length, 2);
    for (const invitation of invitations) {
      const token = invitationToken(keys, String(invitation._id));
      assert.equal(hashToken(token), invitation["tokenHash"]);
      tokens.push(token);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it("when the link is used without script, then the token travels with the form, the response records the invitation, and the link then says it was used", async () => {
    const token = tokens[0]!;
    const page = await getPage(`${server.url}/s/${survey.slug}?t=${token}`);
    assert.equal(page.status, 200);
    assert.equal(fieldValue(page.html, "_t"), token);
    // Opening the link counts as "opened" in the invitation funnel.
    const invitation = await mongoose
      .connection!.db!.collection("invitations")
      .findOne({ tokenHash: hashToken(token) });
    assert.equal(invitation?.["opened"], true);
    const fields = pageFields(page.html).map(([n, v]): [string, string] =>
      n === "_ts" ? [n, signStarted(survey.slug, Date.now() - 10_000)] : [n, v],
    );
    const posted = await postForm(server.url, survey.slug, [...fields, ...answersToFields(ANSWERS)]);
    assert.equal(posted.status, 303, posted.html.slice(0, 300));
    const stored = await storedResponses(survey.id);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!["invitation"], hashToken(token));

    // The link again: a kind page, not the form.
    const again = await getPage(`${server.url}/s/${survey.slug}?t=${token}`, { "accept-language": "es" });
    assert.equal(again.status, 409);
    assert.ok(again.html.includes("Usted ya contestó esta encuesta"));
    assert.doesNotMatch(again.html, /<form/);
    // A second post with the same token (another device, say) is refused the same kind way.
    const replay = await postForm(server.url, survey.slug, [
      ...fields.map(([n, v]): [string, string] => (n === "_sid" ? [n, "another-device-1"] : [n, v])),
      ...answersToFields(ANSWERS),
    ]);
    assert.equal(replay.status, 409);
    assert.ok(replay.html.includes("You already answered this survey"));
    assert.equal((await storedResponses(survey.id)).length, 1);
  });

  it("when a token is unknown, then a plain page says the link does not work", async () => {
    const page = await getPage(`${server.url}/s/${survey.slug}?t=nonexistent-token-123456`);
    assert.equal(page.status, 403);
    assert.ok(page.html.includes("This link does not work"));
    assert.doesNotMatch(page.html, /<form/);
  });

  it("when a resident answers from the link on a phone, then one response is stored and reopening the link shows the already-answered page", async () => {
    const token = tokens[1]!;
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}?t=${token}`);
    await answerStepByStep(page, await publicQuestions(server.url, survey.slug), ANSWERS);
    await page.waitForURL(/\/thanks/);
    const stored = (await storedResponses(survey.id)).filter((r) => r["invitation"] === hashToken(token));
    assert.equal(stored.length, 1);

    const reopened = await page.goto(`${server.url}/s/${survey.slug}?t=${token}`);
    assert.equal(reopened?.status(), 409);
    assert.equal(
      await page.getByRole("heading", { level: 1 }).textContent(),
      "You already answered this survey",
    );
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await context.close();
  });
});
