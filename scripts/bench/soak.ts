import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { communityAnswers } from "../../test/helpers/answers.js";
import { numberFlag, parseFlags } from "./flags.js";
import { log, processMemory, startBenchServer, Teardown } from "./harness.js";
import { Audience, connectAll, percentile, signIn, sleep } from "./live-audience.js";
import { fixed, formatTable, verdict } from "./table.js";

/**
 * Soak: mixed traffic at a fixed rate against the real server as a child process —
 * submissions, results reads and many live dashboards at once — reporting every interval, so
 * a leak or a slow degradation shows as a trend rather than hiding in one average.
 */
export const usage =
  "soak [--duration 60] [--dashboards 500] [--rate 5] [--reads 1] [--interval 10] [--responses 0] (rates per second; --responses: stored responses seeded first)";

/** RSS may grow by less than this over the second half of the run. */
const MAX_LATE_GROWTH = 0.1;
/** Issue 14's soak target for a submission's answer, at 1M stored responses. */
const SUBMIT_P99_MS = 200;
const COLUMN = 12;
const REQUEST_TIMEOUT_MS = 30_000;

interface Settings {
  durationS: number;
  dashboards: number;
  submitRate: number;
  readRate: number;
  intervalS: number;
  /** Responses stored before the run (the dashboard benchmark's seed); 0 runs on the empty demo. */
  responses: number;
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, {
    duration: "value",
    dashboards: "value",
    rate: "value",
    reads: "value",
    interval: "value",
    responses: "value",
  });
  return {
    durationS: numberFlag(flags, "duration", 60, { min: 10, max: 3600 }),
    dashboards: numberFlag(flags, "dashboards", 500, { min: 0, max: 5000, integer: true }),
    submitRate: numberFlag(flags, "rate", 5, { min: 1, max: 5000 }),
    readRate: numberFlag(flags, "reads", 1, { min: 0, max: 5000 }),
    intervalS: numberFlag(flags, "interval", 10, { min: 1, max: 600 }),
    responses: numberFlag(flags, "responses", 0, { min: 0, max: 10_000_000, integer: true }),
  };
}

type Route = "submit" | "results";

/** Latencies and failures of one reporting interval (and, merged, of the whole run). */
class Window {
  readonly ms: Record<Route, number[]> = { submit: [], results: [] };
  readonly errors: Record<Route, number> = { submit: 0, results: 0 };
  readonly statuses = new Map<string, number>();

  record(route: Route, ms: number, ok: boolean, what: string): void {
    if (ok) this.ms[route].push(ms);
    else {
      this.errors[route]++;
      this.statuses.set(`${route} ${what}`, (this.statuses.get(`${route} ${what}`) ?? 0) + 1);
    }
  }
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);

export async function run(args: readonly string[]): Promise<void> {
  const options = settings(args);
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    await soak(options, teardown);
  } finally {
    await teardown.run();
  }
}

