/**
 * Takes the dashboard screenshots in docs/screenshots/: a community survey with three months of
 * answers, seen by command staff (an analyst): the whole page at desktop width, and the answers
 * on a 360 px phone.
 *
 *   npm run build:client && npx tsx scripts/screenshot-dashboard.ts
 *
 * The server runs on the embedded engine in a temporary directory (nothing of a real database
 * is touched) and Debian's Chromium draws the page. The answers are generated from a fixed seed,
 * so the pictures change only when the dashboard does.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { latestCompleteMonth } from "../shared/periods.js";
import type { Answers } from "../shared/survey.js";
import { submitResponse } from "../server/responses/responses.service.js";
import { SCREENSHOTS, withScreenshotServer } from "./screenshot-server.js";
import { phoneContext } from "../test/helpers/browser.js";
import { buildAgency, publishFromTemplate } from "../test/helpers/factories.js";
import { seededRandom } from "../test/helpers/random.js";
import { signedInPage } from "../test/helpers/staff-page.js";

const PER_MONTH = 45;
const TIMEZONE = "America/Chicago";
/** How often each priority is chosen; one answer at least (the question is required). */
const PRIORITIES: Array<[string, number]> = [
  ["violent_crime", 0.55],
  ["property_crime", 0.4],
  ["traffic", 0.35],
  ["drugs", 0.3],
  ["youth", 0.3],
  ["mental_health", 0.25],
];

/** One resident's answers: agreement leaning by theme, drifting a little from month to month. */
function answersOf(random: () => number, month: number): Answers {
  const likert = (lean: number): number => {
    if (random() < 0.06) return 0;
    return Math.min(5, Math.max(1, Math.round(lean + (random() - 0.5) * 3.2)));
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const contact = random() < 0.4;
  const priorities = PRIORITIES.filter(([, share]) => random() < share).map(([value]) => value);
  return {
    q_safe_day: likert(4.1),
    q_safe_night: likert(2.9 - 0.2 * month),
    q_safe_overall: likert(3.6),
    q_trust_overall: likert(3.3 + 0.15 * month),
    q_legit_values: likert(3.4),
    q_legit_law: likert(3.7),
    q_trust_confidence: likert(3.1),
    q_pj_general: {
      listens: likert(3.0 + 0.2 * month),
      explains: likert(2.8),
      fair: likert(3.2),
      facts: likert(3.5),
      respect: likert(3.9),
      motives: likert(3.4),
    },
    q_pj_care: likert(3.2),
    q_engage_partner: likert(2.9),
    q_engage_report: likert(4.2),
    q_priorities: priorities.length > 0 ? priorities : ["fast_response"],
    q_contact: contact,
    ...(contact ? { q_contact_satisfaction: pick([2, 3, 3, 4, 4, 4, 5, 5]) } : {}),
    q_district: pick(["D1", "D2", "D3"]),
    q_age: pick(["18_24", "25_34", "25_34", "35_44", "45_54", "55_64", "65_plus"]),
    q_gender: pick(["woman", "man", "woman", "man", "nonbinary", "prefer_not"]),
  } as Answers;
}

/** Waits until every figure has been drawn by Chart.js or says it has no data. */
async function chartsDrawn(page: Page): Promise<void> {
  await page.locator("section[aria-labelledby='districts-heading'] figure").waitFor();
  // Charts are drawn as they near the screen, or all at once before printing: a full-page
  // picture asks for the latter.
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>("figure.chart-figure")].every(
      (f) => f.dataset["rendered"] === "true" || f.dataset["chart"] === "empty",
    ),
  );
}

await withScreenshotServer(async (url, browser) => {
  const { clients, slug } = await buildAgency(url, ["admin", "analyst"]);
  const survey = await publishFromTemplate(clients.admin);
  const latest = latestCompleteMonth(new Date(), TIMEZONE);
  const [y, m] = latest.split("-").map(Number) as [number, number];
  const random = seededRandom(15);
  for (const back of [2, 1, 0]) {
    const at = new Date(Date.UTC(y, m - 1 - back, 15, 15));
    for (let i = 0; i < PER_MONTH; i++)
      await submitResponse(
        survey.slug,
        { submissionId: randomUUID(), language: "en", answers: answersOf(random, 2 - back) },
        at,
      );
  }
  const email = `analyst-${slug}@example.org`;
  const written: string[] = [];
  for (const [name, context] of [
    ["dashboard.png", await browser.newContext({ viewport: { width: 1280, height: 900 } })],
    ["dashboard-phone.png", await phoneContext(browser)],
  ] as const) {
    const { page } = await signedInPage(context, url, email);
    await page.goto(`${url}/app/#/surveys/${survey.id}/dashboard`);
    await chartsDrawn(page);
    const file = path.join(SCREENSHOTS, name);
    if (name === "dashboard.png") await page.screenshot({ path: file, fullPage: true });
    else {
      // On the phone, the answers: the whole page would be too tall to read as a picture.
      const top = await page
        .locator("section[aria-labelledby='questions-heading']")
        .evaluate((s) => s.getBoundingClientRect().top + window.scrollY);
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: top, width: 360, height: 2400 } });
    }
    written.push(file);
    await context.close();
  }
  return written;
});
