import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { latestCompleteMonth } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { submitResponse } from "@server/responses/responses.service.js";
import { communityAnswers } from "../helpers/answers.js";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signedInPage } from "../helpers/staff-page.js";

type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];

const AGES = ["18_24", "25_34", "35_44", "45_54", "55_64"];
const PER_MONTH = 35;

/**
 * Answers for response `i`: the template's deterministic answers, with ages spread so that
 * "65 or older" stays below the disclosure threshold (9 answers over three months).
 */
const answersOf = (i: number): Answers =>
  ({
    ...communityAnswers(i),
    q_age: i % PER_MONTH < 3 ? "65_plus" : AGES[i % AGES.length],
  }) as Answers;

/** Signs in and opens the dashboard of `surveyId`; collects script errors and CSP reports. */
async function openDashboard(context: BrowserContext, baseUrl: string, email: string, surveyId: string) {
  const { page, problems } = await signedInPage(context, baseUrl, email);
  await page.goto(`${baseUrl}/app/#/surveys/${surveyId}/dashboard`);
  await page.getByRole("heading", { level: 1, name: /^Results: / }).waitFor();
  await page.locator("article.card").first().waitFor();
  return { page, problems };
}

/**
 * A figure once Chart.js has drawn it (or it said there is no data). Charts are drawn as they
 * near the screen, so the figure is scrolled to first, as a reader would.
 */
async function drawn(page: Page, figure: Locator): Promise<Locator> {
  await figure.scrollIntoViewIfNeeded();
  await figure.and(page.locator("[data-rendered], [data-chart='empty']")).waitFor();
  return figure;
}

/** The chart figure of one question, once drawn. */
const questionFigure = (page: Page, questionId: string): Promise<Locator> =>
  drawn(page, page.locator(`[data-question="${questionId}"] figure.chart-figure`));

/** What the figure says Chart.js built and drew (written by the chart's own plugin). */
const described = (figure: Locator) => figure.evaluate((f: HTMLElement) => ({ ...f.dataset }));

/** The figure's table body rows as cell texts (the table may sit in a closed disclosure). */
const rowsOf = (figure: Locator) =>
  figure.evaluate((f: HTMLElement) =>
    [...f.querySelector("table")!.tBodies[0]!.rows].map((row) =>
      [...row.cells].map((c) => c.textContent ?? ""),
    ),
  );

