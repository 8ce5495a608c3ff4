import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { announced, assertAxeClean, assertFitsPhone, settledFocusText } from "../helpers/browser.js";
import { staffBrowserSuite } from "../helpers/staff-browser.js";

describe("agency settings and account screens for what was API-only, in Chromium at 360 px", () => {
  const suite = staffBrowserSuite();
  const { signIn } = suite;
  const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

  it("an admin sets quiet hours, excluded call types and the re-invitation interval; a half-filled window is explained", async () => {
    const { context, page } = await signIn("admin");
    await mainNav(page).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { level: 1, name: "Agency settings" }).waitFor();
    await page.getByRole("link", { name: "Invitation rules" }).click();
    assert.equal(await settledFocusText(page, "Invitation rules"), "Invitation rules");
    // The defaults in effect are shown, not empty boxes.
    assert.equal(await page.getByLabel("Quiet from").inputValue(), "20:00");
    assert.equal(await page.getByLabel("Quiet until").inputValue(), "08:00");
    assert.match(await page.getByLabel("Call types never invited").inputValue(), /domestic_violence/);
    await assertAxeClean(page);
    await assertFitsPhone(page);

    await page.getByLabel("Quiet until").fill("");
    await page.getByRole("button", { name: "Save invitation rules" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "problem" });
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? "", /Quiet hours end/);
    assert.equal(await page.getByLabel("Quiet until").getAttribute("aria-invalid"), "true");
    await assertAxeClean(page);

    await page.getByLabel("Quiet from").fill("21:30");
    await page.getByLabel("Quiet until").fill("7:00");
    await page.getByRole("button", { name: "Save invitation rules" }).click();
    await page.getByRole("alert").filter({ hasText: "problem" }).waitFor();
    assert.equal(
      await page.getByLabel("Quiet until").getAttribute("aria-invalid"),
      "true",
      "the server's error lands on its field",
    );

    await page.getByLabel("Quiet until").fill("07:00");
    await page
      .getByLabel("Call types never invited")
      .fill("domestic_violence\nsexual_assault\ndeath_notification");
    await page.getByLabel("Days before inviting the same person again").fill("180");
    assert.equal(await page.getByLabel("Country of phone numbers without +").inputValue(), "US");
    await page.getByLabel("Country of phone numbers without +").selectOption("GB");
    await page.getByRole("button", { name: "Save invitation rules" }).click();
    await announced(page, "Invitation rules saved.");
    const { body } = await suite.built.clients.admin.get<{
      agency: { invitationRules: Record<string, unknown> };
    }>("/api/v1/agency");
    assert.deepEqual(body.agency.invitationRules, {
      quietHours: { start: "21:30", end: "07:00" },
      delayMinutes: 1440,
      excludedContactTypes: ["domestic_violence", "sexual_assault", "death_notification"],
      minDaysBetween: 180,
      reminderDays: 3,
      maxReminders: 2,
      phoneCountry: "GB",
    });
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Agency settings" }).waitFor();
    assert.equal(await page.getByLabel("Days before inviting the same person again").inputValue(), "180");
    await context.close();
  });

  it("a designer lists the call types a post-contact survey invites and makes it the default; other kinds do not ask", async () => {
    const { clients } = suite.built;
    const created = await clients.designer.post<{ survey: { id: string } }>("/api/v1/surveys", {
      template: "post-contact",
    });
    const { context, page } = await signIn("designer");
    await page.goto(`${suite.server.url}/app/#/surveys/${created.body.survey.id}`);
    await page.getByRole("heading", { level: 1, name: /^Edit: / }).waitFor();
    await page.getByLabel("Call types this survey invites").fill("traffic_stop\nreport_taken");
    await page.getByLabel("Default survey: also invite for call types no open survey lists").check();
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await announced(page, "Saved.");
    const saved = await clients.designer.get<{ survey: { settings: Record<string, unknown> } }>(
      `/api/v1/surveys/${created.body.survey.id}`,
    );
    assert.deepEqual(saved.body.survey.settings["callTypes"], ["traffic_stop", "report_taken"]);
    assert.equal(saved.body.survey.settings["defaultForCalls"], true);

    const community = await clients.designer.post<{ survey: { id: string; title: { en: string } } }>(
      "/api/v1/surveys",
      { template: "community-trust" },
    );
    await page.goto(`${suite.server.url}/app/#/surveys/${community.body.survey.id}`);
    // Its own heading: the post-contact editor's heading is still there until the route renders.
    await page.getByRole("heading", { level: 1, name: `Edit: ${community.body.survey.title.en}` }).waitFor();
    assert.equal(await page.getByLabel("Call types this survey invites").count(), 0);
    await context.close();
  });

  it("an analyst turns the weekly digest on and off on their account page", async () => {
    const { context, page } = await signIn("analyst");
    await mainNav(page).getByRole("link", { name: "Account" }).click();
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    const box = page.getByLabel("Email me the weekly digest");
    assert.equal(await box.isChecked(), false);
    await assertAxeClean(page);
    await assertFitsPhone(page);
    await box.check();
    await announced(page, "Weekly digest turned on.");
    const on = await suite.built.clients.analyst.get<{ weekly: boolean }>("/api/v1/digests/subscription");
    assert.deepEqual(on.body, { weekly: true });
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    assert.equal(await page.getByLabel("Email me the weekly digest").isChecked(), true);
    await page.getByLabel("Email me the weekly digest").uncheck();
    await announced(page, "Weekly digest turned off.");
    const off = await suite.built.clients.analyst.get<{ weekly: boolean }>("/api/v1/digests/subscription");
    assert.deepEqual(off.body, { weekly: false });
    await context.close();
  });
});
