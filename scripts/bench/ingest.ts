import { randomUUID } from "node:crypto";
import { MongoClient } from "mongodb";
import { loadConfig } from "../../server/platform/config.js";
import { ApiClient } from "../../test/helpers/api-client.js";
import { communityAnswers } from "../../test/helpers/answers.js";
import { numberFlag, parseFlags, switchFlag } from "./flags.js";
import {
  freshDatabaseName,
  log,
  openEngine,
  processMemory,
  startServerProcess,
  Teardown,
  type Memory,
} from "./harness.js";
import { runLoad, runPacedLoad, type LoadResult } from "./http-load.js";
import { rawInsertPhases, type RawResults } from "./raw-driver.js";
import { fixed, formatTable, verdict } from "./table.js";

/**
 * Ingest: HTTP submissions through the real server against the raw driver's insert rates,
 * all in one run on one engine, so the ratios compare like with like (see DESIGN.md,
 * "Performance targets").
 */
export const usage = "ingest [--duration 15] [--connections 32] [--warmup 2] [--batch 1000] [--json]";

const TARGETS = { vsSingle: 1.0, vsMany: 0.5, halfRateP99Ms: 50 } as const;

interface Settings {
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

interface Figures {
  engine: string;
  /** The child inherits our environment, so this is the batching it runs with. */
  groupCommit: string;
  peak: LoadResult;
  half: LoadResult & { targetRate: number };
  raw: RawResults;
  stored: number;
  acknowledged: number;
  memory: Memory | null;
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

  let acknowledged = 0;
  const created = (r: LoadResult): number => r.statusCounts["201"] ?? 0;
  if (options.warmupS > 0) {
    log(`warm-up: ${options.warmupS} s, ${options.connections} connections (not counted)`);
    acknowledged += created(await runLoad({ ...load, durationS: options.warmupS }));
  }
  log(`HTTP peak: ${options.durationS} s, ${options.connections} connections → POST ${path}`);
  const peak = await runLoad({ ...load, durationS: options.durationS });
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
  return { engine: engine.description, groupCommit, peak, half, raw, stored, acknowledged, memory };
}

/** Small ratios keep three decimals so "0.00×" never hides how far off a figure is. */
const ratio = (value: number): string => fixed(value, value < 0.1 ? 3 : 2);

function report(options: Settings, f: Figures): void {
  const { peak, half, raw } = f;
  const vsSingle = peak.okPerSecond / raw.single.docsPerSecond;
  const vsMany = peak.okPerSecond / raw.many.docsPerSecond;
  const http = (label: string, r: LoadResult): string[] => [
    label,
    String(r.ok),
    fixed(r.seconds, 1),
    fixed(r.okPerSecond, 1),
    fixed(r.p50Ms),
    fixed(r.p99Ms),
    String(r.non2xx + r.errors),
  ];
  const rawRow = (label: string, r: RawResults["single"]): string[] => [
    label,
    String(r.docs),
    fixed(r.seconds, 1),
    fixed(r.docsPerSecond, 1),
    "",
    "",
    "",
  ];
  const out = [
    "",
    `Ingest — ${options.connections} connections, ${options.durationS} s per phase`,
    `engine: ${f.engine}`,
    `server group commit: ${f.groupCommit}`,
    `raw collection indexes (copied from the real one): ${raw.indexes.join(", ")}`,
    "",
    formatTable(
      ["phase", "count", "s", "per s", "p50 ms", "p99 ms", "non-2xx/errors"],
      [
        http("HTTP submit, peak", peak),
        http(`HTTP submit, half rate (${half.targetRate}/s)`, half),
        rawRow("raw insertOne, sequential", raw.single),
        rawRow(`raw insertMany ×${options.batchSize}`, raw.many),
      ],
    ),
    "",
    `statuses: peak ${JSON.stringify(peak.statusCounts)}, half ${JSON.stringify(half.statusCounts)}; ` +
      `stored ${f.stored} responses for ${f.acknowledged} acknowledged with 201 (warm-up included)`,
    "",
    `ours / raw insertOne   ${ratio(vsSingle)}×   target ≥ ${TARGETS.vsSingle.toFixed(1)}   ${verdict(vsSingle >= TARGETS.vsSingle)}`,
    `ours / raw insertMany  ${ratio(vsMany)}×   target ≥ ${TARGETS.vsMany.toFixed(1)}   ${verdict(vsMany >= TARGETS.vsMany)}`,
    `p99 at half rate       ${fixed(half.p99Ms)} ms   target < ${TARGETS.halfRateP99Ms} ms   ${verdict(half.p99Ms < TARGETS.halfRateP99Ms)}`,
    f.memory
      ? `server RSS at end: ${fixed(f.memory.rssMb)} MB (peak ${fixed(f.memory.peakRssMb)} MB)`
      : "server RSS: not available (no /proc)",
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (options.json) {
    const summary = {
      bench: "ingest",
      date: new Date().toISOString(),
      node: process.version,
      connections: options.connections,
      durationS: options.durationS,
      groupCommit: f.groupCommit,
      peak,
      half,
      raw,
      stored: f.stored,
      acknowledged: f.acknowledged,
      ratios: { vsSingle, vsMany },
      pass: {
        vsSingle: vsSingle >= TARGETS.vsSingle,
        vsMany: vsMany >= TARGETS.vsMany,
        halfRateP99: half.p99Ms < TARGETS.halfRateP99Ms,
      },
      serverMemoryMb: f.memory,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}
