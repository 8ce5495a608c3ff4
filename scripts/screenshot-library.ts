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
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/platform/config.js";
import { createLogger } from "../server/platform/logger.js";
import { startServer } from "../server/server.js";
import { launchBrowser } from "../test/helpers/browser.js";
import { buildAgency } from "../test/helpers/factories.js";
import { signedInPage } from "../test/helpers/staff-page.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "docs", "screenshots");

if (!existsSync(path.join(ROOT, "dist", "client", "index.html"))) {
  process.stderr.write("Build the pages first: npm run build:client\n");
  process.exit(1);
}
const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-screenshots-"));
const config = loadConfig({
  PORT: "0",
  DATA_DIR: dataDir,
  SEED_DEMO: "0",
  LOG_LEVEL: "silent",
  ...(process.env["FERRETDB_BIN"] ? { FERRETDB_BIN: process.env["FERRETDB_BIN"] } : {}),
  ...(process.env["ENGINE_CACHE_DIR"] ? { ENGINE_CACHE_DIR: process.env["ENGINE_CACHE_DIR"] } : {}),
});
const server = await startServer(config, createLogger("silent"));
const browser = await launchBrowser();
try {
  const { clients, slug } = await buildAgency(server.url, ["admin"]);
  await clients.admin.post("/api/v1/resources", {
    category: "New Resources",
    title: "Coffee with a Cop, first Thursday of the month",
    summary: "Residents and district officers meet over coffee to talk about what worries them.",
    themes: ["procedural_justice.voice", "trust"],
    url: "https://example.org/coffee-with-a-cop",
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page } = await signedInPage(context, server.url, `admin-${slug}@example.org`);
  await page.goto(`${server.url}/app/#/library`);
  await page.locator("#library-count", { hasText: "Showing all" }).waitFor();
  await mkdir(OUT, { recursive: true });
  const file = path.join(OUT, "library.png");
  await page.screenshot({ path: file });
  process.stdout.write(`${path.relative(ROOT, file)}\n`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
