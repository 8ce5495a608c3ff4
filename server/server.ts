import type { Server as HttpServer, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { seedDemoAgency } from "./accounts/bootstrap.js";
import { seedResourceLibrary } from "./resources/resources.service.js";
import type { Config } from "./platform/config.js";
import { connectDatabase, disconnectDatabase } from "./platform/database.js";
import { connectRedis } from "./platform/redis.js";
import { ensureEngineBinary, startEngine, type RunningEngine } from "./platform/embedded-engine.js";
import type { Logger } from "./platform/logger.js";
import { isDraining, setDraining } from "./platform/readiness.js";
import { startBackground } from "./jobs/index.js";
import { warmResults } from "./analytics/results-warmup.js";
import { warmPublicResults } from "./public/public.service.js";
import { migrateToPacks, startCompactor } from "./analytics/rollups.service.js";
import { countStoredResponsesInUnitViews } from "./analytics/rollups-rebuild.js";
import { attachLive } from "./realtime/live.js";
import { configureSubmissions, drainSubmissions } from "./responses/responses.service.js";
import { repairUnsettledWrites, startWriteRepair } from "./responses/write-intents.js";
import { keyEveryLookup } from "./lookup-keys-backfill.js";
import { markSoleProcess, startHeartbeat } from "./platform/process-registry.js";

export interface RunningServer {
  url: string;
  port: number;
  engine: RunningEngine | null;
  stop(): Promise<void>;
}

interface StartOptions {
  /** Called if the embedded engine dies under us; the process should exit. */
  onFatal?: (reason: string) => void;
  /** Where first-run progress (the engine build) is shown. */
  progress?: (message: string) => void;
}

/**
 * Starts everything in order: database (embedded engine when MONGODB_URI is unset), demo
 * data on an empty database, HTTP and socket.io. `stop()` tears it down in reverse.
 */
export async function startServer(
  config: Readonly<Config>,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  // Before anything else starts, so a wrong REDIS_URL stops the start with nothing to undo.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
  let engine: RunningEngine | null = null;
  let uri = config.mongodbUri;
  if (!uri) {
    const binary = await ensureEngineBinary(
      config.engineCacheDir,
      config.ferretdbBin,
      options.progress ?? ((m) => logger.info(m)),
    );
    engine = await startEngine({
      binary,
      dataDir: config.dataDir,
      notice: options.progress ?? ((m) => logger.warn(m)),
    });
    engine.onUnexpectedExit((reason) => (options.onFatal ?? ((r) => logger.fatal(r)))(reason));
    uri = `${engine.uri}communitypulse`;
    logger.info({ dataDir: config.dataDir, pid: engine.pid }, "embedded engine started");
  }
  try {
    await connectDatabase(uri);
    // Our engine holds the data directory's lock: nothing else writes this database.
    markSoleProcess(engine !== null);
    const keyed = await keyEveryLookup();
    if (Object.values(keyed).some((n) => n > 0)) logger.info(keyed, "stored records keyed for lookup by key");
    if (config.seedDemo) await seedDemoAgency(config, logger);
    await seedResourceLibrary();
    const packed = await migrateToPacks();
    if (packed.moved > 0) logger.info(packed, "rollups stored a document each moved into packs");
    // Before the first request: results count every stored response from the start.
    const started = Date.now();
    const repaired = await repairUnsettledWrites();
    if (repaired.settled > 0) {
      logger.warn(
        { ...repaired, ms: Date.now() - started },
        "write batches a crash left unsettled were counted",
      );
    }
    const unitViewsCounted = await countStoredResponsesInUnitViews();
    if (unitViewsCounted > 0)
      logger.info({ responses: unitViewsCounted }, "stored responses counted in unit views");
  } catch (error) {
    await disconnectDatabase().catch(() => undefined);
    await engine?.stop();
    await redis?.close();
    throw error;
  }
  configureSubmissions({ maxWaitMs: config.groupCommitMaxWaitMs, maxBatch: config.groupCommitMaxBatch });
  const heartbeat = startHeartbeat((error) => logger.warn({ err: error }, "process heartbeat failed"));
  const writeRepair = startWriteRepair(
    (report) => logger.warn(report, "write batches left unsettled were counted"),
    (error) => logger.error({ err: error }, "repair of unsettled write batches failed"),
  );
  const compactor = startCompactor(config.rollupCompactIntervalMs, (error) =>
    logger.error({ err: error }, "rollup compaction failed"),
  );

  const app = createApp(config, logger);
  let httpServer: HttpServer;
  try {
    httpServer = await new Promise((resolve, reject) => {
      // Express 5 hands a listen error to this callback rather than throwing it.
      const server = app.listen(config.port, config.host, (error?: Error) =>
        error ? reject(error) : resolve(server),
      );
    });
  } catch (error) {
    // Nothing may outlive a start that failed: the engine above all (it holds the data).
    await writeRepair.stop();
    await heartbeat.stop();
    await compactor.stop();
    await disconnectDatabase();
    await engine?.stop();
    await redis?.close();
    throw error;
  }
  // The client must be the side that drops an idle kept-alive connection: when the server drops
  // it first, a request sent at that moment is reset (seen as ECONNRESET under load). Load
  // balancers keep idle connections for 60 s, so the server keeps them a little longer; draining
  // closes idle connections itself, so this does not slow a shutdown.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  setDraining(false);
  // A request arriving on a kept-alive connection while draining is served, then that
  // connection is closed rather than kept for a next request that would find no server.
  httpServer.on("request", (_req, res: ServerResponse) => {
    if (isDraining() && !res.headersSent) res.setHeader("connection", "close");
  });
  const live = attachLive(httpServer, logger);
  redis?.attach(live.io);
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  // Mail and the job worker: after the database, stopped (draining the job in hand) before it.
  const background = await startBackground(config, logger, url);
  const warmup = config.warmResultsAfterStart ? warmResults(logger, warmPublicResults) : { stop() {} };

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Readiness answers 503 at once, so a balancer sends nothing new here; then no new
      // connections, in-flight requests finish (kept-alive connections close as they go
      // idle), live sockets are dropped so their clients reconnect to another process.
      setDraining(true);
      // Not awaited: a read in hand may take seconds on a large survey; it fails quietly once
      // the database closes.
      warmup.stop();
      const backgroundStopped = background.stop();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const idleSweep = setInterval(() => httpServer.closeIdleConnections(), 50);
      live.io.disconnectSockets(true);
      // In-flight requests get until the deadline; then their connections are cut.
      const deadline = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs / 2);
      await live.close();
      await closed;
      clearTimeout(deadline);
      clearInterval(idleSweep);
      await drainSubmissions();
      await writeRepair.stop();
      await heartbeat.stop();
      await compactor.stop();
      await backgroundStopped;
      await redis?.close();
      await disconnectDatabase();
      await engine?.stop();
    })();
    return stopping;
  };
  return { url, port, engine, stop };
}
