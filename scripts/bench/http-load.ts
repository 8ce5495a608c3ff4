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
  /** Requests per second over all connections; unset means as fast as the server answers. */
  overallRate?: number;
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
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
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
