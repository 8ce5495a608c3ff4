/**
 * Takes docs/screenshots/map-dashboard.png and map-public.png: the 4-district fixture
 * (test/fixtures/districts-4.geojson) as a designer's dashboard draws it (choropleth beside its
 * table) and as the public page draws it (inline SVG), with one district too small to show
 * and one hidden to protect it, both hatched.
 *
 *   npm run build:client && npx tsx scripts/screenshot-maps.ts
 *
 * The server runs on the embedded engine in a temporary directory (nothing of a real database
 * is touched) and Debian's Chromium draws the pages.
 */
import path from "node:path";
import { answerAcrossDistricts, showSafetyMap, uploadFourDistricts } from "../test/helpers/boundaries.js";
import { buildAgency, publishFromTemplate } from "../test/helpers/factories.js";
import { signedInPage } from "../test/helpers/staff-page.js";
import { SCREENSHOTS, withScreenshotServer } from "./screenshot-server.js";

await withScreenshotServer(async (url, browser) => {
  const { clients, slug } = await buildAgency(url, ["admin", "designer"]);
  await uploadFourDistricts(clients.admin);
  const survey = await publishFromTemplate(clients.admin);
  await answerAcrossDistricts(survey.slug);
  await clients.admin.request("PUT", `/api/v1/surveys/${survey.id}/publication`, {
    published: true,
    questions: ["q_safe_day", "q_safe_night", "q_safe_overall", "q_district"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page } = await signedInPage(context, url, `designer-${slug}@example.org`);
  await page.goto(`${url}/app/#/surveys/${survey.id}/dashboard`);
  await page.locator("figure[data-chart='map']").waitFor();
  await showSafetyMap(page);
  const dashboard = path.join(SCREENSHOTS, "map-dashboard.png");
  await page.locator("section[aria-labelledby='districts-heading']").screenshot({ path: dashboard });
  await page.goto(`${url}/p/${slug}`);
  const publicPage = path.join(SCREENSHOTS, "map-public.png");
  await page.locator("figure.district-map").first().screenshot({ path: publicPage });
  await context.close();
  return [dashboard, publicPage];
});
