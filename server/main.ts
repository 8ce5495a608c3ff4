import { ConfigError, loadConfig } from "./platform/config.js";
import { explainStartFailure } from "./platform/start-errors.js";
import { createLogger } from "./platform/logger.js";
import { startServer } from "./server.js";

/** The process entry: config, start, and an orderly stop on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const progress = (message: string): void => void process.stderr.write(`${message}\n`);
  let server;
  try {
    server = await startServer(config, logger, {
      progress,
      onFatal: (reason) => {
        process.stderr.write(`Fatal: ${reason}\n`);
        process.exit(1);
      },
    });
  } catch (error) {
    const reason = explainStartFailure(error, config);
    if (reason) {
      process.stderr.write(`Cannot start: ${reason}\n`);
      process.exit(1);
    }
    throw error;
  }
  process.stdout.write(`listening on ${server.url}\n`);

  const shutdown = (signal: string): void => {
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      process.stderr.write("Shutdown took too long; exiting.\n");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

await main();
