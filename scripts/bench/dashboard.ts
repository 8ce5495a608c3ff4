import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { MongoClient } from "mongodb";
import { ApiClient } from "../../test/helpers/api-client.js";
import { communityAnswers } from "../../test/helpers/answers.js";
import { seedDashboardData, type SeededData } from "./dashboard-seed.js";
import { FlagError, numberFlag, parseFlags, sizesFlag, switchFlag } from "./flags.js";
import {
  freshDatabaseName,
  log,
  openEngine,
  processMemory,
  startServerProcess,
  Teardown,
} from "./harness.js";
import { fixed, formatTable, verdict } from "./table.js";

/**
 * Dashboard: GET /api/v1/surveys/:id/results against the real server at two data sizes, to
 * show that reading results does not grow with the number of responses (DESIGN.md,
 * "Performance targets": p95 < 25 ms at 1,000,000 and ≤ 1.5× the time at 10,000).
 */
export const usage =
  "dashboard [--sizes 10000,1000000] [--quick] [--requests 500] [--warmup 20] [--fresh 30] [--cold [--unweighted-first]] [--json]";

const TARGETS = { p95Ms: 25, ratio: 1.5 } as const;

interface Settings {
  sizes: number[];
  requests: number;
  warmup: number;
  fresh: number;
  /** Servers start without their results warm-up, so the first read finds nothing cached. */
  cold: boolean;
  /** An unweighted read goes first, so the weighted read's own cost shows apart from the first request's. */
  unweightedFirst: boolean;
  json: boolean;
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, {
    sizes: "value",
    quick: "switch",
    requests: "value",
    warmup: "value",
    fresh: "value",
    cold: "switch",
    "unweighted-first": "switch",
    json: "switch",
  });
  const sizes = sizesFlag(flags, [10_000, 1_000_000], [10_000, 100_000]);
  if (switchFlag(flags, "unweighted-first") && !switchFlag(flags, "cold"))
    throw new FlagError("--unweighted-first needs --cold: beside the warm-up it would measure the race.");
  return {
    sizes,
    requests: numberFlag(flags, "requests", 500, { min: 10, max: 100_000, integer: true }),
    warmup: numberFlag(flags, "warmup", 20, { min: 0, max: 10_000, integer: true }),
    fresh: numberFlag(flags, "fresh", 30, { min: 0, max: 10_000, integer: true }),
    cold: switchFlag(flags, "cold"),
    unweightedFirst: switchFlag(flags, "unweighted-first"),
    json: switchFlag(flags, "json"),
  };
}

interface CaseResult {
  label: string;
  /** The first request of the case (nothing cached for it yet). */
  firstMs: number;
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Cases outside the target (reads right after a submission) are shown for information. */
  targeted: boolean;
}

interface SizeResult {
  seed: SeededData;
  cases: CaseResult[];
  rssMb: number | null;
  /** The first weighted read after the server started, beside its warm-up. */
  settleMs: number | null;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function summarize(label: string, firstMs: number, times: number[], targeted: boolean): CaseResult {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    label,
    firstMs,
    count: times.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    targeted,
  };
}

/**
 * A signed-in staff session over one kept-alive connection, on node:http rather than fetch:
 * fetch gives up on an answer after 300 s, and a first (uncached) weighted read of a large
 * survey can take longer on the embedded engine.
 */
class Session {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private cookie = "";
  constructor(private readonly baseUrl: string) {}

