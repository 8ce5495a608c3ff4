import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import {
  describeViolations,
  launchBrowser,
  phoneContext,
  seriousAxeViolations,
  settledFocusId,
} from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "../api/invitations-smtp.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

describe("settings, staff and account pages in Chromium at 360 px", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let browser: Browser;
  let built: Built;
  const cspErrors: string[] = [];

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url });
    browser = await launchBrowser();
    built = await buildAgency(server.url, ["admin", "designer", "analyst"]);
  });
  after(async () => {
    await browser?.close();
    await server.stop();
    await smtp.stop();
    assert.deepEqual(cspErrors, [], "no Content-Security-Policy violations");
  });

  const signIn = async (role: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.goto(`${server.url}/app/`);
    await page.getByLabel("Email").fill(`${role}-${built.slug}@example.org`);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    return { context, page };
  };
  const fitsPhone = async (page: Page) =>
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      "nothing scrolls sideways at 360 px",
    );
  const axeClean = async (page: Page) =>
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
  const status = (page: Page, text: string | RegExp) =>
    page.getByRole("status").filter({ hasText: text }).waitFor();

  it("an admin edits the agency's details, colour, logo and margins; bad input is explained next to its field", async () => {
    const { context, page } = await signIn("admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { level: 1, name: "Agency settings" }).waitFor();
    await axeClean(page);
    await fitsPhone(page);

    await page.getByLabel("Agency name").fill("Riverside Police Department");
    await page.getByLabel("Timezone").fill("America/Denver");
    await page.getByLabel("Smallest group shown outside analysts").fill("0");
    await page.getByRole("button", { name: "Save agency details" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "problem" });
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? "", /Smallest group shown outside analysts/);
    await axeClean(page);
    await page.getByLabel("Smallest group shown outside analysts").fill("12");
    await page.getByLabel("Results lead with the latest complete").selectOption("quarter");
    await page.getByRole("button", { name: "Save agency details" }).click();
    await status(page, "Agency details saved.");
    const agency = await built.clients.admin.get<{ agency: Record<string, unknown> }>("/api/v1/agency");
    assert.equal(agency.body.agency["name"], "Riverside Police Department");
    assert.equal(agency.body.agency["timezone"], "America/Denver");
    assert.equal(agency.body.agency["suppressionThreshold"], 12);
    assert.equal(agency.body.agency["headlinePeriod"], "quarter");

    await page.getByLabel("Brand colour").fill("#ffcc00");
    await page.getByRole("button", { name: "Save colour" }).click();
    const colourError = page.getByRole("alert").filter({ hasText: /contrast/ });
    await colourError.waitFor();
    assert.match((await colourError.textContent()) ?? "", /4\.5:1/);
    await page.getByLabel("Brand colour").fill("#1d4f91");
    await page.getByRole("button", { name: "Save colour" }).click();
    await status(page, "Brand colour saved.");

    await page.getByLabel("New logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Upload logo" }).click();
    await status(page, "Logo uploaded.");
    const logo = page.getByRole("img", { name: /^Current logo of / });
    await logo.waitFor();
    assert.ok(
      await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      "the logo loads",
    );

    await page.getByLabel("District", { exact: true }).fill("D1 30000\nD2 30000\nD3 40000");
    await page.getByRole("button", { name: "Save population counts" }).click();
    await status(page, "Population margins saved.");
    const margins = await built.clients.admin.get<{
      agency: { margins: { district: Record<string, number> } };
    }>("/api/v1/agency");
    assert.deepEqual(margins.body.agency.margins.district, { D1: 0.3, D2: 0.3, D3: 0.4 });

    await axeClean(page);
    await fitsPhone(page);
    await context.close();
  });

  it("an admin names districts in Spanish after a “|”, and a line that cannot be read is explained", async () => {
    const { context, page } = await signIn("admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    const field = page.getByLabel("Districts");
    await field.waitFor();
    assert.equal(await field.inputValue(), "D1 North\nD2 Central\nD3 South");
    await field.fill("D1 North | es: Distrito Norte\nD2 Central | Centro\nD3 South");
    await page.getByRole("button", { name: "Save agency details" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "problem" });
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? "", /Line 2: after each “\|” write a language code/);
    await field.fill("D1 North | es: Distrito Norte\nD2 Central | es: Centro\nD3 South");
    await page.getByRole("button", { name: "Save agency details" }).click();
    await status(page, "Agency details saved.");
    const agency = await built.clients.admin.get<{ agency: { districts: unknown[] } }>("/api/v1/agency");
    assert.deepEqual(agency.body.agency.districts, [
      { code: "D1", name: "North", names: { es: "Distrito Norte" } },
      { code: "D2", name: "Central", names: { es: "Centro" } },
      { code: "D3", name: "South", names: {} },
    ]);
    await page.reload();
    await page.getByLabel("Districts").waitFor();
    assert.equal(
      await page.getByLabel("Districts").inputValue(),
      "D1 North | es: Distrito Norte\nD2 Central | es: Centro\nD3 South",
    );
    await context.close();
  });

  it("Recent activity says what happened in words and names the survey by its title", async () => {
    const survey = await publishFromTemplate(built.clients.designer, "post-contact");
    await built.clients.admin.request("PUT", `/api/v1/surveys/${survey.id}/publication`, {
      published: true,
      questions: ["q_satisfaction"],
    });
    const { context, page } = await signIn("admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    const activity = page.getByRole("region", { name: "Recent activity" });
    const row = activity.getByRole("row").filter({ hasText: "Changed what the public results page shows" });
    await row.waitFor();
    assert.match((await row.textContent()) ?? "", /“How Did We Do\?”/);
    await activity.getByRole("row").filter({ hasText: "Published a survey" }).first().waitFor();
    const text = (await activity.textContent()) ?? "";
    assert.doesNotMatch(text, /results\.publication_changed|survey\.published/);
    assert.doesNotMatch(text, new RegExp(`survey ${survey.id}`));
    await axeClean(page);
    await context.close();
  });

  it("an admin creates an API key that is shown once, sees it listed without the secret, and revokes it", async () => {
    const { context, page } = await signIn("admin");
    await page.goto(`${server.url}/app/#/settings`);
    await page.getByRole("heading", { level: 1, name: "Agency settings" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("CAD bridge");
    await page.getByLabel(/Send post-contact invitations/).check();
    await page.getByRole("button", { name: "Create key" }).click();
    const output = page.getByLabel("New API key");
    await output.waitFor();
    const key = await output.inputValue();
    assert.match(key, /^cpk_/);
    assert.equal(await settledFocusId(page, "new-key"), "new-key", "focus moves to the key");
    const row = page.getByRole("row", { name: /CAD bridge/ });
    assert.match((await row.textContent()) ?? "", /invitations:write/);
    assert.ok(!((await row.textContent()) ?? "").includes(key.slice(20)));
    await axeClean(page);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Revoke key CAD bridge" }).click();
    await status(page, 'Key "CAD bridge" revoked.');
    const reply = await fetch(`${server.url}/api/v1/surveys`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(reply.status, 401);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Agency settings" }).waitFor();
    assert.equal(await page.getByLabel("New API key").count(), 0, "the key is not shown again");
    await context.close();
  });

  it("an admin invites a colleague, changes a role and deactivates someone on the staff page", async () => {
    const { context, page } = await signIn("admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
    await page.getByRole("heading", { level: 1, name: "Staff" }).waitFor();
    await axeClean(page);
    await fitsPhone(page);

    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("alert").filter({ hasText: "problem" }).waitFor();
    await page.getByLabel("Email", { exact: true }).fill("colleague@example.org");
    await page.getByLabel("Role", { exact: true }).selectOption("designer");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await status(page, "Invitation sent.");
    await page.getByText("colleague@example.org as designer").waitFor();
    await smtp.waitFor(1);

    const analystEmail = `analyst-${built.slug}@example.org`;
    await page.getByLabel(`Role of ${analystEmail}`).selectOption("designer");
    await page.getByRole("button", { name: `Change role of ${analystEmail}` }).click();
    await status(page, `${analystEmail} is now designer.`);

    const designerEmail = `designer-${built.slug}@example.org`;
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: `Deactivate ${designerEmail}` }).click();
    await status(page, `${designerEmail} deactivated.`);
    assert.equal((await built.clients.designer.get("/api/v1/auth/me")).status, 401, "their session ended");
    await axeClean(page);
    await context.close();
  });

  it("a colleague opens the mailed link on a phone, is told a weak password is weak, then joins and is signed in", async () => {
    const mail = smtp.mails.find((m) => m.to[0] === "colleague@example.org")!;
    const link = /(https?:\/\/\S+\/app\/#\/invite\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: /^Join / }).waitFor();
    await axeClean(page);
    await fitsPhone(page);
    await page.getByLabel("Choose a password").fill("qwertyuiop123");
    await page.getByRole("button", { name: "Join and sign in" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /common|sequence/ })
      .waitFor();
    await axeClean(page);
    await page.getByLabel("Choose a password").fill("copper-window-meadow");
    await page.getByRole("button", { name: "Join and sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    assert.match((await page.locator("#who").textContent()) ?? "", /colleague@example\.org \(designer\)/);
    await context.close();
  });

  it("staff who are not admins see no settings or staff links, and anyone can sign out on every device", async () => {
    const { context, page } = await signIn("analyst");
    const nav = page.getByRole("navigation", { name: "Main" });
    assert.equal(await nav.getByRole("link", { name: "Settings" }).count(), 0);
    assert.equal(await nav.getByRole("link", { name: "Staff" }).count(), 0);
    const other = await signIn("analyst");

    await nav.getByRole("link", { name: "Account" }).click();
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    await axeClean(page);
    await page.getByRole("button", { name: "Sign out on every device" }).click();
    await page.getByRole("heading", { level: 1, name: "Staff sign-in" }).waitFor();
    await other.page.reload();
    await other.page.getByRole("heading", { level: 1, name: "Staff sign-in" }).waitFor();
    await other.context.close();
    await context.close();
  });
});
