import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import {
  announced,
  assertAxeClean,
  assertFitsPhone,
  launchBrowser,
  settledFocusId,
  signInOnPhone,
} from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;

describe("resource library screen in Chromium at 360 px", () => {
  let server: TestServer;
  let browser: Browser;
  let built: Built;
  const problems: string[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    built = await buildAgency(server.url, ["admin", "analyst"]);
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  const signIn = (role: "admin" | "analyst") =>
    signInOnPhone(browser, server.url, `${role}-${built.slug}@example.org`, TEST_PASSWORD, problems);

  it("an admin searches and filters the library, adds a link to an entry and adds, edits and removes a programme", async () => {
    const { context, page } = await signIn("admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" }).click();
    await page.getByRole("heading", { level: 1, name: "Resource library" }).waitFor();
    await page.locator("#library-count", { hasText: "Showing all 140 resources." }).waitFor();
    await assertAxeClean(page);
    await assertFitsPhone(page);

    await page.getByLabel("Category").selectOption("Use of Force");
    await page.locator("#library-count", { hasText: "Showing 10 of 140 resources." }).waitFor();
    await page.getByLabel("Search").fill("de-escalation");
    await page.locator("#library-count", { hasText: "Showing 1 of 140 resources." }).waitFor();
    await page.getByLabel("Search").fill("");
    await page.getByLabel("Category").selectOption("");
    await page.getByLabel("Theme").selectOption("procedural_justice.neutrality");
    await page.locator("#library-count", { hasText: /Showing \d+ of 140 resources\./ }).waitFor();
    await page.getByLabel("Theme").selectOption("");

    await page.getByRole("link", { name: "Bias-Free Policing", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Bias-Free Policing" }).waitFor();
    for (const section of ["Summary", "Why it fits", "Source", "Link"])
      await page.getByRole("heading", { level: 2, name: section }).waitFor();
    assert.match(
      (await page.locator(".fits").textContent()) ?? "",
      /Procedural justice: neutrality: Neutrality/,
    );
    await page.getByRole("link", { name: "No link yet — add one" }).click();
    assert.equal(await settledFocusId(page, "resource-url"), "resource-url");
    await assertAxeClean(page);
    await assertFitsPhone(page);

    await page.getByLabel("Link", { exact: true }).fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Save link" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "problem" });
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? "", /Link/);
    await assertAxeClean(page);
    await page.getByLabel("Link", { exact: true }).fill("https://example.org/our-bias-free-policy");
    await page.getByRole("button", { name: "Save link" }).click();
    await announced(page, "Link saved.");
    await page.getByRole("link", { name: "https://example.org/our-bias-free-policy" }).waitFor();

    await page.getByRole("link", { name: "← All resources" }).click();
    await page.getByRole("link", { name: "Add a local programme" }).click();
    await page.getByRole("heading", { level: 1, name: "Add a local programme" }).waitFor();
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await page.getByRole("button", { name: "Add programme" }).click();
    await page.getByRole("alert").filter({ hasText: "problem" }).waitFor();
    await page.getByLabel("Title").fill("Night walks <b>with</b> District 2");
    await page.getByLabel("Summary").fill("Residents and officers walk the blocks people avoid after dark.");
    await page.getByLabel("Category").selectOption("Cooperative Safety Solutions");
    await page.getByLabel("Safety", { exact: true }).check();
    await page.getByRole("button", { name: "Add programme" }).click();
    await announced(page, "Programme added.");
    const heading = page.getByRole("heading", { level: 1, name: "Night walks <b>with</b> District 2" });
    await heading.waitFor();
    assert.equal(await page.locator("h1 b").count(), 0, "typed markup stays text");
    assert.match((await page.locator(".fits").textContent()) ?? "", /Safety: /);
    await page.getByRole("link", { name: "No link yet — add one" }).waitFor();

    await page.getByLabel("Title").fill("Night walks with District 2");
    await page.getByLabel("Link (optional)").fill("https://example.org/night-walks");
    await page.getByRole("button", { name: "Save programme" }).click();
    await announced(page, "Programme saved.");
    await page.getByRole("heading", { level: 1, name: "Night walks with District 2" }).waitFor();
    await assertAxeClean(page);

    await page.getByRole("button", { name: "Remove programme" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove programme" }).click();
    await announced(page, "Programme removed.");
    await page.getByRole("heading", { level: 1, name: "Resource library" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Night walks with District 2" }).count(), 0);
    await context.close();
    assert.deepEqual(problems, []);
  });

  it("an analyst browses and reads an entry but is offered no way to change it", async () => {
    const { context, page } = await signIn("analyst");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" }).click();
    await page.getByRole("heading", { level: 1, name: "Resource library" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Add a local programme" }).count(), 0);
    await page.getByLabel("Search").fill("elder abuse");
    await page.locator("#library-count", { hasText: "Showing 1 of 140 resources." }).waitFor();
    await page.getByRole("link", { name: /Elder Abuse/ }).click();
    await page.getByRole("heading", { level: 1, name: /Elder Abuse/ }).waitFor();
    await page.getByText("The dashboard does not suggest this entry for any indicator.").waitFor();
    await page.getByText("No link yet. An admin of your agency can add one.").waitFor();
    assert.equal(await page.locator("form").count(), 0, "no forms for a read-only role");
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await context.close();
    assert.deepEqual(problems, []);
  });
});