describe("the dashboard's charts in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let clients: Clients;
  let agencySlug: string;
  let threeMonths: string;
  let oneMonth: string;
  let months: string[];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ clients, slug: agencySlug } = await buildAgency(server.url, ["admin", "analyst", "designer"]));
    const latest = latestCompleteMonth(new Date(), "America/Chicago");
    const [y, m] = latest.split("-").map(Number) as [number, number];
    months = [2, 1, 0].map((back) => new Date(Date.UTC(y, m - 1 - back, 15)).toISOString().slice(0, 7));
    const survey = await publishFromTemplate(clients.admin);
    threeMonths = survey.id;
    for (const [w, month] of months.entries())
      for (let i = 0; i < PER_MONTH; i++)
        await submitResponse(
          survey.slug,
          { submissionId: randomUUID(), language: "en", answers: answersOf(w * PER_MONTH + i) },
          new Date(`${month}-15T15:00:00Z`),
        );
    const single = await publishFromTemplate(clients.admin);
    oneMonth = single.id;
    for (let i = 0; i < 12; i++)
      await submitResponse(
        single.slug,
        { submissionId: randomUUID(), language: "en", answers: answersOf(i) },
        new Date(`${latest}-15T15:00:00Z`),
      );
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a matrix is one diverging stacked chart with a row per item; a Likert question is diverging too", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `analyst-${agencySlug}@example.org`,
      threeMonths,
    );
    const matrix = await questionFigure(page, "q_pj_general");
    assert.equal(await page.locator(`[data-question="q_pj_general"] canvas`).count(), 1);
    // The long question is said once, as the chart's heading; the rows are the items.
    assert.equal(
      await page.getByRole("heading", { name: /^Think about how the police treat people/ }).count(),
      1,
    );
    const chart = await described(matrix);
    assert.equal(chart["chart"], "diverging");
    assert.equal(chart["type"], "bar");
    assert.equal(chart["indexAxis"], "y");
    assert.equal(chart["stacked"], "true");
    assert.equal(chart["rows"], "6");
    assert.equal(chart["ticks"], "6", "every item labelled");
    assert.equal(
      chart["legend"],
      "Strongly disagree|Disagree|Neither agree nor disagree|Agree|Strongly agree",
    );
    // Zero in the middle: disagreeing answers left of it, agreeing ones right.
    assert.equal(Number(chart["valueMin"]), -Number(chart["valueMax"]));
    assert.ok(Number(chart["valueLabels"]) >= 6, `${chart["valueLabels"]} values written`);
    const items = await rowsOf(matrix);
    assert.equal(items.length, 6);
    assert.match(items[0]![0]!, /They listen before they decide/);

    const likert = await described(await questionFigure(page, "q_safe_night"));
    assert.equal(likert["chart"], "diverging");
    assert.equal(likert["rows"], "1");
    assert.equal(likert["stacked"], "true");
    assert.equal(Number(likert["valueMin"]), -Number(likert["valueMax"]));

    // Choices: horizontal bars, every option named, each value written, intervals as error bars.
    const priorities = await questionFigure(page, "q_priorities");
    const bars = await described(priorities);
    assert.equal(bars["chart"], "bars");
    assert.equal(bars["indexAxis"], "y");
    assert.equal(bars["stacked"], "false");
    assert.equal(bars["rows"], "9");
    assert.equal(bars["ticks"], "9", "no label skipped");
    assert.equal(bars["valueLabels"], "9");
    assert.equal(bars["errorBars"], "9", "105 answers: every share has its interval");

    // A question nobody answered: no axes, a plain sentence, and the table still there.
    const race = await questionFigure(page, "q_race");
    assert.equal((await described(race))["chart"], "empty");
    assert.equal(await race.locator("canvas").count(), 0);
    assert.equal(await race.locator(".chart-box").textContent(), "Not enough data yet");
    assert.equal((await rowsOf(race)).length, 10);

    // Three months of 35 answers each: the trend lines carry their interval bands.
    const trend = page.locator("section[aria-labelledby='trends-heading'] figure");
    await drawn(page, trend);
    const lines = await described(trend);
    assert.equal(lines["chart"], "line");
    assert.equal(lines["rows"], "3");
    assert.equal(lines["bands"], "6", "a lower and an upper edge for each of three lines");

    // Districts: bars with the index written on and its interval (35 answers in each).
    const districts = page.locator("section[aria-labelledby='districts-heading'] figure");
    await drawn(page, districts);
    const byDistrict = await described(districts);
    assert.equal(byDistrict["chart"], "bars");
    assert.equal(byDistrict["valueLabels"], "3");
    assert.equal(byDistrict["errorBars"], "3");

    // Every chart is an image named by its summary, with its table.
    const counts = await page.evaluate(() => ({
      images: document.querySelectorAll("figure.chart-figure canvas[role='img'][aria-label]").length,
      charts: document.querySelectorAll("figure.chart-figure:not([data-chart='empty'])").length,
      figures: document.querySelectorAll("figure.chart-figure").length,
      tables: document.querySelectorAll("figure.chart-figure table caption").length,
    }));
    assert.equal(counts.images, counts.charts);
    assert.equal(counts.tables, counts.figures);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("a trend of one month is one labelled bar per index, not dots at the edge", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `analyst-${agencySlug}@example.org`,
      oneMonth,
    );
    const trend = page.locator("section[aria-labelledby='trends-heading'] figure");
    await drawn(page, trend);
    const chart = await described(trend);
    assert.equal(chart["chart"], "bars");
    assert.equal(chart["rows"], "3");
    assert.equal(chart["valueLabels"], "3");
    assert.equal(chart["errorBars"], "0", "12 answers: too few for an interval");
    assert.match((await trend.locator("canvas").getAttribute("aria-label")) ?? "", /One month so far/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("a designer on a 360 px phone sees hidden figures marked in charts and tables, every label kept", async () => {
    const context = await phoneContext(browser);
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `designer-${agencySlug}@example.org`,
      threeMonths,
    );
    // Nine people aged 65 or older: hidden, and the chart writes the label where the bar would be.
    const age = await questionFigure(page, "q_age");
    const chart = await described(age);
    assert.equal(chart["chart"], "bars");
    assert.equal(chart["ticks"], chart["rows"], "no label skipped on a phone");
    const rows = await rowsOf(age);
    const hidden = rows.filter((r) => /fewer than 10|hidden to protect others/.test(r[2] ?? "")).length;
    assert.ok(hidden >= 1, JSON.stringify(rows));
    assert.equal(chart["hiddenLabels"], String(hidden));
    assert.equal(rows.find((r) => r[0] === "65 or older")![1], "fewer than 10");
    const matrix = await described(await questionFigure(page, "q_pj_general"));
    assert.equal(matrix["chart"], "diverging");
    assert.equal(matrix["ticks"], "6");

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width}px wide`);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    assert.deepEqual(problems, []);
    await context.close();
  });
});
