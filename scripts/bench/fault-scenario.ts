import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { MongoClient, ObjectId } from "mongodb";
import { freePort, startEngine, type RunningEngine } from "../../server/platform/embedded-engine.js";
import { freshDatabaseName, startServerProcess, Teardown, type ServerProcess } from "./harness.js";
import { signIn, sleep } from "./live-audience.js";
import { postResponse } from "./submit.js";

/**
 * The fault scenario, shared by `npm run bench -- fault` and test/process/faults.test.ts: one
 * engine, two app processes on it, a steady stream of submissions across both; the engine is
 * stopped for a while and started again on the same port and data, then one app process is
 * SIGKILLed. The client keeps every submission that failed and sends it again, with the same
 * submissionId, to the surviving process. At the end the database is read directly.
 */
export interface FaultOptions {
  binary: string;
  log: (message: string) => void;
  workers?: number;
  /** When, after the load starts, the engine is stopped; and for how long. */
  engineStopAtMs?: number;
  engineDownMs?: number;
  /** When, after the load starts, app process A is SIGKILLed; and when the load ends. */
  killAtMs?: number;
  loadMs?: number;
}

export interface FaultTally {
  sent: number;
  /** Distinct submissions acknowledged (2xx) on their first try. */
  acknowledgedFirstTry: number;
  /** Distinct submissions whose first try failed, by how: "503", "network", other statuses. */
  failedByKind: Record<string, number>;
  failedThenRetried: number;
  /** Failed submissions still not acknowledged when the retry deadline passed. */
  retryGaveUp: number;
  /** Answers with a 5xx other than 503 (must be none). */
  serverErrors: number;
  /**
   * What the answering app process logged about them ("request failed" lines name the error),
   * taken from its log tail as each happened: the error a 500 came from is otherwise lost.
   */
  serverErrorLogs: string[];
  /** Slowest and median 503 during the outage: a refusal must be quick, not a hang. */
  unavailableMaxMs: number;
  unavailableP50Ms: number;
  stored: number;
  /** Acknowledged submissions missing from the database, or stored more than once. */
  acknowledgedMissing: number;
  storedMoreThanOnce: number;
  /** Stored documents whose submissionId the client never sent (must be none). */
  storedUnknown: number;
  /** Responses counted by the results endpoint (rollups), to compare with `stored`. */
  resultsN: number;
  readyzDuringOutage: string;
  healthzDuringOutage: number;
  /** From the engine's restart to the next acknowledged first try, in seconds. */
  recoverySeconds: number;
  survivorAlive: boolean;
  seconds: number;
}

type Outcome = { ok: true; status: number } | { ok: false; kind: string; status: number | null };

async function post(url: string, slug: string, submissionId: string, i: number): Promise<Outcome> {
  const outcome = await postResponse(url, slug, submissionId, i);
  if (!outcome) return { ok: false, kind: "network", status: null };
  if (outcome.status >= 200 && outcome.status < 300) return { ok: true, status: outcome.status };
  return { ok: false, kind: String(outcome.status), status: outcome.status };
}

/** An app process's logged errors (LOG_LEVEL=error: every line it prints is one). */
const errorLines = (app: ServerProcess): string[] =>
  app.logTail().filter((line) => /request failed|"level":\s*(50|60)/.test(line));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
};

