import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { assertAxeClean, assertFitsPhone, launchBrowser, signInOnPhone } from "../helpers/browser.js";
import {
  buildAgency,
  OPEN_INVITATION_RULES,
  publishFromTemplate,
  TEST_PASSWORD,
} from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  postSigned,
  smsServerEnv,
  startSmsStandIn,
  waitUntil,
  type SmsStandIn,
} from "../helpers/sms-provider.js";

describe("text message settings and delivery summary in Chromium at 360 px", () => {
  let server: TestServer;
  let provider: SmsStandIn;
  let browser: Browser;
  let built: Awaited<ReturnType<typeof buildAgency>>;
  let surveyId: string;
  const problems: string[] = [];

  before(async () => {
    provider = await startSmsStandIn();
    server = await startTestServer(smsServerEnv(provider));
    browser = await launchBrowser();
    built = await buildAgency(server.url, ["admin"]);
    const { admin } = built.clients;
    await admin.patch("/api/v1/agency", { invitationRules: OPEN_INVITATION_RULES });
    surveyId = (await publishFromTemplate(admin, "post-contact")).id;
    await admin.post(`/api/v1/surveys/${surveyId}/invitations`, {
      contacts: [
        { phone: "+15122400001", contactType: "report" },
        { phone: "+15122400002", contactType: "report" },
      ],
    });
    await provider.waitFor(2);
    await waitUntil(async () => {
      const summary = await admin.get<{ sent: number }>(`/api/v1/surveys/${surveyId}/invitations/summary`);
      return summary.body.sent === 2;
    });
    const sid = provider.texts()[0]!.sid!;
    const callback = { MessageSid: sid, MessageStatus: "delivered" };
    assert.equal(
      (await postSigned(`${server.url}/api/v1/sms/status`, callback, provider.authToken)).status,
      204,
    );
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.stop();
    assert.deepEqual(problems, [], "no script errors or Content-Security-Policy violations");
  });

  const signIn = () =>
    signInOnPhone(browser, server.url, `admin-${built.slug}@example.org`, TEST_PASSWORD, problems);

  it("when an admin opens the settings, then the text message section names the provider and masks the sender", async () => {
    const { context, page } = await signIn();
    await page.goto(`${server.url}/app/#/settings`);
    const section = page.getByRole("region", { name: "Text messages" });
    await section.waitFor();
    const text = await section.innerText();
    assert.match(text, /Sent through Twilio/);
    assert.match(text, /\+1••••••0006/);
    assert.ok(!text.includes(provider.from), "the full sender number is shown");
    await assertFitsPhone(page);
    await assertAxeClean(page);
    await context.close();
  });

  it("when texts went out, then the invitations screen shows how many were sent and delivered", async () => {
    const { context, page } = await signIn();
    await page.goto(`${server.url}/app/#/surveys/${surveyId}/invitations`);
    const table = page.getByRole("table", { name: "Text messages" });
    await table.waitFor();
    const cells = await table.locator("tbody td").allInnerTexts();
    assert.deepEqual(cells, ["2", "1", "0", "0"]);
    await assertFitsPhone(page);
    await assertAxeClean(page);
    await context.close();
  });
});
