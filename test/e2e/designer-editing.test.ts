import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit, TEST_PASSWORD } from "../helpers/factories.js";
import {
  describeViolations,
  launchBrowser,
  phoneContext,
  seriousAxeViolations,
  settledFocusId,
} from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];
interface SurveyBody {
  survey: { id: string; slug: string; version: number; questions: Array<{ id: string }> };
}

describe("the survey editor on a 360 px phone", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page!: Page;
  let clients: Clients;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    let slug: string;
    ({ slug, clients } = await buildAgency(server.url, ["designer"]));
    context = await phoneContext(browser, { acceptDownloads: true });
    await freshPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel("Email").fill(`designer-${slug}@example.org`);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server.stop();
  });

  // A fresh page per test, so a test that fails with unsaved changes cannot hold the next one.
  const freshPage = async () => {
    await page?.close();
    page = await context.newPage();
  };
  const openEditor = async (id: string) => {
    await freshPage();
    await page.goto(`${server.url}/app/#/surveys/${id}`);
    await page.getByRole("heading", { level: 1, name: /^Edit: / }).waitFor();
  };
  const noHorizontalScroll = async () =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it("the survey list and the editor have no serious axe violation and fit 360 px", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      template: "community-trust",
    });
    await page.goto(`${server.url}/app/#/surveys`);
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    assert.ok(await noHorizontalScroll(), "the list fits the screen");
    await openEditor(created.body.survey.id);
    await page.getByRole("button", { name: "Open all questions" }).click();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    assert.ok(await noHorizontalScroll(), "the editor fits the screen");
  });

  it("when the server rejects a save, then each problem shows next to its field and in a summary whose links focus the field", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", { template: "post-contact" });
    await openEditor(created.body.survey.id);
    await page.getByRole("button", { name: "Open all questions" }).click();

    // joi names fields as questions.0.id
    await page.locator("#f-questions-0-id").fill("Bad Id");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    assert.match((await summary.locator("h2").textContent()) ?? "", /There is 1 problem/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.classList.contains("error-summary")),
      true,
    );
    const idInput = page.locator("#f-questions-0-id");
    assert.equal(await idInput.getAttribute("aria-invalid"), "true");
    const describedBy = (await idInput.getAttribute("aria-describedby")) ?? "";
    const errorId = describedBy.split(" ").find((id) => id.startsWith("err-"))!;
    assert.match(
      (await page.locator(`#${errorId}`).textContent()) ?? "",
      /^Error: with value Bad Id fails to match the required pattern/,
    );
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    // The definition rules name fields as questions[1].id and questions[2].options
    await idInput.fill("q_dup");
    await page.locator("#f-questions-1-id").fill("q_dup");
    const choice = page
      .locator("details.question")
      .filter({ has: page.getByRole("group", { name: "Answer options" }) })
      .first();
    const choiceIndex = Number((await choice.getAttribute("data-path"))!.split(".")[1]);
    const optionCount = await choice.getByRole("group", { name: /^Option \d+$/ }).count();
    for (let i = 0; i < optionCount - 1; i++) {
      await choice.getByRole("button", { name: /^Remove: option 1 of/ }).click();
    }
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await summary.filter({ hasText: "There are 2 problems" }).waitFor();
    const links = summary.getByRole("link");
    assert.deepEqual(
      (await links.allTextContents()).sort(),
      [
        'Question 2 id: duplicates the id "q_dup" of questions[0]',
        `Question ${choiceIndex + 1} options: a ${await choice.locator(`#f-questions-${choiceIndex}-type`).inputValue()} question needs at least two options`,
      ].sort(),
    );
    assert.equal(await page.locator("#f-questions-1-id").getAttribute("aria-invalid"), "true");
    const optionsGroup = page.locator(`#f-questions-${choiceIndex}-options`);
    assert.match(
      (await optionsGroup.locator(".field-error").textContent()) ?? "",
      /needs at least two options/,
    );
    await links.filter({ hasText: "Question 2 id" }).click();
    assert.equal(await settledFocusId(page, "f-questions-1-id"), "f-questions-1-id");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    // Fixing them clears the messages.
    await page.locator("#f-questions-1-id").fill("q_fixed");
    await choice.getByRole("button", { name: "Add option" }).click();
    await choice.getByRole("group", { name: "Option 2" }).getByLabel("Stored value").fill("something_else");
    await choice
      .getByRole("group", { name: "Option 2" })
      .getByRole("group", { name: "Label" })
      .getByLabel(/^English/)
      .fill("Other");
    await choice
      .getByRole("group", { name: "Option 2" })
      .getByRole("group", { name: "Label" })
      .getByLabel(/^Spanish/)
      .fill("Otro");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    assert.equal(await page.locator(".field-error").count(), 0);
  });

  it("the introduction boxes show their whole text in every language, and grow as more is typed", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      template: "community-trust",
    });
    await openEditor(created.body.survey.id);
    const cut = (id: string) =>
      page
        .locator(`#${id}`)
        .evaluate(
          (box: HTMLTextAreaElement) => box.scrollHeight - box.clientHeight > 1 && box.value.length > 0,
        );
    for (const language of ["en", "es"]) {
      assert.equal(await cut(`f-description-${language}`), false, `the ${language} introduction is cut`);
    }
    const spanish = page.locator("#f-description-es");
    const before = (await spanish.boundingBox())!.height;
    await spanish.press("End");
    await spanish.pressSequentially(
      " Sus respuestas ayudan a la agencia a mejorar el servicio en cada barrio.",
    );
    assert.equal(await cut("f-description-es"), false, "text typed at the end is shown");
    assert.ok((await spanish.boundingBox())!.height > before, "the box grew");
  });

  it("a matrix question's statements are added, named, moved and saved", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      template: "community-trust",
    });
    await openEditor(created.body.survey.id);
    await page.getByRole("button", { name: "Open all questions" }).click();
    const matrix = page
      .locator("details.question")
      .filter({ has: page.getByRole("group", { name: "Statements (answered on the agreement scale)" }) })
      .first();
    const matrixIndex = Number((await matrix.getAttribute("data-path"))!.split(".")[1]);
    const statements = matrix.getByRole("group", { name: /^Statement \d+$/ });
    const before = await statements.count();
    await matrix.getByRole("button", { name: "Add statement" }).click();
    const added = matrix.getByRole("group", { name: `Statement ${before + 1}` });
    // Focus lands on the new statement's first text, ready to type.
    const newPrompt = `f-questions-${matrixIndex}-items-${before}-prompt-en`;
    assert.equal(await settledFocusId(page, newPrompt), newPrompt);
    await added.getByLabel("Statement id").fill("st_new");
    await added
      .getByRole("group", { name: "Statement", exact: true })
      .getByLabel(/^English/)
      .fill("They listen.");
    await added
      .getByRole("group", { name: "Statement", exact: true })
      .getByLabel(/^Spanish/)
      .fill("Escuchan.");
    await added
      .getByRole("button", { name: `Move up: statement ${before + 1} of question ${matrixIndex + 1}` })
      .click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const reply = await clients.designer.get<{
      survey: { questions: Array<{ items?: Array<{ id: string; prompt: Record<string, string> }> }> };
    }>(`/api/v1/surveys/${created.body.survey.id}`);
    const items = reply.body.survey.questions[matrixIndex]!.items!;
    assert.equal(items.length, before + 1);
    assert.deepEqual(items[before - 1], { id: "st_new", prompt: { en: "They listen.", es: "Escuchan." } });
  });

  it("when publishing lacks translations, then every missing text is named next to its language field", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      template: "event-feedback",
    });
    await openEditor(created.body.survey.id);
    await page.getByLabel("Add a language (code)").fill("vi");
    await page.getByRole("button", { name: "Add language" }).click();
    await page
      .getByRole("group", { name: "Title", exact: true })
      .getByLabel(/^Vietnamese/)
      .fill("Ý kiến về sự kiện");
    await page.getByRole("button", { name: "Publish" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? "", /Every text needs a translation before publishing/);
    const firstPrompt = page.locator("#f-questions-0-prompt-vi");
    assert.equal(await firstPrompt.getAttribute("aria-invalid"), "true");
    assert.equal(await firstPrompt.getAttribute("lang"), "vi");
    assert.equal(
      await page.locator("#f-title-vi").getAttribute("aria-invalid"),
      null,
      "the title was translated",
    );
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    const reply = await clients.designer.get<{ survey: { status: string; languages: string[] } }>(
      `/api/v1/surveys/${created.body.survey.id}`,
    );
    assert.equal(reply.body.survey.status, "draft");
    assert.deepEqual(
      reply.body.survey.languages,
      ["en", "es", "vi"],
      "the language was saved before publishing",
    );
  });

  it("questions reorder with the keyboard, and focus follows the moved question", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", { template: "youth-police" });
    const ids = created.body.survey.questions.map((q) => q.id);
    await openEditor(created.body.survey.id);
    await page.getByRole("button", { name: "Open all questions" }).click();
    await page.getByRole("button", { name: "Move down: question 1", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Moved to position 2" }).waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
      "Move down: question 2",
    );
    await page.keyboard.press("Space");
    await page.getByRole("status").filter({ hasText: "Moved to position 3" }).waitFor();
    assert.equal(await page.locator("#f-questions-2-id").inputValue(), ids[0]);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const saved = await clients.designer.get<SurveyBody>(`/api/v1/surveys/${created.body.survey.id}`);
    assert.deepEqual(saved.body.survey.questions.map((q) => q.id).slice(0, 3), [ids[1], ids[2], ids[0]]);
  });

  it("when a survey with responses is edited, then the editor says a new version starts, and saving makes it", async () => {
    const survey = await publishFromTemplate(clients.designer, "community-trust");
    assert.equal((await submit(server.url, survey.slug, communityAnswers(0))).status, 201);
    await openEditor(survey.id);
    const note = page.locator("#version-note");
    assert.match(
      (await note.textContent()) ?? "",
      /has responses to version 1\. Changing its questions will create version 2/,
    );
    await page.locator("details.question").first().locator("summary").click();
    await page.locator("#f-questions-0-prompt-en").fill("It is safe to walk in my neighborhood in daylight.");
    assert.match(
      (await note.textContent()) ?? "",
      /Saving creates version 2; answers already given stay with version 1/,
    );
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved as version 2" }).waitFor();
    assert.match((await page.locator(".meta-line").textContent()) ?? "", /version 2/);
    const saved = await clients.designer.get<SurveyBody>(`/api/v1/surveys/${survey.id}`);
    assert.equal(saved.body.survey.version, 2);
  });

  it("a survey exported from the editor imports as a new draft, and a broken file is reported", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", { template: "post-contact" });
    await openEditor(created.body.survey.id);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export JSON" }).click(),
    ]);
    const file = path.join(os.tmpdir(), `cp-export-${process.pid}.json`);
    await download.saveAs(file);
    const exported = JSON.parse(await readFile(file, "utf8")) as { format: string; questions: unknown[] };
    assert.equal(exported.format, "community-pulse/survey");

    await freshPage();
    await page.goto(`${server.url}/app/#/surveys`);
    await page.getByLabel("Survey file (JSON)").setInputFiles(file);
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByRole("status").filter({ hasText: "Survey imported as a new draft." }).waitFor();
    await page.getByRole("heading", { level: 1, name: /^Edit: / }).waitFor();
    const importedId = /#\/surveys\/([a-f0-9]{24})/.exec(page.url())![1]!;
    assert.notEqual(importedId, created.body.survey.id);
    const imported = await clients.designer.get<SurveyBody>(`/api/v1/surveys/${importedId}`);
    assert.deepEqual(imported.body.survey.questions, exported.questions);

    await writeFile(file, JSON.stringify({ ...exported, format: "something-else", questions: [] }));
    await freshPage();
    await page.goto(`${server.url}/app/#/surveys`);
    await page.getByLabel("Survey file (JSON)").setInputFiles(file);
    await page.getByRole("button", { name: "Import" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    const text = (await summary.textContent()) ?? "";
    assert.match(text, /format: must be \[community-pulse\/survey\]/);
    assert.match(text, /questions: must contain at least 1 items/);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
  });
});