export async function runFaultScenario(options: FaultOptions): Promise<FaultTally> {
  const log = options.log;
  const workers = options.workers ?? 6;
  const stopAt = options.engineStopAtMs ?? 3000;
  const downMs = options.engineDownMs ?? 5000;
  const killAt = options.killAtMs ?? stopAt + downMs + 3000;
  const loadMs = options.loadMs ?? killAt + 4000;
  const teardown = new Teardown();
  try {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-fault-engine-"));
    teardown.add("remove engine data", () => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    let engine: RunningEngine = await startEngine({ binary: options.binary, dataDir, port });
    teardown.add("stop engine", () => engine.stop());
    const baseUri = `mongodb://127.0.0.1:${port}/`;
    const databaseName = freshDatabaseName("cp_fault");

    // One after the other: the second must find the first one's demo data, not seed its own.
    const a = await startServerProcess(baseUri, databaseName, { LOG_LEVEL: "error" });
    teardown.add("stop app A", () => a.stop());
    const b = await startServerProcess(baseUri, databaseName, { LOG_LEVEL: "error" });
    teardown.add("stop app B", () => b.stop());
    log(`engine pid ${engine.pid} on port ${port}; app A ${a.url} (pid ${a.pid}), B ${b.url} (pid ${b.pid})`);
    const { cookie, survey } = await signIn(a.url, a.adminEmail, a.adminPassword);

    const alive: ServerProcess[] = [a, b];
    const attempted = new Map<string, number>();
    const acknowledged = new Set<string>();
    const failed = new Map<string, string>();
    const unavailableMs: number[] = [];
    let serverErrors = 0;
    const serverErrorLogs = new Set<string>();
    let slowest = 0;
    let sent = 0;
    let engineBackAt = Infinity;
    let recoveredAt = Infinity;
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;

    const worker = async (w: number): Promise<void> => {
      for (let n = 0; elapsed() < loadMs; n++) {
        const target = alive[(w + n) % alive.length]!;
        const submissionId = randomUUID();
        const i = sent++;
        attempted.set(submissionId, i);
        const t0 = performance.now();
        const outcome = await post(target.url, survey.slug, submissionId, i);
        const took = performance.now() - t0;
        if (took > slowest) slowest = took;
        if (outcome.ok) {
          acknowledged.add(submissionId);
          if (performance.now() > engineBackAt && recoveredAt === Infinity) recoveredAt = performance.now();
        } else {
          failed.set(submissionId, outcome.kind);
          if (outcome.status === 503) unavailableMs.push(performance.now() - t0);
          else if (outcome.status !== null && outcome.status >= 500) {
            serverErrors++;
            // The log line and the answer travel on different pipes: let the line arrive.
            await sleep(100);
            for (const line of errorLines(target)) serverErrorLogs.add(line);
          }
        }
        await sleep(20);
      }
    };

    const faults = (async () => {
      await sleep(stopAt);
      log(`${(elapsed() / 1000).toFixed(1)} s: stopping the engine for ${downMs / 1000} s`);
      await engine.stop();
      const stoppedAt = elapsed();
      log(`${(stoppedAt / 1000).toFixed(1)} s: engine stopped`);
      // Probe once the apps' readiness cache (1 s) and their heartbeat have seen the outage.
      await sleep(Math.min(2500, downMs - 500));
      const readyz = await fetch(`${b.url}/readyz`).then(async (r) => `${r.status} ${await r.text()}`);
      const healthz = (await fetch(`${a.url}/healthz`)).status;
      await sleep(Math.max(0, downMs - (elapsed() - stoppedAt)));
      engine = await startEngine({ binary: options.binary, dataDir, port });
      engineBackAt = performance.now();
      log(`${(elapsed() / 1000).toFixed(1)} s: engine started again (pid ${engine.pid})`);
      await sleep(Math.max(0, killAt - elapsed()));
      log(`${(elapsed() / 1000).toFixed(1)} s: SIGKILL to app A (pid ${a.pid})`);
      alive.splice(alive.indexOf(a), 1);
      process.kill(a.pid, "SIGKILL");
      return { readyz, healthz };
    })();

    const [probes] = await Promise.all([faults, ...Array.from({ length: workers }, (_, w) => worker(w))]);
    log(`slowest first try: ${slowest.toFixed(0)} ms`);
    log(`${(elapsed() / 1000).toFixed(1)} s: load over; retrying ${failed.size} failed submissions on B`);

    // The client keeps what failed and sends it again, same submissionId, to the survivor.
    const retryDeadline = performance.now() + 30_000;
    let pending = [...failed.keys()];
    while (pending.length > 0 && performance.now() < retryDeadline) {
      const next: string[] = [];
      for (const submissionId of pending) {
        const outcome = await post(b.url, survey.slug, submissionId, attempted.get(submissionId)!);
        if (outcome.ok) acknowledged.add(submissionId);
        else next.push(submissionId);
      }
      pending = next;
      if (pending.length > 0) await sleep(500);
    }

    const client = new MongoClient(`${baseUri}${databaseName}`, { serverSelectionTimeoutMS: 10_000 });
    const counts = new Map<string, number>();
    try {
      const rows = client
        .db(databaseName)
        .collection<{ submissionId: string }>("responses")
        .find({ survey: new ObjectId(survey.id) }, { projection: { submissionId: 1 } });
      for await (const row of rows) counts.set(row.submissionId, (counts.get(row.submissionId) ?? 0) + 1);
    } finally {
      await client.close();
    }
    // The survivor settles batches left unsettled (its own and the killed process's) within a
    // few seconds: give it that long.
    const storedTotal = [...counts.values()].reduce((sum, c) => sum + c, 0);
    let resultsN = NaN;
    for (const settleBy = performance.now() + 5000; ;) {
      const results = await fetch(`${b.url}/api/v1/surveys/${survey.id}/results`, { headers: { cookie } });
      resultsN = ((await results.json()) as { n?: number }).n ?? NaN;
      if (resultsN === storedTotal || performance.now() > settleBy) break;
      await sleep(500);
    }

    const failedByKind: Record<string, number> = {};
    for (const kind of failed.values()) failedByKind[kind] = (failedByKind[kind] ?? 0) + 1;
    return {
      sent,
      acknowledgedFirstTry: [...acknowledged].filter((id) => !failed.has(id)).length,
      failedByKind,
      failedThenRetried: [...failed.keys()].filter((id) => acknowledged.has(id)).length,
      retryGaveUp: pending.length,
      serverErrors,
      serverErrorLogs: [...serverErrorLogs],
      unavailableMaxMs: unavailableMs.length ? Math.max(...unavailableMs) : NaN,
      unavailableP50Ms: median(unavailableMs),
      stored: storedTotal,
      acknowledgedMissing: [...acknowledged].filter((id) => !counts.has(id)).length,
      storedMoreThanOnce: [...counts.values()].filter((c) => c > 1).length,
      storedUnknown: [...counts.keys()].filter((id) => !attempted.has(id)).length,
      resultsN,
      readyzDuringOutage: probes.readyz,
      healthzDuringOutage: probes.healthz,
      recoverySeconds: (recoveredAt - engineBackAt) / 1000,
      survivorAlive: !b.exited(),
      seconds: elapsed() / 1000,
    };
  } finally {
    await teardown.run();
  }
}

/** The tally as printed by the bench and the test. */
export function formatTally(t: FaultTally): string {
  const failed = Object.entries(t.failedByKind)
    .map(([kind, n]) => `${kind}: ${n}`)
    .join(", ");
  return [
    `submissions sent: ${t.sent} in ${t.seconds.toFixed(1)} s (2 app processes, then 1)`,
    `acknowledged on first try: ${t.acknowledgedFirstTry}`,
    `failed, then retried with the same submissionId: ${t.failedThenRetried} (${failed || "none"}); gave up: ${t.retryGaveUp}`,
    `stored: ${t.stored}; acknowledged but missing: ${t.acknowledgedMissing}; stored more than once: ${t.storedMoreThanOnce}; unknown: ${t.storedUnknown}`,
    `results n (rollups): ${t.resultsN}`,
    `5xx other than 503: ${t.serverErrors}${t.serverErrorLogs.map((line) => `\n  app log: ${line}`).join("")}`,
    `503 answered in p50 ${t.unavailableP50Ms.toFixed(0)} ms, max ${t.unavailableMaxMs.toFixed(0)} ms`,
    `during the outage: /readyz ${t.readyzDuringOutage}; /healthz ${t.healthzDuringOutage}`,
    `recovery: first acknowledged submission ${t.recoverySeconds.toFixed(1)} s after the engine was back; survivor still up: ${t.survivorAlive}`,
  ].join("\n");
}
