import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { latestCompleteMonth, latestCompletePeriod } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { submitResponse } from "@server/responses/responses.service.js";
import { communityAnswers } from "../helpers/answers.js";
import { describeViolations, launchBrowser, phoneContext, seriousAxeViolations } from "../helpers/browser.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signedInPage } from "../helpers/staff-page.js";

type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];
interface ResultsBody {
  n: number;
  indices: Record<string, { n: number; score: number }>;
}

/** Signs in and opens the dashboard; collects CSP reports and script errors on the way. */
async function openDashboard(context: BrowserContext, baseUrl: string, email: string, surveyId: string) {
  const { page, problems } = await signedInPage(context, baseUrl, email);
  await page
    .getByRole("link", { name: /^Results/ })
    .first()
    .click();
  await page.waitForURL(new RegExp(`#/surveys/${surveyId}/dashboard$`));
  await page.getByRole("heading", { level: 1, name: /^Results: / }).waitFor();
  await page.locator("article.card").first().waitFor();
  return { page, problems };
}

const tableOf = (page: Page, caption: RegExp) =>
  page.locator("table", { has: page.locator("caption", { hasText: caption }) }).first();
const tableText = (page: Page, caption: RegExp) => tableOf(page, caption).textContent();
/** The table's body rows as cell texts (it may sit in a closed disclosure, so not innerText). */
const tableRows = (page: Page, caption: RegExp) =>
  tableOf(page, caption).evaluate((table: HTMLTableElement) =>
    [...table.tBodies[0]!.rows].map((row) => [...row.cells].map((cell) => cell.textContent ?? "")),
  );

