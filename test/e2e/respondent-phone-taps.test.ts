import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { ApiClient } from "../helpers/api-client.js";
import { launchBrowser, phoneContext } from "../helpers/browser.js";
import { buildAgency } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const QUESTIONS = [
  {
    id: "q_visits",
    type: "number",
    prompt: { en: "How many times did you call us this year?" },
    required: true,
    min: 0,
    max: 50,
  },
  { id: "q_name_area", type: "text", prompt: { en: "Which street do you live on?" }, required: true },
  { id: "q_safe", type: "likert", prompt: { en: "I feel safe in my neighborhood." }, required: true },
];

describe("a resident taps through errors on a phone", () => {
  let server: TestServer;
  let browser: Browser;
  let designer: ApiClient;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({
      clients: { designer },
    } = await buildAgency(server.url, ["designer"]));
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  const current = (page: Page) => page.locator(".q.current").getAttribute("data-q");

  it("when a missing answer is typed in after tapping Next, then the very next tap on Next moves on and the error summary is gone", async () => {
    const created = await designer.post<{ survey: { id: string } }>("/api/v1/surveys", {
      title: { en: "Calls" },
      kind: "community",
      languages: ["en"],
      questions: QUESTIONS,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const published = await designer.post<{ survey: { slug: string } }>(
      `/api/v1/surveys/${created.body.survey.id}/publish`,
    );
    const context = await phoneContext(browser, { locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${published.body.survey.slug}`);
    assert.equal(await current(page), "q_visits");

    for (const [question, value, next] of [
      ["q_visits", "3", "q_name_area"],
      ["q_name_area", "Elm Street", "q_safe"],
    ] as const) {
      await page.locator("#next").tap();
      await page.locator("#error-summary").waitFor();
      assert.equal(await current(page), question, "an unanswered question keeps the person on it");
      await page.locator(`[name="${question}"]`).tap();
      await page.keyboard.type(value);
      await page.locator("#next").tap();
      // One tap: no second chance, and no waiting for a tap that never comes.
      await page.waitForFunction(
        (id) => document.querySelector(".q.current")?.getAttribute("data-q") === id,
        next,
        {
          timeout: 2000,
        },
      );
      assert.equal(await page.locator("#error-summary").count(), 0, "the error summary is gone");
      assert.equal(await page.locator(".has-error").count(), 0);
    }
    await context.close();
  });
});
