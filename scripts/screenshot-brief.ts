/**
 * Takes docs/screenshots/brief.png: the monthly brief of a community survey with two months of
 * answers, comments and open actions, as command staff (an analyst) open it.
 *
 *   npx tsx scripts/screenshot-brief.ts
 *
 * The server runs on the embedded engine in a temporary directory and Debian's Chromium draws
 * the page (server-rendered: no client build needed). The answers come from a fixed seed.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { buildBriefSurvey } from "../test/helpers/brief-data.js";
import { startScreenshotServer } from "./screenshot-server.js";
import { launchBrowser } from "../test/helpers/browser.js";
import { TEST_PASSWORD } from "../test/helpers/factories.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const FILE = path.join(ROOT, "docs", "screenshots", "brief.png");

const server = await startScreenshotServer();
const browser = await launchBrowser();
try {
  const { slug, survey } = await buildBriefSurvey(server.url);
  // The page is one screen tall at this size: the picture is the whole brief.
  const context = await browser.newContext({ viewport: { width: 820, height: 1000 } });
  // Signing in through the context's request client leaves the session cookie in the context.
  const login = await context.request.post(`${server.url}/api/v1/auth/login`, {
    data: { email: `analyst-${slug}@example.org`, password: TEST_PASSWORD },
  });
  if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
  const page = await context.newPage();
  await page.goto(`${server.url}/api/v1/surveys/${survey.id}/brief`);
  await page.getByRole("heading", { level: 2, name: "Headline indices" }).waitFor();
  await mkdir(path.dirname(FILE), { recursive: true });
  await page.screenshot({ path: FILE });
  process.stdout.write(`${path.relative(ROOT, FILE)}\n`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
