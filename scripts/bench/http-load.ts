import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";

/**
 * One autocannon run reduced to the figures the reports use. Only 2xx answers count towards
 * throughput: a server that fails fast must not look fast.
 */
export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  durationS: number;
  /** Builds each request's JSON body, so every request can differ (fresh idempotency keys). */
  body: () => string;
}

export interface LoadResult {
  seconds: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  okPerSecond: number;
  /** Latencies of answered requests only: requests still in flight at the end are not counted. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCounts: Record<string, number>;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: options.path,
        headers: { "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: options.body() }),
      },
    ],
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCounts[status] = stats.count ?? 0;
  }
  // With nothing answered autocannon reports 0 ms latencies; NaN keeps that from passing a target.
  const answered = result["2xx"] + result.non2xx > 0;
  return {
    seconds: result.duration,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    okPerSecond: result["2xx"] / result.duration,
    p50Ms: answered ? result.latency.p50 : NaN,
    p99Ms: answered ? result.latency.p99 : NaN,
    maxMs: answered ? result.latency.max : NaN,
    statusCounts,
  };
}

/**
 * An open-loop load at a steady rate: request k is due at k / rate seconds and is sent then,
 * whether or not earlier ones were answered, over at most `connections` keep-alive sockets.
 * Latency runs from the moment a request was due, so time spent waiting for a free socket
 * counts too. (autocannon's own rate limit spends each connection's quota for the second
 * back to back as soon as the second starts, which is peak load in bursts, not a steady rate.)
 */
export async function runPacedLoad(options: LoadOptions & { rate: number }): Promise<LoadResult> {
  const target = new URL(options.path, options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(options.rate * options.durationS);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let settled = 0;
  let allSettled: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const settle = (): void => {
    if (++settled === total) allSettled();
  };
  const send = (dueAt: number): void => {
    const body = options.body();
    // A request ends once: answered, or failed on either side of the exchange.
    let ended = false;
    const end = (record: () => void): void => {
      if (ended) return;
      ended = true;
      record();
      settle();
    };
    const failed = (): void => end(() => (errors += 1));
    const outgoing = request(
      target,
      {
        method: "POST",
        agent,
        timeout: 30_000,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on("error", failed);
        response.on("end", () =>
          end(() => {
            const status = response.statusCode ?? 0;
            statusCounts[status] = (statusCounts[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              ok += 1;
              latencies.push(performance.now() - dueAt);
            } else non2xx += 1;
          }),
        );
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("timed out")));
    outgoing.on("error", failed);
    outgoing.on("close", () => {
      // Closed with neither an answer nor an error (the server went away mid-answer).
      if (!ended) failed();
    });
    outgoing.end(body);
  };
  const started = performance.now();
  const intervalMs = 1000 / options.rate;
  await new Promise<void>((resolve) => {
    const ticker = setInterval(() => {
      const now = performance.now();
      while (sent < total && started + sent * intervalMs <= now) send(started + sent++ * intervalMs);
      if (sent === total) {
        clearInterval(ticker);
        resolve();
      }
    }, 1);
  });
  if (total > 0) await done;
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number): number =>
    latencies.length === 0
      ? NaN
      : latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
  return {
    seconds,
    ok,
    non2xx,
    errors,
    okPerSecond: ok / options.durationS,
    p50Ms: Math.round(percentile(0.5)),
    p99Ms: Math.round(percentile(0.99)),
    maxMs: Math.round(latencies.at(-1) ?? NaN),
    statusCounts,
  };
}
