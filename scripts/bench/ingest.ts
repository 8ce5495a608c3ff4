import { randomUUID } from "node:crypto";
import { MongoClient } from "mongodb";
import { loadConfig } from "../../server/platform/config.js";
import { ApiClient } from "../../test/helpers/api-client.js";
import { communityAnswers } from "../../test/helpers/answers.js";
import { startCpuSample } from "./cpu-time.js";
import { numberFlag, parseFlags, switchFlag } from "./flags.js";
import {
  freshDatabaseName,
  log,
  openEngine,
  processMemory,
  startServerProcess,
  Teardown,
} from "./harness.js";
import { startCeilingProcess } from "./http-ceiling.js";
import { runLoad, runPacedLoad, type LoadResult } from "./http-load.js";
import { rawInsertPhases } from "./raw-driver.js";
import { report, type Figures } from "./ingest-report.js";

/**
 * Ingest: HTTP submissions through the real server against the raw driver's insert rates and
 * against a bare Express endpoint's rate (the HTTP ceiling), all in one run on one engine, so
 * the ratios compare like with like (see DESIGN.md, "Performance targets"). CPU time per
 * process during the two peak phases says where the rest of the cost lies.
 */
export const usage = "ingest [--duration 15] [--connections 32] [--warmup 2] [--batch 1000] [--json]";

export interface Settings {
  durationS: number;
  connections: number;
  warmupS: number;
  batchSize: number;
  json: boolean;
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, {
    duration: "value",
    connections: "value",
    warmup: "value",
    batch: "value",
    json: "switch",
  });
  return {
    durationS: numberFlag(flags, "duration", 15, { min: 1, max: 3600 }),
    connections: numberFlag(flags, "connections", 32, { min: 1, max: 10_000, integer: true }),
    warmupS: numberFlag(flags, "warmup", 2, { min: 0, max: 600 }),
    batchSize: numberFlag(flags, "batch", 1000, { min: 1, max: 100_000, integer: true }),
    json: switchFlag(flags, "json"),
  };
}

/** Signs in as the seeded admin and finds the demo community-trust survey's public slug. */
async function communityTrustSlug(url: string, email: string, password: string): Promise<string> {
  const api = new ApiClient(url);
  const login = await api.login(email, password);
  if (login.status !== 200)
    throw new Error(`admin sign-in failed: ${login.status} ${JSON.stringify(login.body)}`);
  const list = await api.get<{ surveys: Array<{ slug: string; template: string | null; status: string }> }>(
    "/api/v1/surveys",
  );
  const survey = list.body.surveys?.find((s) => s.template === "community-trust" && s.status === "open");
  if (!survey)
    throw new Error(`no open community-trust survey in the demo agency (GET /surveys: ${list.status})`);
  return survey.slug;
}

export async function run(args: readonly string[]): Promise<void> {
  const options = settings(args);
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const figures = await measure(options, teardown);
    report(options, figures);
  } finally {
    await teardown.run();
  }
}

