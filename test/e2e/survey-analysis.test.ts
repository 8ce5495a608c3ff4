import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { submitResponse } from "@server/responses/responses.service.js";
import { communityAnswers } from "../helpers/answers.js";
import { announced, assertAxeClean, assertFitsPhone, settledFocusId } from "../helpers/browser.js";
import { publishFromTemplate } from "../helpers/factories.js";
import { staffBrowserSuite } from "../helpers/staff-browser.js";

describe("a survey's comments, period comparison, breakdowns and export, in Chromium at 360 px", () => {
  const suite = staffBrowserSuite();
  const { signIn } = suite;
  let surveyId: string;
  // The two months before this one: the periods the compare screen offers first.
  const now = new Date();
  const midMonth = (back: number, hour: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15, hour));
  const HOSTILE = '<img src=x onerror="document.title=1">Street lights are out';

  before(async () => {
    const survey = await publishFromTemplate(suite.built.clients.admin);
    surveyId = survey.id;
    // 20 answers a month: trust low two months ago, high last month; 12 comments ask for street
    // lights (one of them as markup), half women, half men.
    for (let i = 0; i < 40; i++) {
      const later = i >= 20;
      const trust = later ? 5 : 2;
      const answers = {
        ...communityAnswers(i),
        q_trust_overall: trust,
        q_legit_values: trust,
        q_legit_law: trust,
        q_trust_confidence: trust,
        q_gender: i % 2 === 0 ? "woman" : "man",
        q_comment:
          i < 12 ? (i === 0 ? HOSTILE : `Street lights are out on block ${i}`) : "More patrols please",
      };
      await submitResponse(
        survey.slug,
        { submissionId: randomUUID(), language: "en", answers },
        midMonth(later ? 1 : 2, 12 + (i % 6)),
      );
    }
  });
  const openSurveyTab = async (page: Page, tab: string, heading: RegExp) => {
    await page
      .getByRole("link", { name: /^Results/ })
      .first()
      .click();
    await page.getByRole("heading", { level: 1, name: /^Results: / }).waitFor();
    await page.getByRole("navigation", { name: "This survey" }).getByRole("link", { name: tab }).click();
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.tagName),
      "H1",
      "focus moves to the new screen's heading",
    );
  };

  it("an analyst reads the comments, picks a frequent term and reads only the comments that use it, as text", async () => {
    const { context, page } = await signIn("analyst");
    await openSurveyTab(page, "Comments", /^Comments: /);
    const lights = page.getByRole("button", { name: "lights (12)", exact: true });
    await lights.waitFor();
    await page.getByText("40 comments, page 1 of 2.", { exact: true }).waitFor();
    await assertAxeClean(page);
    await assertFitsPhone(page);

    await lights.click();
    await page.getByRole("heading", { level: 2, name: "Comments that use “lights”" }).waitFor();
    await announced(page, /Showing comments that use “lights”: 12 comments/);
    assert.equal(await lights.getAttribute("aria-pressed"), "true");
    const items = page.locator(".comment-list li");
    assert.equal(await items.count(), 12);
    for (const text of await items.allTextContents()) assert.match(text, /street lights/i);
    // What a resident typed is shown as text, never run as markup.
    await page.getByText(HOSTILE).waitFor();
    assert.equal(await page.locator(".comment-list img").count(), 0);
    assert.notEqual(await page.title(), "1");
    await assertAxeClean(page);

    await page.getByRole("button", { name: "Show all comments" }).click();
    await page.getByRole("heading", { level: 2, name: "Comments", exact: true }).waitFor();
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("40 comments, page 2 of 2.", { exact: true }).waitFor();
    assert.equal(await settledFocusId(page, "list-heading"), "list-heading");

    // One district's comments: every third response is in Central (D2).
    await page.getByLabel("District").selectOption("D2");
    await page.getByText("13 comments.", { exact: true }).waitFor();
    const metas = await page.locator(".comment-list .meta").allTextContents();
    assert.equal(metas.length, 13);
    for (const meta of metas) assert.match(meta, / · D2 · EN$/);
    await assertAxeClean(page);
    await context.close();

    // A designer gets the terms used by at least 10 comments, and comments without district or day.
    const designer = await signIn("designer");
    await designer.page.goto(`${suite.server.url}/app/#/surveys/${surveyId}/comments`);
    await designer.page.getByRole("heading", { level: 1, name: /^Comments: / }).waitFor();
    await designer.page.getByRole("button", { name: "lights (12)", exact: true }).click();
    await designer.page.getByText("12 comments.", { exact: true }).waitFor();
    for (const meta of await designer.page.locator(".comment-list .meta").allTextContents())
      assert.equal(meta, "EN");
    await assertAxeClean(designer.page);
    await designer.context.close();
  });

  it("an analyst reads the themes table, picks a theme and reads only its comments; a designer sees small theme counts hidden", async () => {
    const { context, page } = await signIn("analyst");
    await openSurveyTab(page, "Comments", /^Comments: /);
    const table = page.getByRole("table", { name: "Comments per theme" });
    await table.waitFor();
    // 12 comments about street lights (11 read negative: "block" is a negative word in AFINN;
    // the one written as markup reads neutral), 28 asking for patrols (neutral).
    const lighting = table.getByRole("row", { name: /^Lighting/ });
    assert.deepEqual(await lighting.locator("td").allTextContents(), ["12", "30.0", "0", "1", "11"]);
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await lighting.getByRole("button", { name: "Lighting" }).click();
    await page.getByRole("heading", { level: 2, name: "Comments about Lighting" }).waitFor();
    await announced(page, /Showing comments about lighting: 12 comments/);
    assert.equal(await lighting.getByRole("button").getAttribute("aria-pressed"), "true");
    const themes = await page.locator(".comment-list .comment-themes").allTextContents();
    assert.equal(themes.length, 12);
    for (const line of themes) assert.match(line, /^Lighting · (negative|neutral) tone$/);
    await assertAxeClean(page);
    await context.close();

    const designer = await signIn("designer");
    await designer.page.goto(`${suite.server.url}/app/#/surveys/${surveyId}/comments`);
    const designerTable = designer.page.getByRole("table", { name: "Comments per theme" });
    await designerTable.waitFor();
    // Patrol requests: 28, all neutral, shown as they are. Lighting's count is shown, but its one
    // neutral comment is fewer than 10: its three tone counts are hidden together.
    const patrol = designerTable.getByRole("row", { name: /^Patrol presence/ });
    assert.deepEqual(await patrol.locator("td").allTextContents(), ["28", "70.0", "0", "28", "0"]);
    const lightingCells = await designerTable
      .getByRole("row", { name: /^Lighting/ })
      .locator("td")
      .allTextContents();
    assert.deepEqual(lightingCells.slice(0, 2), ["12", "30.0"]);
    for (const cell of lightingCells.slice(2)) assert.doesNotMatch(cell, /^\d+$/, `tone shown: ${cell}`);
    await assertAxeClean(designer.page);
    await designer.context.close();
  });

  it("an analyst compares two months and sees each change with its test, raw and Holm-adjusted p, as the API gives them", async () => {
    const { context, page } = await signIn("analyst");
    await openSurveyTab(page, "Compare periods", /^Compare periods: /);
    await assertAxeClean(page);
    await assertFitsPhone(page);
    const a = {
      from: await page.locator("#a-from").inputValue(),
      to: await page.locator("#a-to").inputValue(),
    };
    const b = {
      from: await page.locator("#b-from").inputValue(),
      to: await page.locator("#b-to").inputValue(),
    };
    await page.getByRole("button", { name: "Compare" }).click();
    await page.getByRole("heading", { level: 2, name: "Differences" }).waitFor();
    assert.equal(await settledFocusId(page, "result-heading"), "result-heading");
    const api = await suite.built.clients.analyst.get<{
      indices: Record<
        string,
        { a: number; b: number; testName: string; p: number; pAdjusted: number; significant: boolean }
      >;
    }>(`/api/v1/surveys/${surveyId}/compare?a_from=${a.from}&a_to=${a.to}&b_from=${b.from}&b_to=${b.to}`);
    const trust = api.body.indices["trust"]!;
    assert.equal(trust.significant, true);
    const row = page.getByRole("row", { name: /^Trust and legitimacy/ });
    const cells = await row.locator("td").allTextContents();
    assert.deepEqual(
      [cells[0], cells[1], cells[3], cells[4], cells[5], cells[6]],
      [String(trust.a), String(trust.b), trust.testName, String(trust.p), String(trust.pAdjusted), "Yes"],
    );
    assert.match(cells[2] ?? "", /^\+\d/);
    assert.match(
      (await page.locator("main").textContent()) ?? "",
      /Holm–Bonferroni correction over \d+ tests/,
    );
    await assertAxeClean(page);
    await assertFitsPhone(page);

    // A period the API refuses is explained, naming the field.
    await page.locator("#b-from").fill("");
    await page.getByRole("button", { name: "Compare" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Could not load the comparison" });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? "", /b_from/);
    await context.close();

    // A designer compares whole months of the whole survey: no district to choose.
    const designer = await signIn("designer");
    await designer.page.goto(`${suite.server.url}/app/#/surveys/${surveyId}/compare`);
    await designer.page.getByRole("heading", { level: 1, name: /^Compare periods: / }).waitFor();
    assert.equal(await designer.page.getByLabel("District").count(), 0);
    await designer.page.getByRole("button", { name: "Compare" }).click();
    await designer.page.getByRole("heading", { level: 2, name: "Differences" }).waitFor();
    const designerCells = await designer.page
      .getByRole("row", { name: /^Trust and legitimacy/ })
      .locator("td")
      .allTextContents();
    assert.equal(designerCells[6], "Yes");
    await assertAxeClean(designer.page);
    await designer.context.close();
  });

  it("an analyst breaks results down by gender; a designer is told breakdowns are for analysts", async () => {
    const { context, page } = await signIn("analyst");
    await openSurveyTab(page, "Breakdowns", /^Breakdowns: /);
    await assertAxeClean(page);
    await page.getByLabel("Group residents by").selectOption("gender");
    await page.getByRole("button", { name: "Show breakdown" }).click();
    await page.getByRole("heading", { level: 2, name: "By gender" }).waitFor();
    const women = await page
      .getByRole("row", { name: /^Woman/ })
      .first()
      .locator("td")
      .allTextContents();
    assert.equal(women[0], "20");
    assert.match(women.join(" "), /too few answers for a reliable range|95% range/);
    assert.equal(
      await page.getByRole("row", { name: /^Man/ }).first().locator("td").first().textContent(),
      "20",
    );
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await context.close();

    const designer = await signIn("designer");
    await designer.page.goto(`${suite.server.url}/app/#/surveys/${surveyId}/breakdowns`);
    await designer.page.getByRole("heading", { level: 1, name: /^Breakdowns: / }).waitFor();
    await designer.page.getByRole("button", { name: "Show breakdown" }).click();
    await designer.page.getByText(/Breakdowns by age, gender and race are for analysts and admins/).waitFor();
    assert.equal(await designer.page.locator("table").count(), 0, "no figures, not even partly");
    await assertAxeClean(designer.page);
    await designer.context.close();
  });

  it("an analyst downloads the responses as CSV; a designer is told who can", async () => {
    const { context, page } = await signIn("analyst");
    await openSurveyTab(page, "Export", /^Export: /);
    await assertAxeClean(page);
    await assertFitsPhone(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    const csv = await readFile(path, "utf8");
    assert.match(csv, /^\uFEFF?response_id,submitted_on,/);
    assert.equal(csv.trim().split(/\r?\n/).length, 41, "a header and 40 responses");
    await announced(page, /^Downloaded .+\.csv\.$/);

    await page.locator("#export-from").fill("2026-03-01");
    await page.locator("#export-to").fill("2026-01-01");
    await page.getByRole("button", { name: "Download CSV" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "could not be made" });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? "", /must not be before/);
    await context.close();

    const designer = await signIn("designer");
    await designer.page.goto(`${suite.server.url}/app/#/surveys/${surveyId}/export`);
    await designer.page.getByRole("heading", { level: 1, name: /^Export: / }).waitFor();
    await designer.page.getByText(/only analysts and admins can download them/).waitFor();
    assert.equal(await designer.page.getByRole("button", { name: "Download CSV" }).count(), 0);
    await assertAxeClean(designer.page);
    await designer.context.close();
  });
});
