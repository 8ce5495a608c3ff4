/**
 * Takes docs/screenshots/library.png: the resource library screen as an agency admin sees it,
 * with one local programme added and one library entry given the agency's link. Viewport only
 * (1280 × 900), so the picture stays small.
 *
 *   npm run build:client && npx tsx scripts/screenshot-library.ts
 *
 * The server runs on the embedded engine in a temporary directory (nothing of a real database
 * is touched) and Debian's Chromium draws the page.
 */
import path from "node:path";
import { buildAgency } from "../test/helpers/factories.js";
import { signedInPage } from "../test/helpers/staff-page.js";
import { SCREENSHOTS, withScreenshotServer } from "./screenshot-server.js";

await withScreenshotServer(async (url, browser) => {
  const { clients, slug } = await buildAgency(url, ["admin"]);
  await clients.admin.post("/api/v1/resources", {
    category: "New Resources",
    title: "Coffee with a Cop, first Thursday of the month",
    summary: "Residents and district officers meet over coffee to talk about what worries them.",
    themes: ["procedural_justice.voice", "trust"],
    url: "https://example.org/coffee-with-a-cop",
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page } = await signedInPage(context, url, `admin-${slug}@example.org`);
  await page.goto(`${url}/app/#/library`);
  await page.locator("#library-count", { hasText: "Showing all" }).waitFor();
  const file = path.join(SCREENSHOTS, "library.png");
  await page.screenshot({ path: file });
  await context.close();
  return [file];
});
