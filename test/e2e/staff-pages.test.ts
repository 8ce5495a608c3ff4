import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];

describe("staff pages in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let slug: string;
  let clients: Clients;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ slug, clients } = await buildAgency(server.url, ["designer", "analyst"]));
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  const signIn = async (role: "designer" | "analyst"): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel("Email").fill(`${role}-${slug}@example.org`);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    return { context, page };
  };

  it("a designer signs in on a phone, creates a draft from a template and publishes it from the list", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await page.getByLabel("Email").fill(`designer-${slug}@example.org`);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: /./ }).waitFor();
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();

    await page.getByLabel("How Did We Do?").check();
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("status").filter({ hasText: "Draft created." }).waitFor();
    await page.getByRole("heading", { level: 1, name: /^Edit: How Did We Do/ }).waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.tagName),
      "H1",
      "focus moves to the new view",
    );

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Surveys" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    await page.getByRole("button", { name: /^Publish How Did We Do/ }).click();
    await page.getByRole("status").filter({ hasText: "Published" }).waitFor();
    const link = await page.getByRole("link", { name: /^\/s\// }).textContent();
    assert.match(link ?? "", /^\/s\/how-did-we-do-[a-f0-9]{6}$/);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await context.close();
  });

  it("the QR code and print view and the printable card and poster pass axe at 360 px", async () => {
    const survey = await publishFromTemplate(clients.designer, "community-trust");
    const { context, page } = await signIn("designer");
    await page.goto(`${server.url}/app/#/surveys/${survey.id}/share`);
    await page.getByRole("heading", { level: 1, name: /^QR code and print/ }).waitFor();
    const image = page.getByRole("img", { name: /^QR code that opens / });
    await image.waitFor();
    // The element can be in the page before its image has arrived: wait for load or error.
    const loaded = await image.evaluate((img: HTMLImageElement) =>
      img.complete
        ? img.naturalWidth > 0
        : new Promise<boolean>((resolve) => {
            img.addEventListener("load", () => resolve(img.naturalWidth > 0), { once: true });
            img.addEventListener("error", () => resolve(false), { once: true });
          }),
    );
    assert.ok(loaded, "the QR image loads");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    for (const format of ["card", "poster"]) {
      const print = await context.newPage();
      const cspErrors: string[] = [];
      print.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
      });
      await print.goto(`${server.url}/api/v1/surveys/${survey.id}/card?format=${format}`);
      await print.getByRole("heading", { level: 1 }).waitFor();
      assert.equal(describeViolations(await seriousAxeViolations(print)), "", format);
      assert.ok(
        await print.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        `${format} fits 360 px`,
      );
      assert.equal(
        await print.evaluate(() => getComputedStyle(document.querySelector(".card")!).borderTopStyle),
        format === "card" ? "dashed" : "none",
        "the stylesheet applied under the strict CSP",
      );
      assert.deepEqual(cspErrors, []);
      await print.close();
    }
    await context.close();
  });

  it("closing a survey asks first in a dialog: Escape or “Keep it open” keeps it open, “Close survey” closes it", async () => {
    const survey = await publishFromTemplate(clients.designer, "post-contact");
    const { context, page } = await signIn("designer");
    const status = async () =>
      (await clients.designer.get<{ survey: { status: string } }>(`/api/v1/surveys/${survey.id}`)).body.survey
        .status;
    const opener = page.getByRole("button", { name: /^Close How Did We Do/ }).first();
    await opener.click();
    const dialog = page.getByRole("dialog", { name: /^Close “How Did We Do/ });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? "", /can no longer answer/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      "Keep it open",
      "focus starts on the safe choice",
    );
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(await status(), "open");
    await opener.click();
    await dialog.getByRole("button", { name: "Keep it open" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await status(), "open");

    await page.goto(`${server.url}/app/#/surveys/${survey.id}`);
    await page.getByRole("heading", { level: 1, name: /^Edit: How Did We Do/ }).waitFor();
    await page.getByRole("button", { name: "Close survey" }).click();
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Close survey" }).click();
    await page.getByRole("status").filter({ hasText: "Closed." }).waitFor();
    assert.equal(await status(), "closed");
    await context.close();
  });

  it("the preview shows the respondent page of a draft in each of its languages, in a frame that may not submit forms", async () => {
    const draft = await clients.designer.post<{ survey: { id: string } }>("/api/v1/surveys", {
      template: "community-trust",
    });
    const { context, page } = await signIn("designer");
    await page.goto(`${server.url}/app/#/surveys/${draft.body.survey.id}/preview`);
    await page.getByRole("heading", { level: 1, name: /^Preview: / }).waitFor();
    const frame = page.frameLocator("iframe.preview-frame");
    await frame.getByRole("heading", { level: 1, name: "Community Safety and Trust Survey" }).waitFor();
    await page.getByLabel("Spanish").check();
    await frame
      .getByRole("heading", { level: 1, name: "Encuesta sobre seguridad y confianza en la comunidad" })
      .waitFor();
    // Scripts run (the page steps one question at a time at phone width), but never with the
    // staff page's origin: a frame with both could lift its own sandbox.
    assert.equal(await page.locator("iframe.preview-frame").getAttribute("sandbox"), "allow-scripts");
    await frame.locator("form.stepping").waitFor();
    await frame
      .locator("#progress-text")
      .filter({ hasText: /^Pregunta 1 de \d+$/ })
      .waitFor();
    assert.equal(
      await frame.locator("html").evaluate(() => {
        try {
          return String(window.parent.document.title);
        } catch {
          return "blocked";
        }
      }),
      "blocked",
      "the preview cannot reach into the staff page",
    );
    await context.close();
  });

  it("an analyst sees surveys read-only: no new-survey form, no save, every field disabled", async () => {
    const survey = await publishFromTemplate(clients.designer, "post-contact");
    const { context, page } = await signIn("analyst");
    assert.equal(await page.getByRole("button", { name: "Create draft" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: /^Publish/ }).count(), 0);
    await page.goto(`${server.url}/app/#/surveys/${survey.id}`);
    await page.getByRole("heading", { level: 1, name: /^How Did We Do/ }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Save" }).count(), 0);
    assert.equal(await page.locator("#f-title-en").isDisabled(), true);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await context.close();
  });

  it("when the editor has unsaved changes, then leaving asks first, and staying keeps the changes", async () => {
    const draft = await clients.designer.post<{ survey: { id: string } }>("/api/v1/surveys", {
      template: "event-feedback",
    });
    const { context, page } = await signIn("designer");
    await page.goto(`${server.url}/app/#/surveys/${draft.body.survey.id}`);
    await page.getByRole("heading", { level: 1, name: /^Edit: / }).waitFor();
    await page.locator("#f-title-en").fill("Changed title");
    assert.equal(await page.locator("#dirty-note").textContent(), "You have unsaved changes.");
    const dialogs: string[] = [];
    page.once("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("link", { name: "Preview" }).click();
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, ["You have unsaved changes. Leave without saving?"]);
    assert.equal(await page.locator("#f-title-en").inputValue(), "Changed title");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("link", { name: "Preview" }).click();
    await page.getByRole("heading", { level: 1, name: /^Preview: / }).waitFor();
    await context.close();
  });

  it("the invitations view of a survey opens from its navigation", async () => {
    const survey = await publishFromTemplate(clients.designer, "post-contact");
    const { context, page } = await signIn("designer");
    await page.goto(`${server.url}/app/#/surveys/${survey.id}`);
    await page
      .getByRole("navigation", { name: "This survey" })
      .getByRole("link", { name: "Invitations" })
      .click();
    await page.getByRole("heading", { level: 1, name: /^Invitations: How Did We Do/ }).waitFor();
    // The invitations module (or, on a build without it, a notice) fills the view.
    await page.locator(".invitations-host > *").first().waitFor();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await context.close();
  });
});