async function soak(options: Settings, teardown: Teardown): Promise<void> {
  const { server } = await startBenchServer(teardown, "cp_bench_soak", { responses: options.responses });
  const { cookie, survey } = await signIn(server.url, server.adminEmail, server.adminPassword);

  const audience = new Audience();
  teardown.add("close sockets", async () => audience.sockets.forEach((s) => s?.disconnect()));
  log(`connecting ${options.dashboards} live dashboards…`);
  await connectAll(server.url, cookie, survey.id, options.dashboards, audience);
  let socketDrops = 0;
  for (const socket of audience.sockets) socket.on("disconnect", () => socketDrops++);

  const submitUrl = `${server.url}/api/v1/public/surveys/${survey.slug}/responses`;
  const resultsUrl = `${server.url}/api/v1/surveys/${survey.id}/results`;
  let window = new Window();
  const total = new Window();
  const request = async (route: Route, send: () => Promise<Response>): Promise<void> => {
    const started = performance.now();
    let ok = false;
    let what = "network";
    try {
      const response = await send();
      // (send() carries a 30 s timeout: a request that never ends is an error, not a hang.)
      await response.arrayBuffer();
      ok = response.status >= 200 && response.status < 300;
      what = String(response.status);
    } catch {
      // counted as "network"
    }
    const ms = performance.now() - started;
    window.record(route, ms, ok, what);
    total.record(route, ms, ok, what);
  };
  let submitted = 0;
  const submit = (): Promise<void> =>
    request("submit", () =>
      fetch(submitUrl, {
        method: "POST",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          submissionId: randomUUID(),
          language: "en",
          answers: communityAnswers(submitted++),
        }),
      }),
    );
  const read = (): Promise<void> =>
    request("results", () =>
      fetch(resultsUrl, { headers: { cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    );

  process.stdout.write(
    `soak: ${options.durationS} s; ${options.submitRate} submissions/s, ${options.readRate} results reads/s, ` +
      `${options.dashboards} live dashboards subscribed; server pid ${server.pid}\n`,
  );
  const rows: string[][] = [];
  const rss: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const header = [
    "t s",
    "submit/s",
    "p50 ms",
    "p99 ms",
    "reads/s",
    "p50 ms",
    "p99 ms",
    "errors",
    "live msgs/s",
    "RSS MB",
  ];
  const started = performance.now();
  let windowStart = started;
  let liveEventsSeen = 0;
  let readsSent = 0;
  const tickMs = 50;
  for (let tick = 1; ; tick++) {
    const due = started + tick * tickMs;
    await sleep(Math.max(0, due - performance.now()));
    const t = Math.min(options.durationS, (performance.now() - started) / 1000);
    const over = t >= options.durationS;
    // Fixed rate: whatever is due by now is sent now, whether or not earlier requests are done.
    const submitsDue = Math.floor(t * options.submitRate) - submitted;
    for (let i = 0; i < submitsDue; i++) track(submit());
    const readsDue = Math.floor(t * options.readRate) - readsSent;
    for (let i = 0; i < readsDue; i++) {
      readsSent++;
      track(read());
    }
    if (over || performance.now() - windowStart >= options.intervalS * 1000) {
      const seconds = (performance.now() - windowStart) / 1000;
      const memory = processMemory(server.pid);
      rss.push(memory?.rssMb ?? NaN);
      const liveEvents = audience.roomEvents.length - liveEventsSeen;
      liveEventsSeen = audience.roomEvents.length;
      const s = sorted(window.ms.submit);
      const r = sorted(window.ms.results);
      const row = [
        fixed(t, 0),
        fixed(s.length / seconds, 1),
        fixed(percentile(s, 50), 1),
        fixed(percentile(s, 99), 1),
        fixed(r.length / seconds, 1),
        fixed(percentile(r, 50), 1),
        fixed(percentile(r, 99), 1),
        String(window.errors.submit + window.errors.results + socketDrops),
        fixed(liveEvents / seconds, 1),
        fixed(memory?.rssMb ?? NaN, 0),
      ];
      rows.push(row);
      // Printed as it happens (a trend is the point), in fixed-width columns.
      if (rows.length === 1) process.stdout.write(`${header.map((h) => h.padStart(COLUMN)).join("")}\n`);
      process.stdout.write(`${row.map((cell) => cell.padStart(COLUMN)).join("")}\n`);
      window = new Window();
      windowStart = performance.now();
    }
    if (over) break;
  }
  await Promise.race([Promise.all([...inFlight]), sleep(REQUEST_TIMEOUT_MS + 1000)]);
  const unfinished = inFlight.size;
  await sleep(2000);
  const finalN = await fetch(resultsUrl, { headers: { cookie } })
    .then((r) => r.json() as Promise<{ n?: number }>)
    .then((b) => b.n ?? NaN);
  const stale = audience.lastN.filter((n) => n < finalN).length;

  const s = sorted(total.ms.submit);
  const r = sorted(total.ms.results);
  const errors = total.errors.submit + total.errors.results + socketDrops + unfinished;
  const half = rss[Math.floor((rss.length - 1) / 2)] ?? NaN;
  const last = rss.at(-1) ?? NaN;
  const growth = (last - half) / half;
  process.stdout.write(
    [
      "",
      formatTable(
        ["route", "ok", "per s", "p50 ms", "p99 ms", "max ms", "errors"],
        [
          [
            "POST responses",
            String(s.length),
            fixed(s.length / options.durationS, 1),
            fixed(percentile(s, 50), 1),
            fixed(percentile(s, 99), 1),
            fixed(s.at(-1) ?? NaN, 1),
            String(total.errors.submit),
          ],
          [
            "GET results",
            String(r.length),
            fixed(r.length / options.durationS, 1),
            fixed(percentile(r, 50), 1),
            fixed(percentile(r, 99), 1),
            fixed(r.at(-1) ?? NaN, 1),
            String(total.errors.results),
          ],
        ],
      ),
      `errors by kind: ${[...total.statuses].map(([k, n]) => `${k}: ${n}`).join(", ") || "none"}; live socket drops: ${socketDrops}; requests unfinished at the end: ${unfinished}`,
      `live dashboards: ${options.dashboards}; behind the final count (n = ${finalN}) 2 s after the load: ${stale}; messages to dashboard 0: ${audience.roomEvents.length}`,
      `RSS: ${rss.map((m) => fixed(m, 0)).join(" → ")} MB; growth over the second half: ${fixed(growth * 100, 1)} %`,
      `stored responses before the run: ${options.responses || "none (the demo survey)"}`,
      `zero errors: ${verdict(errors === 0)}`,
      `p99 submit < ${SUBMIT_P99_MS} ms: ${verdict(percentile(s, 99) < SUBMIT_P99_MS)}`,
      `stable memory (growth in the last half < ${MAX_LATE_GROWTH * 100} %): ${verdict(Number.isFinite(growth) && growth < MAX_LATE_GROWTH)}`,
      "",
    ].join("\n"),
  );
  if (server.logTail().length > 0) log(`server said:\n${server.logTail().join("\n")}`);
}
