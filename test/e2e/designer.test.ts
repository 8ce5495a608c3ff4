import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import QRCode from "qrcode";
import { buildAgency, submit, TEST_PASSWORD } from "../helpers/factories.js";
import { describeViolations, launchBrowser, seriousAxeViolations } from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];

/** The text field of one language inside a labelled group (Title, Question text, Label…). */
const inGroup = (scope: Page | Locator, group: string, language: string): Locator =>
  scope
    .getByRole("group", { name: group, exact: true })
    .first()
    .getByLabel(new RegExp(`^${language} \\(`));

describe("designing a survey in Chromium", () => {
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

  it("a designer builds a two-language survey with skip logic, publishes it, downloads its QR code, and a resident's answer is counted", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/app/`);
    await page.getByLabel("Email").fill(`designer-${slug}@example.org`);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByLabel("A blank survey").check();
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("heading", { level: 1, name: "Edit: Untitled survey" }).waitFor();

    // Two languages: English (the default) and Spanish, side by side.
    await page.getByLabel("Add a language (code)").fill("es");
    await page.getByRole("button", { name: "Add language" }).click();
    await inGroup(page, "Title", "English").fill("Neighborhood check-in");
    await inGroup(page, "Title", "Spanish").fill("Consulta del vecindario");

    // Question 1: the yes/no question skip logic will look at.
    const first = page.locator("details.question").nth(0);
    await first.locator("summary").click();
    await first.getByLabel("Type", { exact: true }).selectOption("yesno");
    await first.getByLabel("Question id").fill("q_contact");
    await inGroup(first, "Question text", "English").fill("Did you talk with an officer this month?");
    await inGroup(first, "Question text", "Spanish").fill("¿Habló con un agente este mes?");
    await first.getByLabel("An answer is required").check();

    // Question 2: single choice, asked only when question 1 was answered yes.
    await page.getByLabel("Type of the new question").selectOption("single");
    await page.getByRole("button", { name: "Add question" }).click();
    const second = page.locator("details.question").nth(1);
    await second.getByLabel("Question id").fill("q_how");
    await inGroup(second, "Question text", "English").fill("How did you talk with them?");
    await inGroup(second, "Question text", "Spanish").fill("¿Cómo habló con ellos?");
    const options = second.getByRole("group", { name: /^Option \d$/ });
    await options.nth(0).getByLabel("Stored value").fill("phone");
    await inGroup(options.nth(0), "Label", "English").fill("By phone");
    await inGroup(options.nth(0), "Label", "Spanish").fill("Por teléfono");
    await options.nth(1).getByLabel("Stored value").fill("in_person");
    await inGroup(options.nth(1), "Label", "English").fill("In person");
    await inGroup(options.nth(1), "Label", "Spanish").fill("En persona");
    await second.getByLabel("Ask this question only after certain answers to an earlier question").check();
    assert.equal(await second.getByLabel("Earlier question", { exact: true }).inputValue(), "q_contact");
    await second.getByRole("group", { name: "Ask it when the answer is" }).getByLabel("Yes").check();

    // Question 3: open text for everyone.
    await page.getByLabel("Type of the new question").selectOption("text");
    await page.getByRole("button", { name: "Add question" }).click();
    const third = page.locator("details.question").nth(2);
    await third.getByLabel("Question id").fill("q_comment");
    await inGroup(third, "Question text", "English").fill("Anything else you want us to know?");
    await inGroup(third, "Question text", "Spanish").fill("¿Algo más que quiera decirnos?");

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("status").filter({ hasText: "Published." }).waitFor();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    const surveys = (
      await clients.designer.get<{
        surveys: Array<{
          id: string;
          slug: string;
          status: string;
          languages: string[];
          questions: Array<{ id: string; showIf?: unknown }>;
        }>;
      }>("/api/v1/surveys")
    ).body.surveys;
    const survey = surveys.find((s) => s.status === "open")!;
    assert.deepEqual(survey.languages, ["en", "es"]);
    assert.deepEqual(
      survey.questions.map((q) => q.id),
      ["q_contact", "q_how", "q_comment"],
    );
    assert.deepEqual(survey.questions[1]!.showIf, { question: "q_contact", in: [true] });

    // The QR code downloads are the codes qrcode itself makes for the public URL.
    await page.getByRole("link", { name: "QR code and print" }).click();
    await page.getByRole("heading", { level: 1, name: /^QR code and print/ }).waitFor();
    const publicUrl = `${server.url}/s/${survey.slug}`;
    assert.equal(await page.locator("#public-url").textContent(), publicUrl);
    const [svgDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download QR code (SVG)" }).click(),
    ]);
    assert.equal(svgDownload.suggestedFilename(), `${survey.slug}-qr.svg`);
    const svg = await readFile((await svgDownload.path())!, "utf8");
    assert.equal(svg, await QRCode.toString(publicUrl, { type: "svg", errorCorrectionLevel: "M" }));
    const [pngDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Download QR code \(PNG/ }).click(),
    ]);
    const png = await readFile((await pngDownload.path())!);
    assert.ok(
      png.equals(await QRCode.toBuffer(publicUrl, { type: "png", errorCorrectionLevel: "M", width: 1024 })),
    );
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    // A resident answers on the public page (in Spanish), following the skip logic.
    const resident = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "es" });
    const form = await resident.newPage();
    await form.goto(`${publicUrl}?lang=es`);
    await form
      .getByRole("group", { name: /¿Habló con un agente este mes\?/ })
      .getByLabel("Sí")
      .check();
    await form
      .getByRole("group", { name: /¿Cómo habló con ellos\?/ })
      .getByLabel("Por teléfono")
      .check();
    await form.getByLabel(/¿Algo más que quiera decirnos\?/).fill("Gracias");
    await form.waitForTimeout(3100); // the page's minimum fill time against bots
    await form.getByRole("button", { name: /Enviar/ }).click();
    await form
      .getByRole("heading", { level: 1 })
      .filter({ hasText: /Gracias/ })
      .waitFor();
    await resident.close();

    // Skip logic holds on the server too: a "no" answer may not answer the hidden question.
    assert.equal((await submit(server.url, survey.slug, { q_contact: false, q_how: "phone" })).status, 400);
    assert.equal((await submit(server.url, survey.slug, { q_contact: false })).status, 201);
    const results = await clients.analyst.get<{ n: number }>(`/api/v1/surveys/${survey.id}/results`);
    assert.equal(results.status, 200, JSON.stringify(results.body));
    assert.equal(results.body.n, 2);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