async function measure(options: Settings, teardown: Teardown): Promise<Figures> {
  const engine = await openEngine(teardown);
  log(`engine: ${engine.description}`);
  const serverDb = freshDatabaseName("cp_bench");
  const rawDb = freshDatabaseName("cp_bench_raw");
  const client = new MongoClient(engine.uri);
  await client.connect();
  teardown.add("close driver", () => client.close());
  if (engine.external) {
    teardown.add("drop bench databases", async () => {
      await client.db(serverDb).dropDatabase();
      await client.db(rawDb).dropDatabase();
    });
  }

  const server = await startServerProcess(engine.uri, serverDb);
  teardown.add("stop server", () => server.stop());
  log(`server: ${server.url} (pid ${server.pid}, database ${serverDb})`);
  const slug = await communityTrustSlug(server.url, server.adminEmail, server.adminPassword);
  const path = `/api/v1/public/surveys/${slug}/responses`;

  let i = 0;
  const body = (): string =>
    JSON.stringify({ submissionId: randomUUID(), language: "en", answers: communityAnswers(i++) });
  const load = { url: server.url, path, connections: options.connections, body };
  const checkAlive = (): void => {
    if (server.exited()) throw new Error(`the server exited during the run:\n${server.logTail().join("\n")}`);
  };

  const warmUp = async (url: string): Promise<LoadResult | null> => {
    if (options.warmupS === 0) return null;
    log(`warm-up of ${url}: ${options.warmupS} s, ${options.connections} connections (not counted)`);
    return runLoad({ ...load, url, durationS: options.warmupS });
  };

  // The ceiling goes first, while our server is idle: after a burst ours goes on compacting
  // rollups for a while, which would take CPU from the ceiling on a small machine. Our
  // server's CPU time in that phase is kept to show it was idle.
  const ceilingServer = await startCeilingProcess();
  teardown.add("stop HTTP ceiling server", () => ceilingServer.stop());
  log(`HTTP ceiling server: ${ceilingServer.url} (pid ${ceilingServer.pid})`);
  await warmUp(ceilingServer.url);
  log(`HTTP ceiling: ${options.durationS} s, ${options.connections} connections → POST ${path}`);
  const ceilingCpu = startCpuSample(
    { server: ceilingServer.pid, engine: engine.pid, idleAppServer: server.pid },
    "loadGenerator",
  );
  const ceiling = await runLoad({ ...load, url: ceilingServer.url, durationS: options.durationS });
  const ceilingSplit = ceilingCpu();
  if (ceilingServer.exited())
    throw new Error(`the HTTP ceiling server exited:\n${ceilingServer.logTail().join("\n")}`);
  await ceilingServer.stop();
  checkAlive();
  if (ceiling.ok === 0)
    throw new Error(`no ceiling request succeeded: ${JSON.stringify(ceiling.statusCounts)}`);

  let acknowledged = 0;
  const created = (r: LoadResult | null): number => r?.statusCounts["201"] ?? 0;
  acknowledged += created(await warmUp(server.url));
  log(`HTTP peak: ${options.durationS} s, ${options.connections} connections → POST ${path}`);
  const peakCpu = startCpuSample({ server: server.pid, engine: engine.pid }, "loadGenerator");
  const peak = await runLoad({ ...load, durationS: options.durationS });
  const peakSplit = peakCpu();
  checkAlive();
  if (peak.ok === 0) throw new Error(`no request succeeded: ${JSON.stringify(peak.statusCounts)}`);
  const targetRate = Math.max(1, Math.round(peak.okPerSecond / 2));
  log(`HTTP half rate: ${targetRate}/s for ${options.durationS} s`);
  const half = {
    ...(await runPacedLoad({ ...load, durationS: options.durationS, rate: targetRate })),
    targetRate,
  };
  checkAlive();

  // Every 201 must be a stored document, or the throughput figure would be a lie. Requests
  // still in flight when autocannon stops may be stored unseen, so stored ≥ acknowledged.
  acknowledged += created(peak) + created(half);
  const stored = await client.db(serverDb).collection("responses").countDocuments({});
  if (stored < acknowledged) throw new Error(`only ${stored} responses stored, ${acknowledged} acknowledged`);

  log(
    `raw driver: insertOne for ${options.durationS} s, then insertMany ×${options.batchSize} for ${options.durationS} s`,
  );
  const raw = await rawInsertPhases(client, {
    serverDb,
    rawDb,
    durationS: options.durationS,
    batchSize: options.batchSize,
  });
  checkAlive();
  const memory = processMemory(server.pid);
  const warnings = server.logTail();
  if (warnings.length > 0) log(`server log (last ${warnings.length} lines):\n${warnings.join("\n")}`);
  const { groupCommitMaxWaitMs: wait, groupCommitMaxBatch: batch } = loadConfig();
  const groupCommit = `wait ${wait} ms, max batch ${batch}`;
  return {
    engine: engine.description,
    groupCommit,
    peak,
    half,
    ceiling,
    cpu: { peak: peakSplit, ceiling: ceilingSplit },
    raw,
    stored,
    acknowledged,
    memory,
  };
}
