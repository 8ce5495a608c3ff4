import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers } from "@shared/survey.js";
import { communityAnswers } from "../helpers/answers.js";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
const HOSTILE = `<img src=x onerror=alert(1)><script>alert("x")</script> Lights`;

describe("the public results page in Chromium at 360 px", () => {
  let server: TestServer;
  let browser: Browser;
  let built: Built;
  let survey: { id: string; slug: string };
  const cspErrors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    built = await buildAgency(server.url, ["admin"]);
    const admin = built.clients.admin;
    assert.equal((await admin.patch("/api/v1/agency", { brandColor: "#1f4e79" })).status, 200);
    survey = await publishFromTemplate(admin);
    const jobs: Array<Promise<unknown>> = [];
    // 120 answers: every value of the safety items then has at least 10 in each month, so the
    // index is shown (with 40, a value held by 6 people hides every index built on it).
    for (let i = 0; i < 120; i++) {
      const answers = { ...communityAnswers(i), q_district: i < 3 ? "D3" : i % 2 ? "D1" : "D2" } as Answers;
      const day = `2026-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, "0")}`;
      jobs.push(
        submitResponse(
          survey.slug,
          { submissionId: randomUUID(), language: "en", answers },
          new Date(`${day}T18:00:00Z`),
        ),
      );
    }
    await Promise.all(jobs);
    const put = await admin.request("PUT", `/api/v1/surveys/${survey.id}/publication`, {
      published: true,
      questions: ["q_safe_day", "q_safe_night", "q_safe_overall", "q_pj_general", "q_contact", "q_district"],
    });
    assert.equal(put.status, 200);
    const action = await admin.post("/api/v1/actions", {
      title: HOSTILE,
      body: "You told us the streets felt dark.\n\nWe replaced 40 lamps.",
      surveyId: survey.id,
      indicator: "q_safe_night",
      date: "2026-03-01",
      status: "done",
    });
    assert.equal(action.status, 201, JSON.stringify(action.body));
  });
  after(async () => {
    await browser?.close();
    await server.stop();
    assert.deepEqual(cspErrors, [], "no Content-Security-Policy violations");
    assert.deepEqual(dialogs, [], "no script ran from stored text");
  });

  const open = async (path: string): Promise<Page> => {
    const context = await phoneContext(browser, { javaScriptEnabled: true });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}${path}`);
    return page;
  };
  const fitsPhone = async (page: Page) =>
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      "nothing scrolls sideways at 360 px",
    );
  const axeClean = async (page: Page) =>
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

  it("renders the agency's results, is axe-clean and fits a phone, with no script at all", async () => {
    const page = await open(`/p/${built.slug}`);
    await page.getByRole("heading", { level: 1, name: /What we heard and what we did/ }).waitFor();
    assert.equal(await page.locator("script").count(), 0);
    await page.getByRole("heading", { level: 3, name: "Scores out of 100" }).waitFor();
    // The latest complete month leads, all months together beside it; each month has its range.
    const indices = (await page.locator(".indices").textContent()) ?? "";
    assert.match(indices, /Feeling safe: \d+ out of 100 in February 2026/);
    assert.match(indices, /All months together: \d+ out of 100 \(likely between \d+ and \d+\)/);
    const trend = page.getByRole("table", { name: "Scores out of 100 by month" });
    await trend.waitFor();
    assert.match((await trend.textContent()) ?? "", /\d+ \(\d+–\d+\)/);
    assert.match(
      (await page.locator(".method").first().textContent()) ?? "",
      /fewer than 10 people are not shown/,
    );
    // The brand colour arrives as a stylesheet, not an inline style.
    const background = await page
      .locator("header.top")
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, "rgb(31, 78, 121)");
    await axeClean(page);
    await fitsPhone(page);
    await page.context().close();
  });

  it("a hostile action title shows as text, is linked from the result it answers, and runs nothing", async () => {
    const page = await open(`/p/${built.slug}`);
    const heading = page.getByRole("heading", { level: 4, name: HOSTILE });
    await heading.waitFor();
    assert.equal(await heading.textContent(), HOSTILE);
    assert.equal(await page.locator(".action img").count(), 0);
    const link = page.locator(`#s-${survey.slug}-q-q_safe_night .deeds a`);
    assert.equal(await link.textContent(), `What we did about this: ${HOSTILE}`);
    await link.click();
    assert.equal(await page.evaluate(() => location.hash.startsWith("#a-")), true);
    await page.context().close();
  });

  it("a district with fewer than 10 responses reads 'fewer than 10' instead of a number", async () => {
    const page = await open(`/p/${built.slug}`);
    const south = page.locator(`#s-${survey.slug}-q-q_district li`).filter({ hasText: "South" });
    assert.match((await south.textContent()) ?? "", /fewer than 10/);
    assert.doesNotMatch((await south.textContent()) ?? "", /\d+(\.\d+)?%/);
    assert.equal(await south.locator("svg").count(), 0, "no bar for a hidden cell");
    await page.context().close();
  });

  it("on a 390 px phone, in English and Spanish, each answer's label keeps most of its row beside its share and margin", async () => {
    for (const language of ["en", "es"]) {
      const context = await phoneContext(browser, { viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/p/${built.slug}?lang=${language}`);
      const rows = await page.locator(".bars > li").evaluateAll((items) =>
        items
          .filter((li) => /\(/.test(li.textContent ?? ""))
          .map((li) => {
            const label = li.querySelector(".label")!;
            const style = getComputedStyle(label);
            return {
              text: li.textContent ?? "",
              share: label.getBoundingClientRect().width / li.getBoundingClientRect().width,
              lines: Math.round(label.getBoundingClientRect().height / parseFloat(style.lineHeight)),
            };
          }),
      );
      assert.ok(rows.length >= 5, `${language}: rows with a margin of error are shown`);
      for (const row of rows) {
        assert.ok(
          row.share >= 0.6,
          `${language}: "${row.text}" leaves its label ${Math.round(row.share * 100)}%`,
        );
        assert.ok(row.lines <= 2, `${language}: "${row.text}" wraps its label onto ${row.lines} lines`);
      }
      assert.match(rows[0]!.text, language === "en" ? /give or take/ : /más o menos/);
      await context.close();
    }
  });

  it("prints without the language switcher and keeps the bars", async () => {
    const page = await open(`/p/${built.slug}`);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".langs").isVisible(), false);
    assert.ok((await page.locator("svg.bar").count()) > 0);
    await page.context().close();
  });

  it("an admin chooses published questions and posts an action from #/publishing", async () => {
    const page = await open("/app/");
    await page.getByLabel("Email").fill(`admin-${built.slug}@example.org`);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Public page" }).click();
    await page.getByRole("heading", { level: 1, name: "Public results page" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "You said, we did" }).waitFor();
    await axeClean(page);
    await fitsPhone(page);

    await page
      .getByLabel("It is safe to walk alone in my neighborhood at night.", { exact: true })
      .first()
      .uncheck();
    await page.getByRole("button", { name: /Save what/ }).click();
    await page.getByRole("status").filter({ hasText: "Saved what" }).waitFor();
    const publication = await built.clients.admin.get<{ publication: { questions: string[] } }>(
      `/api/v1/surveys/${survey.id}/publication`,
    );
    assert.ok(!publication.body.publication.questions.includes("q_safe_night"));

    await page.getByRole("button", { name: "Add action" }).click();
    await page.getByRole("alert").filter({ hasText: "problem" }).waitFor();
    assert.match((await page.getByRole("alert").textContent()) ?? "", /Title/);
    await axeClean(page);
    await page.getByLabel("Title", { exact: true }).fill("Foot patrols at night");
    await page.getByLabel("Survey", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Result it answers").selectOption("safety");
    await page.getByRole("button", { name: "Add action" }).click();
    await page.getByRole("status").filter({ hasText: "Action added." }).waitFor();
    const list = await built.clients.admin.get<{ actions: Array<{ title: string; indicator: string }> }>(
      "/api/v1/actions",
    );
    assert.ok(list.body.actions.some((a) => a.title === "Foot patrols at night" && a.indicator === "safety"));
    await page.context().close();
  });
});
