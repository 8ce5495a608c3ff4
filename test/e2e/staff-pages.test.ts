import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

describe("staff pages in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let slug: string;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ slug } = await buildAgency(server.url, ["designer"]));
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  it("a designer signs in on a phone, creates a draft from a template and publishes it", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    assert.deepEqual(describeViolations(await seriousAxeViolations(page)), "");
    await page.getByLabel("Email").fill(`designer-${slug}@example.org`);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Surveys" }).waitFor();
    await page.getByLabel("Start from a template").selectOption("post-contact");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("status").filter({ hasText: "Draft created." }).waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("status").filter({ hasText: "Published." }).waitFor();
    const link = await page.getByRole("link", { name: /^\/s\// }).textContent();
    assert.match(link ?? "", /^\/s\/how-did-we-do-[a-f0-9]{6}$/);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await context.close();
  });
});
