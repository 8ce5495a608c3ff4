import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { assertAxeClean, assertFitsPhone, launchBrowser, signInOnPhone } from "../helpers/browser.js";
import { TEST_PASSWORD } from "../helpers/factories.js";
import { buildPeerAgencies } from "../helpers/peer-agencies.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signedInPage } from "../helpers/staff-page.js";

describe("the peer panel in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let built: Awaited<ReturnType<typeof buildPeerAgencies>>;

  before(async () => {
    server = await startTestServer({ BENCHMARK_MIN_N: "12" });
    browser = await launchBrowser();
    built = await buildPeerAgencies(server.url, () => 12);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("when an admin turns on sharing in the settings, then the dashboard's peer panel shows the agency against six peers", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await signedInPage(context, server.url, `admin-${built.own.slug}@example.org`);
    const dashboard = `${server.url}/app/#/surveys/${built.surveys[0]!.id}/dashboard`;
    await page.goto(dashboard);
    const panel = page.getByRole("region", { name: "Compared with peer agencies" });
    await panel.getByText(/does not share its figures/).waitFor();

    await page.goto(`${server.url}/app/#/settings`);
    await page.getByLabel(/^Compare with peer agencies/).check();
    await page.getByRole("button", { name: "Save agency details" }).click();
    await page.getByText("Agency details saved.").waitFor();

    await page.goto(dashboard);
    const trust = panel.getByRole("row", { name: /^Trust and legitimacy/ });
    await trust.waitFor();
    // Own 62.5 against peers 25, 37.5, 50, 56.3, 68.8, 87.5 (see test/api/benchmarks.test.ts).
    assert.deepEqual(await trust.locator("td").allTextContents(), ["62.5", "53.2", "40.6–65.7", "67th", "6"]);
    await assertAxeClean(page);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("when an analyst opens the dashboard on a 360 px phone, then the peer table scrolls within its region and the page does not", async () => {
    // Whatever the test before left: this one needs the agency sharing.
    await built.admins[0]!.patch("/api/v1/agency", { benchmarks: { share: true } });
    const problems: string[] = [];
    const email = `analyst-${built.own.slug}@example.org`;
    const { context, page } = await signInOnPhone(browser, server.url, email, TEST_PASSWORD, problems);
    await page.goto(`${server.url}/app/#/surveys/${built.surveys[0]!.id}/dashboard`);
    await page.getByRole("region", { name: /peer agencies asking the same template questions/ }).waitFor();
    await assertFitsPhone(page);
    await assertAxeClean(page);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
