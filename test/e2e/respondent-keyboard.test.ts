import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { communityAnswers } from "../helpers/answers.js";
import type { ApiClient } from "../helpers/api-client.js";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { storedCount } from "../api/respondent-support.js";
import {
  answerByKeyboard,
  answerStepByStep,
  publicQuestions,
  shown,
  storedResponses,
  tabTo,
  type PublicQuestion,
} from "./respondent-support.js";

/** The answers as stored: text trimmed, nothing else changed. */
const expectedStored = (answers: Record<string, unknown>) => answers;

describe("a resident completes the community-trust survey on a 360 × 640 phone, keyboard only", () => {
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

  async function freshSurvey(): Promise<{ id: string; slug: string; questions: PublicQuestion[] }> {
    const survey = await publishFromTemplate(admin, "community-trust");
    return { ...survey, questions: await publicQuestions(server.url, survey.slug) };
  }

  const progress = (page: Page) => page.locator("#progress-text").textContent();

  it("in English with script: one question at a time, progress shown, one response stored", async () => {
    const survey = await freshSurvey();
    const context = await phoneContext(browser, { locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await progress(page), "Question 1 of 18");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    const answers: Record<string, unknown> = {
      ...communityAnswers(0),
      q_comment: "Please patrol the park at night.",
    };
    assert.equal(answers["q_contact"], true, "this run answers the question skip logic reveals");
    await answerStepByStep(page, survey.questions, answers, { to: 13 });
    // Answering "yes" to contact revealed one more question, which is the one shown now.
    assert.equal(await progress(page), "Question 14 of 19");
    assert.ok(await page.locator("#q-q_contact_satisfaction").isVisible());
    await answerStepByStep(page, survey.questions, answers, { from: 13 });
    await page.waitForURL(/\/thanks\?lang=en$/);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Thank you!");
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    const stored = await storedResponses(survey.id);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0]!["answers"], expectedStored(answers));
    assert.equal(stored[0]!["language"], "en");
    assert.equal(await storedCount(admin, survey.id), 1);
    await context.close();
  });

  it("in Spanish, chosen by the browser's language: the same, in Spanish", async () => {
    const survey = await freshSurvey();
    const context = await phoneContext(browser, { locale: "es-ES" });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    assert.equal(await page.getAttribute("html", "lang"), "es");
    assert.equal(await progress(page), "Pregunta 1 de 18");
    assert.equal(await page.locator("#next").textContent(), "Siguiente");

    const answers: Record<string, unknown> = {
      ...communityAnswers(1),
      q_contact: false,
      q_comment: "Más luz en las calles, por favor.",
    };
    delete answers["q_contact_satisfaction"];
    await answerStepByStep(page, survey.questions, answers);
    await page.waitForURL(/\/thanks\?lang=es$/);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "¡Gracias!");

    const stored = await storedResponses(survey.id);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0]!["answers"], expectedStored(answers));
    assert.equal(stored[0]!["language"], "es");
    await context.close();
  });

  it("with JavaScript disabled: every question on one page, a real post, one response stored", async () => {
    const survey = await freshSurvey();
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    // Timed from when the page has arrived: the server stamps the form when it renders it,
    // which on a loaded machine can be well after goto() was called.
    const opened = Date.now();
    // No script: nothing hides the conditional question, its hint explains when to answer it.
    assert.ok(await page.locator("#q-q_contact_satisfaction").isVisible());
    assert.ok(await page.getByText("Answer this only if you answered “Yes” to:").isVisible());

    const answers = communityAnswers(2);
    for (const question of survey.questions) {
      if (shown(question, answers)) await answerByKeyboard(page, question, answers[question.id]);
    }
    // A person takes more than the 3-second minimum; a fast keyboard script may not.
    await page.waitForTimeout(Math.max(0, 3500 - (Date.now() - opened)));
    await tabTo(page, "#send");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/thanks\?lang=en$/);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Thank you!");

    const stored = await storedResponses(survey.id);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0]!["answers"], expectedStored(answers));
    await context.close();
  });

  it("going offline mid-survey, reloading, finishing and coming back online stores exactly one response", async () => {
    const survey = await freshSurvey();
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}`);
    // The service worker controls the page and the page is in its cache before the line drops.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForFunction(async () =>
      Boolean(await (await caches.open("cp-respondent-v1")).match(location.href)),
    );

    const answers = communityAnswers(3);
    await answerStepByStep(page, survey.questions, answers, { to: 5 });
    await context.setOffline(true);
    const reloaded = await page.reload();
    assert.ok(reloaded?.fromServiceWorker(), "the reloaded page came from the service worker's cache");
    // Back where the person was, with their answers, although there is no network.
    assert.equal(await progress(page), "Question 6 of 18");
    assert.match((await page.locator("#status").textContent()) ?? "", /Welcome back/);
    assert.equal(await page.locator(`input[name="q_legit_values"][value="3"]:checked`).count(), 1);

    await answerStepByStep(page, survey.questions, answers, { from: 5 });
    await page.locator("#status", { hasText: "You are offline" }).waitFor();
    assert.equal((await storedResponses(survey.id)).length, 0);

    await context.setOffline(false);
    await page.waitForURL(/\/thanks\?lang=en$/, { timeout: 30_000 });
    const stored = await storedResponses(survey.id);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0]!["answers"], expectedStored(answers));
    // Nothing is left waiting on the device, so nothing can be sent twice later.
    assert.equal(await page.evaluate(() => localStorage.getItem("cp:outbox")), null);
    await context.close();
  });
});
