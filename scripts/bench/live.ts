import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { communityAnswers } from "../../test/helpers/answers.js";
import { numberFlag, parseFlags, switchFlag } from "./flags.js";
import { log, processMemory, startBenchServer, Teardown, type Memory } from "./harness.js";
import { fixed, formatTable, verdict } from "./table.js";
import { Audience, connectAll, percentile, signIn, sleep } from "./live-audience.js";

/**
 * Live: submit → `results` on every one of many dashboards subscribed to one survey room,
 * through the real server in its own process (see DESIGN.md, "Performance targets").
 * Latency of a `results` event = receive time − submit time of the earliest submission it is
 * the first to reflect, measured on every client.
 */
export const usage =
  "live [--clients 1000] [--interval 700] [--duration 30] [--burst-interval 200] [--burst-duration 10] [--responses 0] [--json]";

const TARGETS = { p99Ms: 200, perSecond: 2, rssMb: 150 } as const;

interface Settings {
  clients: number;
  intervalMs: number;
  durationS: number;
  burstIntervalMs: number;
  burstDurationS: number;
  json: boolean;
  /** Responses stored before the run (the dashboard benchmark's seed); 0 runs on the empty demo. */
  responses: number;
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, {
    clients: "value",
    interval: "value",
    duration: "value",
    "burst-interval": "value",
    "burst-duration": "value",
    json: "switch",
    responses: "value",
  });
  return {
    clients: numberFlag(flags, "clients", 1000, { min: 1, max: 20_000, integer: true }),
    intervalMs: numberFlag(flags, "interval", 700, { min: 10, max: 60_000 }),
    durationS: numberFlag(flags, "duration", 30, { min: 1, max: 3600 }),
    burstIntervalMs: numberFlag(flags, "burst-interval", 200, { min: 10, max: 60_000 }),
    burstDurationS: numberFlag(flags, "burst-duration", 10, { min: 0, max: 3600 }),
    json: switchFlag(flags, "json"),
    responses: numberFlag(flags, "responses", 0, { min: 0, max: 10_000_000, integer: true }),
  };
}

interface Phase {
  label: string;
  submissions: number;
  failed: number;
  seconds: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Latency to the first client of each broadcast: without the fan-in inside this one process. */
  firstP50Ms: number;
  firstP99Ms: number;
  /** The HTTP submission alone (validate, group commit, rollup delta), for comparison. */
  postP50Ms: number;
  postP99Ms: number;
  messages: number;
  perSecond: number;
  maxInOneSecond: number;
  complete: boolean;
}

async function runPhase(
  label: string,
  url: string,
  slug: string,
  intervalMs: number,
  durationS: number,
  audience: Audience,
): Promise<Phase> {
  audience.reset();
  const base = Math.max(...audience.lastN);
  const count = Math.max(1, Math.floor((durationS * 1000) / intervalMs));
  let failed = 0;
  let made = 0;
  const postMs: number[] = [];
  const started = performance.now();
  const posts: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * intervalMs;
    await sleep(Math.max(0, due - performance.now()));
    posts.push(
      (async () => {
        const sentAt = performance.now();
        // The count this submission makes is only known once stored, in order of commits:
        // at these rates each one is committed before the next is sent.
        audience.submitAt.set(base + made + 1, sentAt);
        made++;
        const response = await fetch(`${url}/api/v1/public/surveys/${slug}/responses`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            submissionId: randomUUID(),
            language: "en",
            answers: communityAnswers(base + i),
          }),
        });
        if (response.status !== 201) failed++;
        await response.arrayBuffer();
        postMs.push(performance.now() - sentAt);
      })(),
    );
  }
  await Promise.all(posts);
  const seconds = (performance.now() - started) / 1000;
  const final = base + count - failed;
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline && audience.lastN.some((n) => n < final)) await sleep(20);
  const complete = audience.lastN.every((n) => n >= final);
  await sleep(1000);
  const sorted = [...audience.latencies].sort((a, b) => a - b);
  const firstSorted = [...audience.firstSeen.values()].sort((a, b) => a - b);
  const events = audience.roomEvents;
  let maxInOneSecond = 0;
  for (let i = 0, j = 0; i < events.length; i++) {
    while (events[i]! - events[j]! >= 1000) j++;
    maxInOneSecond = Math.max(maxInOneSecond, i - j + 1);
  }
  return {
    label,
    submissions: count,
    failed,
    seconds,
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    firstP50Ms: percentile(firstSorted, 50),
    firstP99Ms: percentile(firstSorted, 99),
    postP50Ms: percentile(
      postMs.sort((a, b) => a - b),
      50,
    ),
    postP99Ms: percentile(postMs, 99),
    messages: events.length,
    // Sends per second between the first and the last message (a trailing send may come after the
    // last submission, so the submission span would overstate the rate).
    perSecond:
      events.length > 1
        ? ((events.length - 1) * 1000) / (events.at(-1)! - events[0]!)
        : events.length / seconds,
    maxInOneSecond,
    complete,
  };
}

interface Figures {
  engine: string;
  payloadBytes: number;
  connectSeconds: number;
  phases: Phase[];
  memory: { before: Memory | null; connected: Memory | null; end: Memory | null };
}

