import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import {
  announced,
  assertAxeClean,
  assertFitsPhone,
  launchBrowser,
  phoneContext,
  signInOnPhone,
} from "../helpers/browser.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { answerInvitation, inviteContact, postContactAnswers, scopeStaff } from "../helpers/units.js";
import { answerByKeyboard, answerStepByStep, publicQuestions, shown, tabTo } from "./respondent-support.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;

describe("unit screens in Chromium at 360 px", () => {
  let server: TestServer;
  let browser: Browser;
  let built: Built;
  let survey: { id: string; slug: string };
  const problems: string[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    built = await buildAgency(server.url, ["admin", "designer", "supervisor", "officer"]);
    const { admin, designer } = built.clients;
    await scopeStaff(admin, `supervisor-${built.slug}@example.org`, { units: ["A"] });
    await scopeStaff(admin, `officer-${built.slug}@example.org`, { badge: "A1" });
    survey = await publishFromTemplate(designer, "post-contact");
    for (const [badge, score] of [
      ["A1", 100],
      ["A2", 50],
    ] as const)
      for (let i = 0; i < 10; i++) {
        const token = await inviteContact(survey, built.agencyId, { unit: "A", officer: badge });
        const commend = badge === "A1" && i === 0 ? { commendation: { note: "Kind <b>and</b> calm" } } : {};
        await answerInvitation(server.url, survey.slug, token, score - (i % 2) * 25, commend);
      }
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  it("a supervisor opens their unit and reads each officer's shrunk estimate, by badge, with no other screen offered", async () => {
    const { context, page } = await signInOnPhone(
      browser,
      server.url,
      `supervisor-${built.slug}@example.org`,
      TEST_PASSWORD,
      problems,
      "Units",
    );
    const nav = page.getByRole("navigation", { name: "Main" });
    assert.deepEqual(await nav.getByRole("link").allTextContents(), ["Units"]);
    await page.getByRole("link", { name: "Unit A" }).click();
    await page.getByRole("heading", { level: 1, name: "Unit A" }).waitFor();
    const officers = page.getByRole("table", { name: "Officers of the unit, by badge" });
    await officers.waitFor();
    const rows = await officers.locator("tbody tr").allTextContents();
    assert.equal(rows.length, 2, JSON.stringify(rows));
    // On a phone each cell is labelled by its column (the header row is not shown).
    assert.match(rows[0]!, /^A110\d+\.\d \(\d+\.\d to \d+\.\d\)/);
    assert.match(rows[1]!, /^A210/);
    assert.equal(
      await officers.locator("tbody tr").first().locator("td").first().getAttribute("data-col"),
      "Responses",
    );
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await context.close();
    assert.deepEqual(problems, []);
  });

  it("an officer sees their own feedback and the commendation's words as text", async () => {
    const { context, page } = await signInOnPhone(
      browser,
      server.url,
      `officer-${built.slug}@example.org`,
      TEST_PASSWORD,
      problems,
      "My feedback",
    );
    await page.getByText("One resident commended you.").waitFor();
    assert.equal(await page.locator(".notes li").textContent(), "Kind <b>and</b> calm");
    await page.getByRole("table", { name: "Your responses, all units together" }).waitFor();
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await context.close();
    assert.deepEqual(problems, []);
  });

  it("a resident whose contact names an officer ticks 'commend the officer' by keyboard on a phone, and the officer sees the commendation", async () => {
    const token = await inviteContact(survey, built.agencyId, { unit: "A", officer: "A1" });
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/s/${survey.slug}?t=${token}`);
    const answers = postContactAnswers(75);
    const visible = (await publicQuestions(server.url, survey.slug)).filter((q) => shown(q, answers));
    await answerStepByStep(page, visible, answers, { to: visible.length - 1 });
    await answerByKeyboard(page, visible.at(-1)!, answers[visible.at(-1)!.id]);
    const commend = page.getByRole("group", { name: /Commend the officer/ });
    await commend.waitFor();
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await tabTo(page, "#f-commend");
    await page.keyboard.press("Space");
    await page.getByLabel("What would you like to tell them?").fill("Thank you, my number is 312 555 0199");
    await tabTo(page, "#send");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/thanks/);
    await context.close();
    const mine = await built.clients.officer.get<{ commendations: { count: number; notes: string[] } }>(
      "/api/v1/officers/me/feedback",
    );
    assert.equal(mine.body.commendations.count, 2);
    assert.equal(mine.body.commendations.notes[0], "Thank you, my number is [phone]");
  });

  it("an admin gives a supervisor a second unit on the Staff screen, and the supervisor's list shows both", async () => {
    const { context, page } = await signInOnPhone(
      browser,
      server.url,
      `admin-${built.slug}@example.org`,
      TEST_PASSWORD,
      problems,
    );
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
    const units = page.getByLabel(`Units of supervisor-${built.slug}@example.org (comma-separated)`);
    await units.fill("A, B");
    await page.getByRole("button", { name: `Save units of supervisor-${built.slug}@example.org` }).click();
    await announced(page, `supervisor-${built.slug}@example.org saved.`);
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await context.close();
    const list = await built.clients.supervisor.get<{ units: string[] }>("/api/v1/units");
    assert.deepEqual(list.body.units, ["A", "B"]);
    assert.deepEqual(problems, []);
  });
});
