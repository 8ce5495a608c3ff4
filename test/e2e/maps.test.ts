import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { auditSurveys } from "@server/disclosure/audit.service.js";
import {
  answerAcrossDistricts,
  fourDistricts,
  showSafetyMap,
  uploadFourDistricts,
} from "../helpers/boundaries.js";
import {
  assertAxeClean,
  assertFitsPhone,
  launchBrowser,
  phoneContext,
  signInOnPhone,
} from "../helpers/browser.js";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;

describe("district maps: the dashboard choropleth and the public page's SVG", () => {
  let server: TestServer;
  let browser: Browser;
  let built: Built;
  let survey: { id: string; slug: string };

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    built = await buildAgency(server.url, ["admin", "designer"]);
    await uploadFourDistricts(built.clients.admin);
    survey = await publishFromTemplate(built.clients.admin);
    await answerAcrossDistricts(survey.slug);
    const put = await built.clients.admin.request("PUT", `/api/v1/surveys/${survey.id}/publication`, {
      published: true,
      questions: ["q_safe_day", "q_safe_night", "q_safe_overall", "q_pj_general", "q_contact", "q_district"],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });

  it("when a designer opens the dashboard, then the districts are a map with the table beside it, hidden ones hatched, accessible at 360 px", async () => {
    const problems: string[] = [];
    const { context, page } = await signInOnPhone(
      browser,
      server.url,
      `designer-${built.slug}@example.org`,
      TEST_PASSWORD,
      problems,
    );
    await page.goto(`${server.url}/app/#/surveys/${survey.id}/dashboard`);
    await page.getByRole("heading", { level: 1, name: /^Results: / }).waitFor();
    const map = page.locator("figure[data-chart='map']");
    await map.waitFor();
    await showSafetyMap(page);
    const canvas = map.locator("canvas[role='img']");
    const name = (await canvas.getAttribute("aria-label")) ?? "";
    assert.match(name, /^Map of .+ by district \(0–100\): /);
    // The small district is hidden, and so is one more: the whole minus the rest would give it.
    assert.match(
      name,
      /North-west hidden to protect others, North-east 76, South-west fewer than 10, South-east 18\.$/,
    );
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 150, `the map is drawn: ${JSON.stringify(box)}`);
    // The canvas holds colour: not a blank rectangle.
    const painted = await canvas.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! < 200) coloured++;
      return coloured;
    });
    assert.ok(painted > 1000, `districts are filled (${painted} coloured pixels)`);
    const rows = await map.locator("table tbody tr").allTextContents();
    assert.equal(rows.length, 4);
    assert.ok(rows.some((r) => r.includes("South-west (D3)") && r.includes("fewer than 10")));
    assert.ok(await map.getByText("Hatched districts show no score: fewer than 10 answers").isVisible());

    await assertFitsPhone(page);
    await assertAxeClean(page);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("when the public page is opened, then its SVG map (no script) has a path per district, the small one hatched and labelled, with a legend", async () => {
    // Script on only for axe: the page itself has none.
    const context = await phoneContext(browser, { javaScriptEnabled: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/p/${built.slug}`);
    const map = page.locator("svg.map[role='img']");
    await map.waitFor();
    assert.match(
      (await map.getAttribute("aria-label")) ?? "",
      /by district, on a scale of 0 to 100: .*South-west fewer than 10/,
    );
    assert.equal(await map.locator("title").count(), 1);
    const paths = map.locator("path.district");
    assert.equal(await paths.count(), 4);
    const hatched = map.locator("path.district.hidden");
    assert.deepEqual(
      await hatched.evaluateAll((paths) => paths.map((p) => p.getAttribute("data-district"))),
      ["D1", "D3"],
    );
    for (const fill of await hatched.evaluateAll((paths) => paths.map((p) => p.getAttribute("fill"))))
      assert.match(fill ?? "", /^url\(#.+-hidden\)$/);
    for (const code of ["D2", "D4"])
      assert.match(
        (await map.locator(`path[data-district='${code}']`).getAttribute("fill")) ?? "",
        /^#[0-9a-f]{6}$/,
      );
    const labels = (await map.locator("text.district-label").allTextContents()).join("|");
    assert.match(labels, /South-westfewer than 10/);
    assert.match(labels, /North-westhidden to protect others/);
    assert.ok(await page.getByText("Hatched: no score shown (fewer than 10 answers").isVisible());
    const size = await map.boundingBox();
    assert.ok(size && size.width > 250, `the map fills the column: ${JSON.stringify(size)}`);
    await assertFitsPhone(page);
    await assertAxeClean(page);
    await context.close();
  });

  it("when the disclosure auditor reads every view, the public map's district bodies among them, then nothing small is exposed", async () => {
    const [report] = await auditSurveys(survey.id);
    assert.ok(report && report.checked > 0, "the small district's counts were checked");
    assert.deepEqual(report.exposed, []);
    assert.deepEqual(report.violations, []);
  });

  it("when an admin uploads a broken file and then the fixture in settings, then the problem is shown plainly and then the summary", async () => {
    const problems: string[] = [];
    const { context, page } = await signInOnPhone(
      browser,
      server.url,
      `admin-${built.slug}@example.org`,
      TEST_PASSWORD,
      problems,
    );
    await page.goto(`${server.url}/app/#/settings`);
    await page.getByRole("heading", { level: 2, name: "District boundaries" }).waitFor();
    const broken = fourDistricts();
    (broken.features[2]!.geometry.coordinates as number[][][])[0]!.pop();
    const upload = async (name: string, body: unknown) => {
      await page.getByLabel("GeoJSON file").setInputFiles({
        name,
        mimeType: "application/geo+json",
        buffer: Buffer.from(JSON.stringify(body)),
      });
      await page.getByRole("button", { name: "Upload boundaries" }).click();
    };
    await upload("broken.geojson", broken);
    await page
      .getByText(/features\.2\.geometry: .*ring 0 is not closed/)
      .first()
      .waitFor();
    await upload("districts.geojson", fourDistricts());
    await page.getByText(/^Boundaries for D1, D2, D3, D4\. Simplified from 17604 points/).waitFor();
    await assertFitsPhone(page);
    await assertAxeClean(page);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("when the boundaries are removed, then the public page has no map and the dashboard falls back to bars", async () => {
    assert.equal((await built.clients.admin.request("DELETE", "/api/v1/agency/boundaries")).status, 204);
    const html = await (await fetch(`${server.url}/p/${built.slug}`)).text();
    assert.ok(!html.includes('class="map"'), "no map without boundaries");
    assert.ok(html.includes("<h2"), "the page itself is there");
  });
});
