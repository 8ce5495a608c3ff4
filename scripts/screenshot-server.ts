import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../server/platform/config.js";
import { createLogger } from "../server/platform/logger.js";
import { startServer } from "../server/server.js";

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
