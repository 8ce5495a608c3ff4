import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import {
  buildAgency,
  OPEN_INVITATION_RULES,
  publishFromTemplate,
  TEST_PASSWORD,
} from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { optOutLink, parseMail } from "./invitations-smtp.js";

const CSV = [
  "Incident,Email,District,Contact Type,Contacted At",
  "A-1,first@example.net,D1,Traffic Stop,2026-01-05T10:00:00Z",
  'A-2,"second@example.net",D2,call_for_service,',
  "A-3,not an email,D3,report,",
  "A-4,third@example.net,D3,domestic_violence,",
].join("\n");

/**
 * The staff invitation view in Chromium at phone size, with no SMTP_URL: mail is written as
 * .eml files under DATA_DIR/outbox, the embedded default.
 */
describe("the invitations staff view and the outbox", () => {
  let server: TestServer;
  let browser: Browser;
  let dataDir: string;
  let slug: string;
  let surveyId: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-outbox-"));
    server = await startTestServer({ DATA_DIR: dataDir, JOBS_POLL_MS: "50" });
    browser = await launchBrowser();
    const built = await buildAgency(server.url, ["admin", "designer", "analyst"]);
    slug = built.slug;
    await built.clients.admin.patch("/api/v1/agency", {
      invitationRules: { ...OPEN_INVITATION_RULES, excludedContactTypes: ["domestic_violence"] },
    });
    surveyId = (await publishFromTemplate(built.clients.designer, "post-contact")).id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const signIn = async (role: "designer" | "analyst"): Promise<Page> => {
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel("Email").fill(`${role}-${slug}@example.org`);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    await page.goto(`${server.url}/app/#/surveys/${surveyId}/invitations`);
    await page.getByRole("heading", { level: 1, name: /^Invitations/ }).waitFor();
    return page;
  };

  it("a designer previews a CSV, checks it, sends it and sees the rejected rows and the funnel, with no serious axe issue at 360 px", async () => {
    const page = await signIn("designer");
    await page.getByLabel("Contacts file (CSV)").setInputFiles({
      name: "dispatch.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(CSV),
    });
    await page.getByRole("table", { name: /First rows of dispatch\.csv/ }).waitFor();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    await page.getByRole("button", { name: "Check file" }).click();
    await page.getByRole("heading", { name: "2 contacts would be invited" }).waitFor();
    const rejected = page.getByRole("table", { name: "2 rows rejected" });
    assert.match((await rejected.textContent()) ?? "", /4.*email.*5.*never surveyed/s);

    await page.getByRole("button", { name: "Send invitations" }).click();
    await page.getByRole("heading", { name: "2 invitations scheduled" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "2 invitations scheduled");
    await page.getByRole("table", { name: "Response rate by contact type" }).waitFor();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, "the view scrolls sideways at 360 px");
  });

  it("then without SMTP_URL each mail is written as an .eml file under DATA_DIR/outbox", async () => {
    const outbox = path.join(dataDir, "outbox");
    const deadline = Date.now() + 20_000;
    let files: string[] = [];
    while (Date.now() < deadline) {
      files = (await readdir(outbox).catch(() => [] as string[])).filter((f) => f.endsWith(".eml"));
      if (files.length >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(files.length, 2);
    const mails = await Promise.all(files.map((f) => readFile(path.join(outbox, f), "utf8")));
    const to = mails.map((m) => /^To: (.+)$/m.exec(m)?.[1]).sort();
    assert.deepEqual(to, ["first@example.net", "second@example.net"]);
    // The opt-out page the mail links to: plain HTML that passes axe at 360 px.
    const link = optOutLink(parseMail(mails[0]!, []));
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByRole("button", { name: "Stop invitations" }).waitFor();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    for (const mail of mails) {
      assert.match(mail, /Content-Type: multipart\/alternative/);
      assert.match(mail, /List-Unsubscribe:\s+<http[^>]+\/opt-out\?c=/);
    }
  });

  it("an analyst sees the delivery funnel but no upload", async () => {
    const page = await signIn("analyst");
    await page.getByRole("heading", { name: "Delivery" }).waitFor();
    await page.getByRole("table", { name: "Response rate by district" }).waitFor();
    assert.equal(await page.getByLabel("Contacts file (CSV)").count(), 0);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
  });
});