  private send(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; text: string; cookie?: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: "application/json" };
      if (this.cookie) headers["cookie"] = this.cookie;
      if (body) headers["content-type"] = "application/json";
      const req = http.request(new URL(path, this.baseUrl), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            cookie: res.headers["set-cookie"]?.[0]?.split(";")[0],
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  async login(email: string, password: string): Promise<void> {
    const res = await this.send("POST", "/api/v1/auth/login", JSON.stringify({ email, password }));
    if (res.status !== 200 || !res.cookie) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
    this.cookie = res.cookie;
  }

  /** One timed GET; anything but a 200 stops the run (a fast error must not look fast). */
  async timedGet(path: string): Promise<{ ms: number; n: number }> {
    const started = performance.now();
    const res = await this.send("GET", path);
    const body = JSON.parse(res.text) as { n?: unknown };
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.text}`);
    return { ms, n: Number(body.n) };
  }

  close(): void {
    this.agent.destroy();
  }
}

export async function run(args: readonly string[]): Promise<void> {
  const options = settings(args);
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const engine = await openEngine(teardown);
    log(`engine: ${engine.description}`);
    const sizes: PreparedSize[] = [];
    for (const size of options.sizes)
      sizes.push(await prepareSize(engine.uri, engine.external, size, options.cold, teardown));
    const results = await measureInterleaved(sizes, options);
    for (const result of results) log(sizeTable(result, options.cold));
    report(options, engine.description, results);
  } finally {
    await teardown.run();
  }
}

/** One size, seeded and served by its own server process, with a signed-in analyst. */
interface PreparedSize {
  size: number;
  /** The first weighted read after the server started. */
  settleMs?: number;
  seed: SeededData;
  url: string;
  pid: number;
  /** The analyst; the designer and a signed-out visitor read the protected views. */
  api: Session;
  designer: Session;
  visitor: Session;
  logTail: () => string[];
  exited: () => boolean;
}

async function prepareSize(
  uri: string,
  external: boolean,
  size: number,
  cold: boolean,
  teardown: Teardown,
): Promise<PreparedSize> {
  const database = freshDatabaseName(`cp_bench_dash_${size}`);
  const admin = { email: "admin@example.org", password: randomBytes(12).toString("base64url") };
  const client = new MongoClient(uri);
  await client.connect();
  teardown.add(`drop ${database}`, async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });
  log(`seeding ${size} responses into ${database}${external ? " (MONGODB_URI)" : ""}`);
  const seed = await seedDashboardData(uri, database, size, admin, log);
  log(
    `seeded ${size}: inserts ${fixed(seed.insertSeconds, 1)} s, rollups ${fixed(seed.rollupSeconds, 1)} s (${seed.rollups} rollups)`,
  );
  const server = await startServerProcess(uri, database, {
    SEED_DEMO: "0",
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    ...(cold ? { WARM_RESULTS_AFTER_START: "0" } : {}),
  });
  // Registered after the drop, so it runs first: the server stops before its database goes.
  teardown.add(`stop the ${size} server`, () => server.stop());
  log(`server for ${size}: ${server.url} (pid ${server.pid})`);
  const api = new Session(server.url);
  teardown.add("close the analyst's connection", async () => api.close());
  await api.login(seed.analyst.email, seed.analyst.password);
  const designer = new Session(server.url);
  teardown.add("close the designer's connection", async () => designer.close());
  await designer.login(seed.designer.email, seed.designer.password);
  const visitor = new Session(server.url);
  teardown.add("close the visitor's connection", async () => visitor.close());
  return {
    size,
    seed,
    url: server.url,
    pid: server.pid,
    api,
    designer,
    visitor,
    logTail: () => server.logTail(),
    exited: () => server.exited(),
  };
}

/** Requests per turn when the sizes take turns. */
const TURN = 25;

/**
 * Every size is measured in the same minutes: each case's requests are sent in turns of
 * `TURN`, alternating between the sizes' servers, so a change in the machine's load (this is
 * a shared 2-core machine) weighs on both sides of the ratio alike.
 */
async function measureInterleaved(sizes: PreparedSize[], options: Settings): Promise<SizeResult[]> {
  const measured = new Map<number, CaseResult[]>(sizes.map((s) => [s.size, []]));
  type Who = "api" | "designer" | "visitor";
  const caseList = (seed: SeededData): Array<[string, string, Who?]> => {
    const base = `/api/v1/surveys/${seed.surveyId}/results`;
    return [
      ["unfiltered", base],
      ["district=D1", `${base}?district=D1`],
      [`from=${seed.month.from}&to=${seed.month.to}`, `${base}?from=${seed.month.from}&to=${seed.month.to}`],
      ["weighted=true", `${base}?weighted=true`],
      // Below the analyst role every read passes the disclosure step (server/disclosure).
      ["designer: unfiltered", base, "designer"],
      ["designer: district=D1", `${base}?district=D1`, "designer"],
      ["public JSON", `/api/v1/public/agencies/${seed.agencySlug}/results`, "visitor"],
    ];
  };
  const sessionOf = (side: PreparedSize, who: Who | undefined): Session => side[who ?? "api"];
  const caseCount = caseList(sizes[0]!.seed).length;
  // Each server warms its open surveys' results after it starts (results-warmup.ts); one
  // weighted read per size waits that out, so the timed cases see a settled server. Its time
  // is what a dashboard opened right after a start would wait.
  for (const side of sizes) {
    if (options.unweightedFirst) {
      const first = await side.api.timedGet(`/api/v1/surveys/${side.seed.surveyId}/results`);
      log(
        `  ${side.size}: first (unweighted) read after start ${fixed(first.ms)} ms; the weighted read follows`,
      );
    }
    const settle = await side.api.timedGet(`/api/v1/surveys/${side.seed.surveyId}/results?weighted=true`);
    log(
      `  ${side.size}: first weighted read after start ${fixed(settle.ms)} ms (${options.cold ? "no warm-up: nothing cached" : "beside the server's warm-up"})`,
    );
    side.settleMs = settle.ms;
  }
  for (let c = 0; c < caseCount; c++) {
    const firsts = new Map<number, number>();
    const times = new Map<number, number[]>(sizes.map((s) => [s.size, []]));
    for (const side of sizes) {
      const [, path, who] = caseList(side.seed)[c]!;
      const session = sessionOf(side, who);
      const first = await session.timedGet(path);
      if (c === 0 && first.n !== side.size) throw new Error(`results show n=${first.n}, seeded ${side.size}`);
      firsts.set(side.size, first.ms);
      for (let i = 0; i < options.warmup; i++) await session.timedGet(path);
    }
    for (let done = 0; done < options.requests; done += TURN) {
      for (const side of sizes) {
        const [, path, who] = caseList(side.seed)[c]!;
        const session = sessionOf(side, who);
        const list = times.get(side.size)!;
        for (let i = done; i < Math.min(done + TURN, options.requests); i++)
          list.push((await session.timedGet(path)).ms);
      }
    }
    for (const side of sizes) {
      const label = caseList(side.seed)[c]![0];
      measured.get(side.size)!.push(summarize(label, firsts.get(side.size)!, times.get(side.size)!, true));
    }
    log(`  ${caseList(sizes[0]!.seed)[c]![0]}: measured at every size`);
  }
  const results: SizeResult[] = [];
  for (const side of sizes) {
    const cases = measured.get(side.size)!;
    if (options.fresh > 0) {
      // Informational: a failure here is reported with the server's log, and must not throw
      // away the targeted figures above.
      try {
        const base = `/api/v1/surveys/${side.seed.surveyId}/results`;
        cases.push(await afterEachSubmission(side.api, side.url, side.seed, base, options.fresh));
      } catch (error) {
        log(`after-submission phase failed: ${error instanceof Error ? error.message : String(error)}`);
        log(`server log:\n${side.logTail().join("\n")}`);
      }
    }
    if (side.exited()) throw new Error(`the server exited during the run:\n${side.logTail().join("\n")}`);
    const warnings = side.logTail();
    if (warnings.length > 0) log(`server log (last ${warnings.length} lines):\n${warnings.join("\n")}`);
    results.push({
      seed: side.seed,
      cases,
      rssMb: processMemory(side.pid)?.rssMb ?? null,
      settleMs: side.settleMs ?? null,
    });
  }
  return results;
}

/**
 * The live pattern: one response submitted, then the results read. Every read must already
 * count the new response, so it is never a cached answer; shown beside the targets, not in them.
 */
async function afterEachSubmission(
  api: Session,
  url: string,
  seed: SeededData,
  base: string,
  rounds: number,
): Promise<CaseResult> {
  const respondent = new ApiClient(url);
  const times: number[] = [];
  let expected = seed.responses;
  for (let i = 0; i < rounds; i++) {
    const stored = await respondent.post(`/api/v1/public/surveys/${seed.slug}/responses`, {
      submissionId: randomUUID(),
      language: "en",
      answers: communityAnswers(i),
    });
    if (stored.status !== 201)
      throw new Error(`submission answered ${stored.status}: ${JSON.stringify(stored.body)}`);
    expected += 1;
    const read = await api.timedGet(base);
    if (read.n !== expected)
      throw new Error(`after a submission results show n=${read.n}, expected ${expected}`);
    times.push(read.ms);
  }
  return summarize("unfiltered, right after a submission", times[0] ?? NaN, times, false);
}

/** One size's table, printed as soon as that size is measured (a 1M run takes a while). */
function sizeTable({ seed, cases, rssMb, settleMs }: SizeResult, cold: boolean): string {
  return [
    "",
    `${seed.responses.toLocaleString("en-US")} responses — seeding: inserts ${fixed(seed.insertSeconds, 1)} s, ` +
      `rollups ${fixed(seed.rollupSeconds, 1)} s (${seed.rollups} rollups); server RSS ${rssMb === null ? "n/a" : `${fixed(rssMb)} MB`}`,
    `first weighted read after the server started (${cold ? "warm-up off" : "beside its warm-up"}): ${settleMs === null ? "n/a" : `${fixed(settleMs)} ms`}`,
    formatTable(
      ["GET …/results case", "requests", "first ms", "p50 ms", "p95 ms", "p99 ms", "max ms"],
      cases.map((c) => [
        c.label,
        String(c.count),
        fixed(c.firstMs, 1),
        fixed(c.p50Ms, 1),
        fixed(c.p95Ms, 1),
        fixed(c.p99Ms, 1),
        fixed(c.maxMs, 1),
      ]),
    ),
  ].join("\n");
}

function report(options: Settings, engine: string, results: SizeResult[]): void {
  const out: string[] = [
    "",
    `Dashboard results — ${options.requests} sequential requests per case after ${options.warmup} warm-up`,
    `engine: ${engine}`,
  ];
  for (const result of results) out.push(sizeTable(result, options.cold));
  const small = results[0]!;
  const large = results.at(-1)!;
  const rows = large.cases.map((c, i) => {
    const ratio = c.p95Ms / (small.cases[i]?.p95Ms ?? NaN);
    const target = c.targeted;
    return [
      c.label,
      fixed(small.cases[i]?.p95Ms ?? NaN, 1),
      fixed(c.p95Ms, 1),
      fixed(ratio, 2),
      target ? verdict(c.p95Ms < TARGETS.p95Ms) : "(info)",
      target ? verdict(ratio <= TARGETS.ratio) : "(info)",
    ];
  });
  const sizes = `${small.seed.responses.toLocaleString("en-US")} → ${large.seed.responses.toLocaleString("en-US")}`;
  out.push(
    "",
    `p95 by size (${sizes}); targets: p95 < ${TARGETS.p95Ms} ms at the larger size, ratio ≤ ${TARGETS.ratio}`,
    formatTable(
      ["case", "p95 small", "p95 large", "ratio", `p95 < ${TARGETS.p95Ms}`, `ratio ≤ ${TARGETS.ratio}`],
      rows,
    ),
  );
  process.stdout.write(`${out.join("\n")}\n`);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ bench: "dashboard", date: new Date().toISOString(), node: process.version, requests: options.requests, sizes: results })}\n`,
    );
  }
}