export async function run(args: readonly string[]): Promise<void> {
  const options = settings(args);
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    report(options, await measure(options, teardown));
  } finally {
    await teardown.run();
  }
}

async function measure(options: Settings, teardown: Teardown): Promise<Figures> {
  const { engine, server } = await startBenchServer(teardown, "cp_bench_live", {
    responses: options.responses,
  });
  const { cookie, survey } = await signIn(server.url, server.adminEmail, server.adminPassword);
  const audience = new Audience();
  teardown.add("close sockets", async () => audience.sockets.forEach((s) => s?.disconnect()));

  await sleep(1000);
  const before = processMemory(server.pid);
  log(`connecting ${options.clients} socket.io clients to survey ${survey.id}…`);
  const connectStarted = performance.now();
  await connectAll(server.url, cookie, survey.id, options.clients, audience);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await sleep(1000);
  const connected = processMemory(server.pid);

  const phases: Phase[] = [];
  log(`steady: one submission every ${options.intervalMs} ms for ${options.durationS} s`);
  phases.push(
    await runPhase(
      `every ${options.intervalMs} ms (leading edge: pipeline only)`,
      server.url,
      survey.slug,
      options.intervalMs,
      options.durationS,
      audience,
    ),
  );
  if (options.burstDurationS > 0) {
    log(`burst: one submission every ${options.burstIntervalMs} ms for ${options.burstDurationS} s`);
    phases.push(
      await runPhase(
        `every ${options.burstIntervalMs} ms (includes the 500 ms coalescing wait)`,
        server.url,
        survey.slug,
        options.burstIntervalMs,
        options.burstDurationS,
        audience,
      ),
    );
  }
  if (server.exited()) throw new Error(`the server exited during the run:\n${server.logTail().join("\n")}`);
  const end = processMemory(server.pid);
  const warnings = server.logTail();
  if (warnings.length > 0) log(`server log (last ${warnings.length} lines):\n${warnings.join("\n")}`);
  return {
    engine: engine.description,
    payloadBytes: audience.payloadBytes,
    connectSeconds,
    phases,
    memory: { before, connected, end },
  };
}

function report(options: Settings, f: Figures): void {
  const mb = (m: Memory | null): string => (m ? `${fixed(m.rssMb)} MB` : "n/a");
  const steady = f.phases[0]!;
  const rss = f.memory.connected?.rssMb ?? NaN;
  const rate = Math.max(...f.phases.map((p) => p.perSecond));
  const bunched = Math.max(...f.phases.map((p) => p.maxInOneSecond));
  const out = [
    "",
    `Live — ${options.clients} socket.io clients (websocket, one process) in one survey room`,
    `engine: ${f.engine}`,
    `stored responses before the run: ${options.responses || "none (the demo survey)"}`,
    `results payload: ${f.payloadBytes} bytes JSON; all clients connected and caught up in ${fixed(f.connectSeconds, 1)} s`,
    "",
    formatTable(
      [
        "submissions",
        "count",
        "failed",
        "samples",
        "p50 ms",
        "p99 ms",
        "max ms",
        "1st p50",
        "1st p99",
        "POST p50",
        "POST p99",
        "msgs/room",
        "per s",
        "max in 1 s",
        "all final",
      ],
      f.phases.map((p) => [
        p.label,
        String(p.submissions),
        String(p.failed),
        String(p.samples),
        fixed(p.p50Ms),
        fixed(p.p99Ms),
        fixed(p.maxMs),
        fixed(p.firstP50Ms),
        fixed(p.firstP99Ms),
        fixed(p.postP50Ms),
        fixed(p.postP99Ms),
        String(p.messages),
        fixed(p.perSecond, 2),
        String(p.maxInOneSecond),
        p.complete ? "yes" : "NO",
      ]),
    ),
    "",
    `server RSS: before connecting ${mb(f.memory.before)}, ${options.clients} connected ${mb(f.memory.connected)}, end ${mb(f.memory.end)} (peak ${f.memory.end ? fixed(f.memory.end.peakRssMb) : "n/a"} MB)`,
    "",
    `p99 submit→receive (steady)     ${fixed(steady.p99Ms)} ms   target < ${TARGETS.p99Ms} ms   ${verdict(steady.p99Ms < TARGETS.p99Ms)}`,
    `messages per room per second    ${fixed(rate, 2)}   target ≤ ${TARGETS.perSecond}   ${verdict(rate <= TARGETS.perSecond)}` +
      `   (most received by one client in any 1 s: ${bunched}; that includes receive-side bunching,` +
      ` the ≥ 500 ms spacing of sends is asserted in test/api/live.test.ts)`,
    `encodes per broadcast           1 per viewer class (room emit; counted in test/api/live.test.ts)   PASS`,
    `server RSS, clients connected   ${fixed(rss)} MB   target < ${TARGETS.rssMb} MB   ${verdict(rss < TARGETS.rssMb)}`,
    `every client got the final n    ${verdict(f.phases.every((p) => p.complete))}`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ bench: "live", date: new Date().toISOString(), node: process.version, options, ...f })}\n`,
    );
  }
}
