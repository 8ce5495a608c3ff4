import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { buildBriefSurvey } from "../helpers/brief-data.js";
import { describeViolations, launchBrowser, seriousAxeViolations } from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signedInPage } from "../helpers/staff-page.js";

/** Pages of a PDF Chromium printed: its page objects (`/Type /Page`, not the `/Pages` tree). */
const pdfPages = (pdf: Buffer): number =>
  pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;

describe("the monthly brief in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let built: Awaited<ReturnType<typeof buildBriefSurvey>>;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    built = await buildBriefSurvey(server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("command staff open the brief from the survey's navigation, and it prints on one Letter or A4 page", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await signedInPage(context, server.url, `analyst-${built.slug}@example.org`);
    await page.goto(`${server.url}/app/#/surveys/${built.survey.id}/dashboard`);
    const link = page
      .getByRole("navigation", { name: "This survey" })
      .getByRole("link", { name: /^Monthly brief/ });
    const [brief] = await Promise.all([context.waitForEvent("page"), link.click()]);
    brief.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    await brief.getByRole("heading", { level: 1, name: "Community Safety and Trust Survey" }).waitFor();
    await brief.getByRole("heading", { level: 2, name: "Headline indices" }).waitFor();
    // The inline stylesheet is allowed by its hash: the heading wears the brief's colour.
    assert.equal(await brief.locator("h1").evaluate((h) => getComputedStyle(h).color), "rgb(29, 63, 110)");
    assert.equal(await brief.locator("h2#h-movements + ol > li").count(), 3);
    assert.equal(await brief.locator("section[aria-labelledby='h-actions'] li").count(), 5);
    assert.ok((await brief.locator("section[aria-labelledby='h-terms'] li").count()) > 0, "comment terms");
    assert.ok((await brief.locator("section[aria-labelledby='h-themes'] li").count()) > 0, "comment themes");
    assert.ok((await brief.locator("section[aria-labelledby='h-resources'] li").count()) > 0, "resources");
    assert.equal(describeViolations(await seriousAxeViolations(brief)), "");

    await brief.emulateMedia({ media: "print" });
    for (const format of ["Letter", "A4"]) {
      const pdf = await brief.pdf({ format });
      assert.equal(pdfPages(pdf), 1, `one ${format} page`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});
