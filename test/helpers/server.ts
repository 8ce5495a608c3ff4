import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { loadConfig, type Config } from "@server/platform/config.js";
import { withDatabaseName } from "@server/platform/database.js";
import { createLogger } from "@server/platform/logger.js";
import { startServer, type RunningServer } from "@server/server.js";

export interface TestServer extends RunningServer {
  config: Readonly<Config>;
  databaseName: string;
}

/** The engine URI the test runner started (or MONGODB_URI). */
export function testEngineUri(): string {
  const uri = process.env["TEST_MONGODB_URI"];
  if (!uri) throw new Error("TEST_MONGODB_URI is not set: run tests with `npm test`.");
  return uri;
}

/**
 * Lets a test database go once nothing uses it any more. On the runner's embedded engine it is
 * left in place, never dropped: FerretDB 1.24 drops a SQLite database by closing it and
 * deleting its file, so a query the engine is still running for a stopped server's closed
 * connection reopens the path as a new file beside the old WAL, and the engine then dies of
 * SIGBUS in `walFindFrame` (seen in CI) or cannot restart ("no such table:
 * _ferretdb_collections"). No wait makes that impossible; not dropping does, and the runner
 * deletes the engine's whole data directory at the end. On MongoDB the drop is safe and keeps
 * a shared server clean.
 */
export async function dropTestDatabase(uri: string): Promise<void> {
  if (process.env["TEST_ENGINE"] === "embedded") return;
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}

/**
 * Starts the real server on port 0 with a database of its own on the shared test engine.
 * `stop()` shuts the server down the way SIGTERM would, then drops that database.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const databaseName = `cp_test_${randomBytes(5).toString("hex")}`;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    LOG_LEVEL: "silent",
    SEED_DEMO: "0",
    MONGODB_URI: withDatabaseName(testEngineUri(), databaseName),
    LOGIN_RATE_LIMIT_PER_MINUTE: "1000",
    SUBMIT_RATE_LIMIT_PER_MINUTE: "0",
    ...env,
  });
  const server = await startServer(config, createLogger("silent"));
  return {
    ...server,
    config,
    databaseName,
    async stop() {
      await server.stop();
      await dropTestDatabase(config.mongodbUri!).catch(() => undefined);
    },
  };
}
