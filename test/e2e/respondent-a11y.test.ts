import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { ApiClient } from "../helpers/api-client.js";
import {
  describeViolations,
  launchBrowser,
  phoneContext,
  seriousAxeViolations,
  settledFocusId,
} from "../helpers/browser.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { answerStepByStep, publicQuestions, storedResponses, tabTo } from "./respondent-support.js";

const HOSTILE = `"><img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;

describe("respondent page: accessibility, errors, right-to-left and switching language", () => {
  let server: TestServer;
  let browser: Browser;
  let admin: ApiClient;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({
      clients: { admin },
    } = await buildAgency(server.url, ["admin"]));
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  async function publishDefinition(
    definition: Record<string, unknown>,
  ): Promise<{ id: string; slug: string }> {
    const created = await admin.post<{ survey: { id: string } }>("/api/v1/surveys", definition);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const published = await admin.post<{ survey: { id: string; slug: string } }>(
      `/api/v1/surveys/${created.body.survey.id}/publish`,
    );
    assert.equal(published.status, 200, JSON.stringify(published.body));
    return published.body.survey;
  }

  it("when the form is sent incomplete without script, then focus is on the error summary and its links reach the fields", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const context = await phoneContext(browser);
    // The page's own script is kept out, so the server's no-script error page is what shows.
    await context.route("**/s/assets/*.js", (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    await tabTo(page, "#send");
    await page.keyboard.press("Enter");
    await page.locator("#error-summary").waitFor();
    assert.match(await page.title(), /^Error: /);
    assert.equal(await settledFocusId(page, "error-summary"), "error-summary");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    assert.equal(await settledFocusId(page, "f-q_safe_day-0"), "f-q_safe_day-0");
    assert.equal((await page.locator("#e-q_safe_day").textContent())?.trim(), "Please answer this question.");
    assert.equal((await storedResponses(survey.id)).length, 0);
    await context.close();
  });

  it("when Next is pressed on an unanswered question, then its message shows beside it and the page stays", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    await tabTo(page, "#next");
    await page.keyboard.press("Enter");
    assert.equal((await page.locator("#e-q_safe_day").textContent())?.trim(), "Please answer this question.");
    assert.equal(await page.locator("#progress-text").textContent(), "Question 1 of 18");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await context.close();
  });

  it("when a wide screen sends the form incomplete with script, then the summary is shown and focused", async () => {
    const survey = await publishFromTemplate(admin, "post-contact");
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    assert.equal(await page.locator("#next").count(), 0, "all questions at once on a wide screen");
    await page.locator("#send").click();
    await page.locator("#error-summary").waitFor();
    assert.equal(await settledFocusId(page, "error-summary"), "error-summary");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    await context.close();
  });

  it("when the survey is in Arabic, then the page is right-to-left, in Arabic, and can be completed", async () => {
    const survey = await publishDefinition({
      title: { ar: "استبيان الأمان في الحي", en: "Neighborhood safety" },
      description: { ar: "يستغرق دقيقة واحدة.", en: "It takes one minute." },
      kind: "community",
      languages: ["ar", "en"],
      questions: [
        {
          id: "q_safe",
          type: "likert",
          prompt: { ar: "أشعر بالأمان في حيّي.", en: "I feel safe in my neighborhood." },
          required: true,
          theme: "safety.overall",
        },
        {
          id: "q_contact",
          type: "yesno",
          prompt: { ar: "هل تواصلت مع الشرطة هذا العام؟", en: "Did you contact the police this year?" },
          required: true,
        },
        {
          id: "q_note",
          type: "text",
          prompt: { ar: "هل لديك ما تضيفه؟", en: "Anything else?" },
          required: false,
        },
      ],
    });
    const context = await phoneContext(browser, { locale: "ar-EG" });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.equal(await page.getAttribute("html", "lang"), "ar");
    assert.equal(await page.locator("#progress-text").textContent(), "السؤال 1 من 3");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    const answers = { q_safe: 4, q_contact: false, q_note: "شكرًا" };
    await answerStepByStep(page, await publicQuestions(server.url, survey.slug), answers);
    await page.waitForURL(/\/thanks\?lang=ar$/);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "شكرًا لك!");
    const stored = await storedResponses(survey.id);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0]!["answers"], answers);
    assert.equal(stored[0]!["language"], "ar");
    await context.close();
  });

  it("when the person switches language mid-survey, then the answers given so far are kept", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const context = await phoneContext(browser, { locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    const questions = await publicQuestions(server.url, survey.slug);
    await answerStepByStep(page, questions, { q_safe_day: 4, q_safe_night: 2 }, { to: 2 });
    await tabTo(page, 'a[hreflang="es"]', "Shift+Tab"); // back up the page to the switcher
    await page.keyboard.press("Enter");
    await page.waitForURL(/lang=es/);
    assert.equal(await page.getAttribute("html", "lang"), "es");
    assert.equal(await page.locator("#progress-text").textContent(), "Pregunta 3 de 18");
    assert.equal(await page.locator('input[name="q_safe_day"][value="4"]:checked').count(), 1);
    assert.equal(await page.locator('input[name="q_safe_night"][value="2"]:checked').count(), 1);
    await context.close();
  });

  it("when survey text is hostile, then it shows as text on the page and in messages, never as markup", async () => {
    const survey = await publishDefinition({
      title: { en: `Survey ${HOSTILE}` },
      description: { en: HOSTILE },
      kind: "event",
      languages: ["en"],
      questions: [
        {
          id: "q_pick",
          type: "single",
          prompt: { en: `Pick ${HOSTILE}` },
          help: { en: `<b>${HOSTILE}</b>` },
          required: true,
          options: [
            { value: "a", label: { en: `</label>${HOSTILE}` } },
            { value: "b", label: { en: "B" } },
          ],
        },
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    page.on("dialog", () => assert.fail("a dialog opened"));
    await page.goto(`${server.url}/s/${survey.slug}`);
    await page.locator("#send").click();
    await page.locator("#error-summary").waitFor();
    assert.equal(await page.locator("img").count(), 0);
    assert.notEqual(await page.title(), "pwned");
    assert.ok((await page.locator("h1").textContent())?.includes("<script>"));
    assert.ok((await page.locator("#error-summary a").textContent())?.includes("<img src=x"));
    await context.close();
  });
});
