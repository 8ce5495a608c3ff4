import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { loadConfig } from "../server/platform/config.js";
import { createLogger } from "../server/platform/logger.js";
import { startServer } from "../server/server.js";
import { launchBrowser } from "../test/helpers/browser.js";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Where the README's screenshots live. */
export const SCREENSHOTS = path.join(ROOT, "docs", "screenshots");

/**
 * The server the screenshot scripts draw from: the embedded engine in a temporary directory
 * (nothing of a real database is touched), no demo agency, silent; `stop` removes the data.
 */
export async function startScreenshotServer(): Promise<{ url: string; stop: () => Promise<void> }> {
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
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `take` against a screenshot server with Debian's Chromium, then removes both and
 * prints the files written. Exits when the pages are not built, since the pictures would
 * show nothing.
 */
export async function withScreenshotServer(
  take: (url: string, browser: Browser) => Promise<string[]>,
): Promise<void> {
  if (!existsSync(path.join(ROOT, "dist", "client", "index.html"))) {
    process.stderr.write("Build the pages first: npm run build:client\n");
    process.exit(1);
  }
  const server = await startScreenshotServer();
  const browser = await launchBrowser();
  try {
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const file of await take(server.url, browser))
      process.stdout.write(`${path.relative(ROOT, file)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}