describe("the results dashboard in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let clients: Clients;
  let slug: string;
  let surveyId: string;
  let agencySlug: string;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ clients, slug: agencySlug } = await buildAgency(server.url, ["admin", "analyst", "designer"]));
    const survey = await publishFromTemplate(clients.admin);
    surveyId = survey.id;
    slug = survey.slug;
    for (let i = 0; i < 12; i++)
      assert.equal((await submit(server.url, slug, communityAnswers(i))).status, 201);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an analyst sees cards and tables with the right n, and a new response arrives without reload", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `analyst-${agencySlug}@example.org`,
      surveyId,
    );
    const api = (await clients.analyst.get<ResultsBody>(`/api/v1/surveys/${surveyId}/results`)).body;
    assert.equal(api.n, 12);

    await page.locator("#live-count", { hasText: /^12$/ }).waitFor();
    assert.equal(await page.locator("article.card").count(), 7);
    for (const key of ["procedural_justice", "trust", "safety"]) {
      const card = page.locator(`article.card[data-index="${key}"]`);
      assert.equal(await card.locator(".index-n").textContent(), String(api.indices[key]!.n));
      assert.equal(await card.locator(".score-value").textContent(), api.indices[key]!.score.toFixed(1));
    }
    assert.match((await tableText(page, /safe to walk alone in my neighborhood at night/i)) ?? "", /n = 12/);
    const trend = await tableRows(page, /^Index scores by month/);
    assert.equal(trend.length, 1);
    assert.equal(trend[0]![1], "12");
    assert.equal(trend[0]![2], api.indices["procedural_justice"]!.score.toFixed(1));
    // Every chart is an image with a summary, and every figure has its table (one with nothing
    // to draw says so instead of showing a canvas). Counted in one snapshot: trend and district
    // charts arrive on their own requests, so counts taken one after another can straddle a
    // chart being added.
    const charts = await page.evaluate(() => ({
      images: document.querySelectorAll("canvas[role='img']").length,
      drawn: document.querySelectorAll("figure.chart-figure:not([data-chart='empty'])").length,
      figures: document.querySelectorAll("figure.chart-figure").length,
      tables: document.querySelectorAll("figure.chart-figure table caption").length,
    }));
    assert.ok(charts.images >= 3, `${charts.images} chart images`);
    assert.deepEqual(charts, { ...charts, drawn: charts.images, tables: charts.figures });
    // 12 answers: too few for a range or a flag, and the cards say so in plain words.
    for (const card of await page.locator("article.card").all()) {
      await card.getByText("⚠ Too few answers for a reliable range.").waitFor();
      assert.equal(await card.locator(".facts dd").first().textContent(), "—");
    }
    assert.equal(await page.locator("article.card .flag").count(), 0);
    assert.equal(await page.locator("article.card .resources").count(), 0);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    // One more response through the API: the counter and the cards change without a reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    assert.equal((await submit(server.url, slug, communityAnswers(12))).status, 201);
    await page.locator("#live-count", { hasText: /^13$/ }).waitFor({ timeout: 5000 });
    const after = (await clients.analyst.get<ResultsBody>(`/api/v1/surveys/${surveyId}/results`)).body;
    await page
      .locator(`article.card[data-index="procedural_justice"] .index-n`, {
        hasText: new RegExp(`^${after.indices["procedural_justice"]!.n}$`),
      })
      .waitFor({ timeout: 5000 });
    assert.equal(
      await page.evaluate(() => (window as unknown as { marker?: number }).marker),
      1,
      "no reload",
    );
    await page
      .locator("#live-note", { hasText: "Results updated: 13 responses." })
      .waitFor({ timeout: 6000 });

    // With a filter on, a push offers a refresh instead of changing the filtered figures.
    await page.getByLabel("District", { exact: true }).selectOption("D1");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText(/^Showing \d+ responses that match the filters\.$/).waitFor();
    assert.equal((await submit(server.url, slug, communityAnswers(13))).status, 201);
    const refresh = page.getByRole("button", { name: "1 new response — refresh" });
    await refresh.waitFor({ timeout: 5000 });
    await refresh.click();
    await refresh.waitFor({ state: "hidden" });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("when the dashboard opens, each figure is read once and nothing on screen moves as sections arrive", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = await openDashboard(context, server.url, `analyst-${agencySlug}@example.org`, surveyId);
    await signIn.page.close();
    // Opened by its address, as a bookmark would: no click whose shifts the browser would excuse.
    const page = await context.newPage();
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<
          PerformanceEntry & { value: number; hadRecentInput: boolean }
        >)
          if (!entry.hadRecentInput) shifts.push(entry.value);
      }).observe({ type: "layout-shift", buffered: true });
    });
    const reads = new Map<string, number>();
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith(`/api/v1/surveys/${surveyId}/`))
        reads.set(`${url.pathname}${url.search}`, (reads.get(`${url.pathname}${url.search}`) ?? 0) + 1);
    });
    await page.goto(`${server.url}/app/#/surveys/${surveyId}/dashboard`);
    await page.getByText("● Live: new responses appear here as they arrive.").waitFor();
    await tableOf(page, /by district/).waitFor({ state: "attached" });
    // The live catch-up has arrived; a refresh of the other figures would follow it within 3 s.
    await page.waitForTimeout(3500);

    const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
    const total = shifts.reduce((sum, value) => sum + value, 0);
    assert.ok(total < 0.05, `layout shift ${total.toFixed(3)}: ${JSON.stringify(shifts)}`);
    const path = (rest: string) => `/api/v1/surveys/${surveyId}${rest}`;
    for (const expected of [
      path("/results"),
      path("/results?district=D1"),
      path("/results?district=D2"),
      path("/results?district=D3"),
      path("/trends?interval=month"),
      path("/resources"),
      path("/invitations/summary"),
    ])
      assert.ok(reads.has(expected), `${expected} not read: ${JSON.stringify([...reads])}`);
    assert.deepEqual(
      [...reads].filter(([, count]) => count !== 1),
      [],
      JSON.stringify([...reads]),
    );
    await context.close();
  });

  it("the page loads at most 120 KB of script and style, gzipped, and only the dashboard loads Chart.js", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const sizes: Record<string, number> = {};
    const pending: Array<Promise<void>> = [];
    context.on("response", (response) => {
      const url = new URL(response.url());
      if (!/\.(js|css)$/.test(url.pathname)) return;
      pending.push(
        response.body().then((body) => {
          sizes[url.pathname] = gzipSync(body, { level: 9 }).length;
        }),
      );
    });
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `analyst-${agencySlug}@example.org`,
      surveyId,
    );
    await page.locator("canvas").first().waitFor();
    await Promise.all(pending);
    const total = Object.values(sizes).reduce((sum, n) => sum + n, 0);
    console.log(`dashboard page: ${total} bytes of JS + CSS gzipped ${JSON.stringify(sizes)}`);
    assert.ok(total <= 120 * 1024, `${total} bytes > 120 KB: ${JSON.stringify(sizes)}`);
    assert.ok(
      Object.keys(sizes).some((file) => /dashboard-.*\.js$/.test(file)),
      JSON.stringify(sizes),
    );
    // The survey list, loaded first, did not need the dashboard chunk: it came with the route.
    // A fresh cache (same session): nothing the dashboard loaded can come from memory.
    const fresh = await browser.newContext({ storageState: await context.storageState() });
    const first = await fresh.newPage();
    const loaded: string[] = [];
    first.on("request", (request) => loaded.push(new URL(request.url()).pathname));
    await first.goto(`${server.url}/app/#/surveys`);
    await first.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
    assert.deepEqual(
      loaded.filter((file) => /dashboard-/.test(file)),
      [],
    );
    await fresh.close();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("a designer on a 360 px phone sees 'fewer than 10' for small districts, never their counts", async () => {
    const context = await phoneContext(browser);
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `designer-${agencySlug}@example.org`,
      surveyId,
    );
    const districts = (await tableText(page, /by district/)) ?? "";
    for (const name of ["North", "Central", "South"]) assert.match(districts, new RegExp(name));
    assert.equal((districts.match(/fewer than 10/g) ?? []).length >= 3, true, districts);
    // Each district has 4 or 5 responses: no such count may show in the table.
    assert.doesNotMatch(districts.replace(/fewer than 10/g, ""), /\(D\d\)\s*[1-9]\b/);
    // The page fits the phone: tables scroll inside their labelled regions, not the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 360, `page is ${overflow}px wide`);
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    // The agency set no population margins: weighting says why it was not applied.
    await page.getByLabel("Weighted to the population (raking)").check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText(/^Weighting not applied: .+\. The figures are unweighted\.$/).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("each card's flag agrees with the figures beside it, unfiltered and with a district and dates", async () => {
    // Neutrality falls hard in D1 from September to October and holds in D2 (35 answers each).
    const split = await publishFromTemplate(clients.admin);
    const store = (i: number, district: string, neutrality: number, at: string) =>
      submitResponse(
        split.slug,
        {
          submissionId: randomUUID(),
          language: "en",
          answers: {
            ...communityAnswers(i),
            q_district: district,
            q_pj_general: {
              listens: 4,
              explains: 4,
              fair: neutrality,
              facts: neutrality,
              respect: 4,
              motives: 4,
            },
          } as Answers,
        },
        new Date(at),
      );
    for (let i = 0; i < 35; i++) {
      await store(i, "D1", 5, "2026-09-15T15:00:00Z");
      await store(i, "D1", 1, "2026-10-15T15:00:00Z");
      await store(i, "D2", 3 + (i % 3), "2026-09-15T15:00:00Z");
      await store(i, "D2", 3 + (i % 3), "2026-10-15T15:00:00Z");
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The newest survey is listed first, so its Results link is the one opened.
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `analyst-${agencySlug}@example.org`,
      split.id,
    );
    await page.locator("#scope", { hasText: "Showing all 140 responses." }).waitFor();
    const neutrality = page.locator('article.card[data-index="procedural_justice_neutrality"]');
    await neutrality.locator(".flag", { hasText: "Falling significantly" }).waitFor();
    assert.match(
      (await neutrality.locator(".change").textContent()) ?? "",
      /\(down\) since 2026-09: significant/,
    );
    assert.ok((await neutrality.locator(".resources li").count()) > 0, "resources for the fall");
    const suggestions = neutrality.locator("details.resources");
    assert.equal(await suggestions.evaluate((d) => (d as HTMLDetailsElement).open), false, "collapsed");
    assert.match(
      (await suggestions.locator("summary").textContent()) ?? "",
      /^[1-3] suggested resources? for this fall$/,
    );
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");

    /** A card's flag never contradicts its own change line. */
    const assertCardsAgree = async () => {
      for (const card of await page.locator("article.card").all()) {
        const flag = await card.getAttribute("data-flag");
        const change = (await card.locator(".change").textContent()) ?? "";
        if (flag === "falling") assert.match(change, /\(down\).*: significant/);
        if (flag === "rising") assert.match(change, /\(up\).*: significant/);
        const resources = await card.locator(".resources").count();
        if (resources > 0)
          assert.ok(flag === "falling" || flag === "weak" || flag === "weakest", String(flag));
      }
    };
    await assertCardsAgree();

    await page.getByLabel("District", { exact: true }).selectOption("D2");
    await page.getByLabel("From", { exact: true }).fill("2026-09-01");
    await page.getByLabel("To", { exact: true }).fill("2026-10-31");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.locator("#scope", { hasText: "Showing 70 responses that match the filters." }).waitFor();
    await neutrality.locator(".change", { hasText: "not significant" }).waitFor();
    assert.equal(await neutrality.locator(".flag").count(), 0, "no flag beside a steady district");
    assert.equal(await neutrality.locator(".resources").count(), 0);
    await assertCardsAgree();
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    assert.deepEqual(problems, []);
    await context.close();
  });

  /** A community-template response whose three safety items all answer `safety`. */
  const storeSafety = (slug: string, i: number, safety: number, at: Date) =>
    submitResponse(
      slug,
      {
        submissionId: randomUUID(),
        language: "en",
        answers: { ...communityAnswers(i), q_safe_day: safety, q_safe_night: safety, q_safe_overall: safety },
      },
      at,
    );

  it("the headline shows the latest complete month beside all months, and trends carry their intervals", async () => {
    // 40 answers two months ago feel safe, 40 in the latest complete month do not.
    const month = latestCompleteMonth(new Date(), "America/Chicago");
    const [y, m] = month.split("-").map(Number) as [number, number];
    const earlier = new Date(Date.UTC(y, m - 2, 15, 15)).toISOString();
    const latest = `${month}-15T15:00:00Z`;
    const present = await publishFromTemplate(clients.admin);
    for (let i = 0; i < 40; i++) {
      for (const [safety, at] of [
        [5, earlier],
        [1, latest],
      ] as const) {
        await storeSafety(present.slug, i, safety, new Date(at));
      }
    }
    const monthly = await clients.analyst.get<{
      points: Array<{ period: string; indices: Record<string, { score: number; ci95: [number, number] }> }>;
    }>(`/api/v1/surveys/${present.id}/trends?interval=month`);
    const point = monthly.body.points.find((p) => p.period === month)!;
    const all = (await clients.analyst.get<ResultsBody>(`/api/v1/surveys/${present.id}/results`)).body;
    assert.ok(
      point.indices["safety"]!.score < all.indices["safety"]!.score - 20,
      "the fixture should differ",
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await openDashboard(
      context,
      server.url,
      `analyst-${agencySlug}@example.org`,
      present.id,
    );
    const safety = page.locator('.headline dd[data-index="safety"]');
    await page.getByRole("heading", { level: 3, name: `Latest complete month: ${month}` }).waitFor();
    await safety.locator(".headline-score", { hasText: point.indices["safety"]!.score.toFixed(1) }).waitFor();
    const [lo, hi] = point.indices["safety"]!.ci95;
    assert.match(
      (await safety.textContent()) ?? "",
      new RegExp(`95% interval ${lo.toFixed(1)}–${hi.toFixed(1)}, n 40`),
    );
    assert.match(
      (await safety.locator(".headline-all").textContent()) ?? "",
      new RegExp(`all time: ${all.indices["safety"]!.score.toFixed(1)}$`),
    );
    // Each month's row carries its interval (40 answers: enough for one).
    const trend = await tableRows(page, /^Index scores by month/);
    const row = trend.find((r) => r[0] === month)!;
    const safetyColumn = 2 + 6; // period, responses, then safety is the 7th index
    assert.equal(
      row[safetyColumn],
      `${point.indices["safety"]!.score.toFixed(1)} (${lo.toFixed(1)}–${hi.toFixed(1)})`,
    );
    assert.equal(describeViolations(await seriousAxeViolations(page)), "");
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("when the agency leads with quarters, then the headline is the latest complete quarter", async () => {
    const span = latestCompletePeriod(new Date(), "America/Chicago", "quarter");
    const quarterly = await publishFromTemplate(clients.admin);
    // 35 answers inside the quarter (its first month, which is never the latest complete month
    // nor the one before it) that do not feel safe, and 35 this month that do.
    for (let i = 0; i < 35; i++)
      for (const [safety, at] of [
        [1, new Date(`${span.from}T15:00:00Z`)],
        [5, new Date()],
      ] as const)
        await storeSafety(quarterly.slug, i, safety, at);
    const patched = await clients.admin.patch<{ agency: { headlinePeriod: string } }>("/api/v1/agency", {
      headlinePeriod: "quarter",
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.agency.headlinePeriod, "quarter");
    const expected = (
      await clients.analyst.get<ResultsBody>(
        `/api/v1/surveys/${quarterly.id}/results?from=${span.from}&to=${span.to}`,
      )
    ).body.indices["safety"] as { score: number; n: number };
    assert.equal(expected.n, 35);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await openDashboard(
        context,
        server.url,
        `analyst-${agencySlug}@example.org`,
        quarterly.id,
      );
      await page
        .getByRole("heading", { level: 3, name: `Latest complete quarter: ${span.period}` })
        .waitFor();
      const safety = page.locator('.headline dd[data-index="safety"]');
      await safety.locator(".headline-score", { hasText: expected.score.toFixed(1) }).waitFor();
      assert.match((await safety.textContent()) ?? "", /, n 35/);
      assert.equal(describeViolations(await seriousAxeViolations(page)), "");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await clients.admin.patch("/api/v1/agency", { headlinePeriod: "month" });
    }
  });
});
