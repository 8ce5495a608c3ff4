import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { clock } from "@server/platform/clock.js";
import { smsLength } from "@shared/sms-text.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, OPEN_INVITATION_RULES, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  postSigned,
  smsServerEnv,
  startSmsStandIn,
  waitUntil,
  type SmsStandIn,
} from "../helpers/sms-provider.js";

const ANSWERS = {
  q_contact_type: "call_for_service",
  q_pj_listened: 4,
  q_pj_explained: 4,
  q_pj_fair: 4,
  q_pj_facts: 4,
  q_pj_respect: 4,
  q_pj_cared: 4,
  q_satisfaction: 4,
  q_trust_after: 4,
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("text message invitations through a stand-in of the Messages API", () => {
  let server: TestServer;
  let provider: SmsStandIn;
  let admin: ApiClient;
  let designer: ApiClient;
  let agencyName: string;
  let agencySlug: string;
  let survey: { id: string; slug: string };
  const invitations = () => mongoose.connection.db!.collection("invitations");
  const invitationTo = async (surveyId: string, contactType: string) =>
    invitations().findOne({ survey: new mongoose.Types.ObjectId(surveyId), contactType });
  const invite = (surveyId: string, contacts: Array<Record<string, unknown>>) =>
    designer.post<{ created: number; rejected: Array<{ row: number; message: string }> }>(
      `/api/v1/surveys/${surveyId}/invitations`,
      { contacts },
    );
  const summary = async (surveyId: string) =>
    (
      await admin.get<{ text: Record<string, number>; bounced: number; optedOut: number }>(
        `/api/v1/surveys/${surveyId}/invitations/summary`,
      )
    ).body;
  const webhook = (path: string) => `${server.url}/api/v1/sms/${path}`;
  const linkOf = (text: string) => /https?:\/\/\S+\/i\/([A-Za-z0-9_-]+)/.exec(text);

  before(async () => {
    provider = await startSmsStandIn();
    server = await startTestServer(smsServerEnv(provider));
    const built = await buildAgency(server.url, ["admin", "designer"]);
    ({ admin, designer } = built.clients);
    agencyName = built.agency.name;
    agencySlug = built.slug;
    assert.equal(
      (await admin.patch("/api/v1/agency", { invitationRules: OPEN_INVITATION_RULES })).status,
      200,
    );
    survey = await publishFromTemplate(designer, "post-contact");
  });
  after(async () => {
    clock.reset();
    await server?.stop();
    await provider?.stop();
  });

  it("when a contact has only a phone number, then one text goes to the Messages API with basic auth, the sender, a status callback and a short link in two segments", async () => {
    const response = await invite(survey.id, [
      { phone: "+1 (512) 210-0001", contactType: "call_for_service" },
    ]);
    assert.equal(response.status, 202);
    assert.equal(response.body.created, 1);
    const [text] = await provider.waitFor(1);
    assert.ok(text!.authorized, "the request carried the account's basic auth");
    assert.equal(text!.to, "+15122100001");
    assert.equal(text!.from, provider.from);
    assert.equal(text!.statusCallback, webhook("status"));
    assert.ok(text!.body.startsWith(`${agencyName}: How did we do`), text!.body);
    assert.match(text!.body, /Reply STOP to opt out\.$/);
    assert.ok(smsLength(text!.body).segments <= 2);
    const code = linkOf(text!.body)![1]!;
    assert.ok(code.length >= 16, "a short code carries at least 96 bits");
    const stored = await invitationTo(survey.id, "call_for_service");
    await waitUntil(
      async () => (await invitations().findOne({ _id: stored!["_id"] }))?.["status"] === "sent",
    );
    const after = await invitations().findOne({ _id: stored!["_id"] });
    assert.equal(after!["channel"], "sms");
    assert.equal(after!["smsStatus"], "sent");
    assert.ok(!JSON.stringify(after).includes("5550100001"), "the number is stored only encrypted");
  });

  it("when the short link is opened, then it leads to the survey with the invitation's token; once answered, it leads nowhere", async () => {
    const code = linkOf(provider.texts()[0]!.body)![1]!;
    const first = await fetch(`${server.url}/i/${code}`, { redirect: "manual" });
    assert.equal(first.status, 303);
    const location = new URL(first.headers.get("location")!, server.url);
    assert.equal(location.pathname, `/s/${survey.slug}`);
    assert.equal(location.searchParams.get("lang"), "en");
    const token = location.searchParams.get("t")!;
    const again = await fetch(`${server.url}/i/${code}`, { redirect: "manual" });
    assert.equal(again.status, 303, "an unanswered invitation's link may be opened again");
    const submitted = await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ submissionId: randomUUID(), language: "en", token, answers: ANSWERS }),
    });
    assert.equal(submitted.status, 201);
    const used = await fetch(`${server.url}/i/${code}`, { redirect: "manual" });
    assert.equal(used.status, 410);
    assert.match(await used.text(), /already been used/);
    const unknown = await fetch(`${server.url}/i/AAAAAAAAAAAAAAAAAAAAAA`, { redirect: "manual" });
    assert.equal(unknown.status, 404);
  });

  it("when the provider posts a signed status callback, then the text counts as delivered; a bad signature gets 403 and changes nothing", async () => {
    const other = await publishFromTemplate(designer, "post-contact");
    await invite(other.id, [{ phone: "+15122100002", contactType: "report" }]);
    await provider.waitFor(2);
    const sid = provider.texts().at(-1)!.sid!;
    await waitUntil(async () => (await invitationTo(other.id, "report"))?.["status"] === "sent");
    const params = {
      MessageSid: sid,
      MessageStatus: "delivered",
      AccountSid: provider.accountSid,
      To: "+15122100002",
    };
    const forged = await postSigned(webhook("status"), params, provider.authToken, "bm90IGEgc2lnbmF0dXJl");
    assert.equal(forged.status, 403);
    const wrongKey = await postSigned(webhook("status"), params, "another-token-entirely");
    assert.equal(wrongKey.status, 403);
    assert.equal((await summary(other.id)).text["delivered"], 0);
    const signed = await postSigned(webhook("status"), params, provider.authToken);
    assert.equal(signed.status, 204);
    assert.deepEqual((await summary(other.id)).text, { sent: 1, delivered: 1, failed: 0, undeliverable: 0 });
    // A late "sent" does not undo "delivered".
    await postSigned(webhook("status"), { ...params, MessageStatus: "sent" }, provider.authToken);
    assert.equal((await summary(other.id)).text["delivered"], 1);
  });

  it("when a status callback says the number is a landline, then the invitation bounces, the number is marked and no later invitation texts it", async () => {
    const first = await publishFromTemplate(designer, "post-contact");
    await invite(first.id, [{ phone: "+15122100003", contactType: "report" }]);
    // The provider calls back once it has the text; by then the sender has recorded its id.
    await waitUntil(async () => (await invitationTo(first.id, "report"))?.["status"] === "sent");
    const sid = provider.texts().find((t) => t.to === "+15122100003")!.sid!;
    const failed = await postSigned(
      webhook("status"),
      { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30006" },
      provider.authToken,
    );
    assert.equal(failed.status, 204);
    const bounced = await summary(first.id);
    assert.equal(bounced.bounced, 1);
    assert.equal(bounced.text["undeliverable"], 1);

    const second = await publishFromTemplate(designer, "post-contact");
    const requestsBefore = provider.requests.length;
    await invite(second.id, [{ phone: "+15122100003", contactType: "report" }]);
    await waitUntil(async () => (await summary(second.id)).bounced === 1);
    assert.equal(
      provider.requests.length,
      requestsBefore,
      "a number that cannot receive texts was texted again",
    );
    assert.equal((await summary(second.id)).text["undeliverable"], 1);
  });

  it("when the provider refuses a number as not mobile (21614), then the invitation bounces at once and is not retried", async () => {
    provider.refuseNumbers.set("+15122100004", 21614);
    const target = await publishFromTemplate(designer, "post-contact");
    const before = provider.requests.length;
    await invite(target.id, [{ phone: "+15122100004", contactType: "report" }]);
    await waitUntil(async () => (await summary(target.id)).bounced === 1);
    await pause(600);
    assert.equal(provider.requests.filter((r) => r.to === "+15122100004").length, 1);
    assert.equal(provider.requests.length, before + 1);
    assert.equal((await summary(target.id)).text["undeliverable"], 1);
    const invitation = await invitationTo(target.id, "report");
    assert.match(String(invitation!["bounceReason"]), /21614/);
    assert.ok(
      !String(invitation!["bounceReason"]).includes("5550100004"),
      "the number leaked into the reason",
    );
  });

  it("when the provider answers 500, then the text is retried with growing waits until it is taken", async () => {
    provider.refuseNext.push({ status: 500 }, { status: 500 }, { status: 503 });
    const target = await publishFromTemplate(designer, "post-contact");
    await invite(target.id, [{ phone: "+15122100005", contactType: "report" }]);
    await waitUntil(() => provider.texts().some((t) => t.to === "+15122100005"), 15_000);
    const tries = provider.requests.filter((r) => r.to === "+15122100005");
    assert.equal(tries.length, 4);
    const gaps = tries.slice(1).map((t, i) => t.at - tries[i]!.at);
    // Base 100 ms doubling, ±20 % jitter: about 100, 200, 400.
    assert.ok(gaps[0]! >= 70, `first wait ${gaps[0]} ms`);
    assert.ok(gaps[1]! >= 150, `second wait ${gaps[1]} ms`);
    assert.ok(gaps[2]! >= 300, `third wait ${gaps[2]} ms`);
    assert.ok(gaps[2]! > gaps[0]!, `waits ${gaps.join(", ")} do not grow`);
    await waitUntil(async () => (await invitationTo(target.id, "report"))?.["status"] === "sent");
  });

  it("when the provider answers 429 with Retry-After, then the next try waits at least that long", async () => {
    provider.refuseNext.push({ status: 429, code: 20429, retryAfter: "1" });
    const target = await publishFromTemplate(designer, "post-contact");
    await invite(target.id, [{ phone: "+15122100006", contactType: "report" }]);
    await waitUntil(() => provider.texts().some((t) => t.to === "+15122100006"), 15_000);
    const tries = provider.requests.filter((r) => r.to === "+15122100006");
    assert.equal(tries.length, 2);
    assert.ok(tries[1]!.at - tries[0]!.at >= 950, `retried after ${tries[1]!.at - tries[0]!.at} ms`);
  });

  it("when a resident replies STOP, then the reply confirms, a pending text to that number never goes, and a new upload refuses the number", async () => {
    const first = await publishFromTemplate(designer, "post-contact");
    await invite(first.id, [{ phone: "+15122100007", contactType: "report" }]);
    await waitUntil(() => provider.texts().some((t) => t.to === "+15122100007"));
    // A second survey's invitation to the number waits for its delay.
    assert.equal(
      (
        await admin.patch("/api/v1/agency", {
          invitationRules: { ...OPEN_INVITATION_RULES, delayMinutes: 60 },
        })
      ).status,
      200,
    );
    const pending = await publishFromTemplate(designer, "post-contact");
    clock.set(new Date());
    assert.equal(
      (await invite(pending.id, [{ phone: "+15122100007", contactType: "report" }])).body.created,
      1,
    );
    const stop = await postSigned(
      webhook("inbound"),
      { From: "+15122100007", To: provider.from, Body: " Stop " },
      provider.authToken,
    );
    assert.equal(stop.status, 200);
    assert.match(stop.type, /xml/);
    assert.match(
      stop.text,
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>.*no more survey texts.*<\/Message><\/Response>$/,
    );
    assert.ok(stop.text.includes(agencyName.replace(/&/g, "&amp;")));
    const before = provider.requests.length;
    clock.advance(61 * 60_000);
    await waitUntil(async () => (await invitationTo(pending.id, "report"))?.["status"] === "opted_out");
    assert.equal(provider.requests.length, before, "a text went to a number that replied STOP");
    clock.reset();
    assert.equal(
      (await admin.patch("/api/v1/agency", { invitationRules: OPEN_INVITATION_RULES })).status,
      200,
    );
    const later = await publishFromTemplate(designer, "post-contact");
    const refused = await invite(later.id, [{ phone: "+15122100007", contactType: "report" }]);
    assert.equal(refused.body.created, 0);
    assert.match(refused.body.rejected[0]!.message, /opted out/);
  });

  it("when the resident then replies START, then texts to the number are allowed again", async () => {
    const start = await postSigned(
      webhook("inbound"),
      { From: "+15122100007", To: provider.from, Body: "START" },
      provider.authToken,
    );
    assert.equal(start.status, 200);
    assert.match(start.text, /receive our survey texts again/);
    const again = await publishFromTemplate(designer, "post-contact");
    assert.equal(
      (await invite(again.id, [{ phone: "+15122100007", contactType: "report" }])).body.created,
      1,
    );
    const count = provider.texts().filter((t) => t.to === "+15122100007").length;
    await waitUntil(() => provider.texts().filter((t) => t.to === "+15122100007").length === count + 1);
  });

  it("when a resident replies HELP, then the reply names the agency and where to learn more; an unsigned reply gets 403", async () => {
    const help = await postSigned(
      webhook("inbound"),
      { From: "+15122100001", To: provider.from, Body: "help" },
      provider.authToken,
    );
    assert.equal(help.status, 200);
    assert.ok(help.text.includes(agencyName));
    assert.ok(help.text.includes(`${server.url}/p/${agencySlug}`));
    const other = await postSigned(
      webhook("inbound"),
      { From: "+15122100001", To: provider.from, Body: "thanks!" },
      provider.authToken,
    );
    assert.equal(other.text, '<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const unsigned = await postSigned(
      webhook("inbound"),
      { From: "+15122100001", Body: "STOP" },
      provider.authToken,
      "",
    );
    assert.equal(unsigned.status, 403);
  });

  it("when a webhook carries a bad parameter, then it gets 400 naming it", async () => {
    const bad = await postSigned(
      webhook("status"),
      { MessageSid: "SM1", MessageStatus: "delivered", ErrorCode: "abc" },
      provider.authToken,
    );
    assert.equal(bad.status, 400);
    assert.match(bad.text, /ErrorCode/);
  });

  it("when an admin reads the SMS settings, then the provider mode and the sender with its digits masked are shown; a designer may not", async () => {
    const settings = await admin.get<{ sms: { mode: string; provider: string; from: string } }>(
      "/api/v1/sms/settings",
    );
    assert.equal(settings.status, 200);
    assert.deepEqual(settings.body.sms, { mode: "provider", provider: "twilio", from: "+1••••••0006" });
    assert.equal((await designer.get("/api/v1/sms/settings")).status, 403);
  });
});
