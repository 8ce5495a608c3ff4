import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { isAlive, runScript, within } from "../../test/helpers/process.js";
import { buildServer } from "../build-server.js";
import { loadUntilKilled, resendAll } from "./crash-clients.js";
import { enginePort, enginesOn, isEngineOf, lockedEnginePid, storedRows, total } from "./crash-probes.js";
import { Teardown } from "./harness.js";
import { signIn, sleep } from "./live-audience.js";
import { seededRandom } from "../../test/helpers/random.js";

/**
 * The crash scenario of issue 13 ("counts equal stored responses, always, without an
 * operator"), shared by `npm run bench -- crash` and test/process/crash-recovery.test.ts.
 *
 * One server on one DATA_DIR for the whole run, as an operator runs it. Each round streams
 * submissions from many clients, SIGKILLs the server, its engine or both at a random moment,
 * starts the server again on the same directory, resends every submission that was not
 * acknowledged (same submissionId), and compares the rows stored with the results' n. Only
 * the HTTP API, the lock file and /proc are used, so the scenario judges any implementation.
 */
export type CrashTarget = "server" | "engine" | "both";
const TARGETS: readonly CrashTarget[] = ["server", "engine", "both"];

export interface CrashOptions {
  binary: string;
  rounds: number;
  clients: number;
  /** Chooses the kill moments; printed so a run's schedule can be repeated. */
  seed: number;
  log: (message: string) => void;
  /** The kill lands this long after the round's load starts, uniformly at random. */
  killWindowMs?: readonly [number, number];
  /** How long n may take to agree with the stored rows (compaction, a repair at start). */
  settleMs?: number;
  onRound?: (round: RoundResult) => void;
}

export interface RoundResult {
  round: number;
  target: CrashTarget;
  killAtMs: number;
  sent: number;
  acknowledged: number;
  resent: number;
  /** Resends answered "duplicate": stored before the crash, but never acknowledged. */
  resentAlreadyStored: number;
  rows: number;
  n: number;
  /** Rows every round so far should have left: |acknowledged ∪ resent|, summed. */
  expected: number;
  /** rows − n that this round added to what earlier rounds left. */
  newlyUncounted: number;
  /** From the restart until n equalled the rows (before any resend); null if it never did. */
  repairMs: number | null;
  startMs: number;
  problems: string[];
}

/** Polls `done` until it holds or `timeoutMs` passes; says which. */
async function until(timeoutMs: number, done: () => Promise<boolean>): Promise<boolean> {
  for (const deadline = performance.now() + timeoutMs; ; await sleep(200)) {
    if (await done()) return true;
    if (performance.now() > deadline) return false;
  }
}

/** Plays every round on one data directory; resolves with each round's figures. */
export async function runCrashScenario(options: CrashOptions): Promise<RoundResult[]> {
  const { log, clients } = options;
  const [killFrom, killTo] = options.killWindowMs ?? [200, 1500];
  const settleMs = options.settleMs ?? 15_000;
  const next = seededRandom(options.seed);
  const teardown = new Teardown();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-crash-"));
  teardown.add("remove data", () => rm(dataDir, { recursive: true, force: true }));
  // Whatever a failed round left on our own directory: nothing else runs on it.
  teardown.add("stop engines", async () => enginesOn(dataDir).forEach((pid) => process.kill(pid, "SIGKILL")));
  const password = randomBytes(12).toString("base64url");
  const email = "admin@example.org";
  const bundle = await buildServer();
  const env = {
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "warn",
    SEED_DEMO: "1",
    BOOTSTRAP_ADMIN_EMAIL: email,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    SUBMIT_RATE_LIMIT_PER_MINUTE: "0",
    FERRETDB_BIN: options.binary,
  };

  let server = runScript(bundle, [], env);
  teardown.add("stop server", async () => {
    if (!isAlive(server.child.pid!)) return;
    server.child.kill("SIGTERM");
    await within(15_000, server.exited, "server stop").catch(() => server.child.kill("SIGKILL"));
  });
  const start = async (): Promise<string> => {
    server = runScript(bundle, [], env);
    return within(60_000, server.ready, "server start");
  };

  try {
    let url = await within(60_000, server.ready, "first start");
    const signedIn = await signIn(url, email, password);
    const survey = signedIn.survey;
    let cookie = signedIn.cookie;
    const resultsN = async (): Promise<number> => {
      let response = await fetch(`${url}/api/v1/surveys/${survey.id}/results`, { headers: { cookie } });
      if (response.status === 401) {
        ({ cookie } = await signIn(url, email, password));
        response = await fetch(`${url}/api/v1/surveys/${survey.id}/results`, { headers: { cookie } });
      }
      const body = (await response.json()) as { n?: number };
      if (typeof body.n !== "number") throw new Error(`results answered ${response.status} without n`);
      return body.n;
    };
    const rowsNow = async (): Promise<Map<string, number>> => {
      const engine = lockedEnginePid(dataDir);
      const port = engine === null ? null : enginePort(engine);
      if (port === null) throw new Error(`no engine port: lock file names engine ${engine}`);
      return storedRows(port, survey.id);
    };

    // Every submissionId ever sent (each must end up stored), with its answers' index.
    const everSent = new Map<string, number>();
    const everAcknowledged = new Set<string>();
    const baseline = await rowsNow();
    let expected = total(baseline);
    let carried = total(baseline) - (await resultsN());
    const results: RoundResult[] = [];

    for (let round = 1; round <= options.rounds; round++) {
      const target = TARGETS[(round - 1) % TARGETS.length]!;
      const killAtMs = Math.round(killFrom + next() * (killTo - killFrom));
      const killProblems: string[] = [];

      const kill = (): void => {
        const engine = lockedEnginePid(dataDir);
        if (target !== "server") {
          if (engine !== null && isEngineOf(engine, dataDir)) process.kill(engine, "SIGKILL");
          else killProblems.push(`no live engine in the lock file to kill (it names ${engine})`);
        }
        if (target !== "engine") process.kill(server.child.pid!, "SIGKILL");
      };
      const { sent, acked } = await loadUntilKilled(url, survey.slug, clients, killAtMs, kill, (id) => {
        everSent.set(id, everSent.size);
        return everSent.size - 1;
      });
      // A server whose engine was killed is expected to exit on its own; one that does not is
      // stopped, so the round still restarts on the directory as the others do.
      await within(15_000, server.exited, "exit").catch(async () => {
        killProblems.push("the server was still running 15 s after its engine was killed");
        server.child.kill("SIGKILL");
        await server.exited;
      });

      const restartedAt = performance.now();
      url = await start();
      const startMs = performance.now() - restartedAt;
      const repaired = await until(settleMs, async () => total(await rowsNow()) === (await resultsN()));
      const repairMs = repaired ? performance.now() - restartedAt : null;

      const unacknowledged = [...sent.keys()].filter((id) => !acked.has(id));
      const resend = await resendAll(url, survey.slug, clients, unacknowledged, everSent);
      for (const id of acked) everAcknowledged.add(id);
      expected += sent.size;

      let rows = new Map<string, number>();
      let n = NaN;
      await until(settleMs, async () => {
        [rows, n] = [await rowsNow(), await resultsN()];
        return total(rows) === n && n === expected;
      });
      const stored = total(rows);
      const newlyUncounted = stored - n - carried;
      carried = stored - n;
      const problems = [
        ...killProblems,
        ...resend.problems,
        ...judge({ rows, n, expected, newlyUncounted, everSent, everAcknowledged, baseline }),
        ...engineProblems(dataDir),
      ];

      const result: RoundResult = {
        round,
        target,
        killAtMs,
        sent: sent.size,
        acknowledged: acked.size,
        resent: unacknowledged.length,
        resentAlreadyStored: resend.alreadyStored,
        rows: stored,
        n,
        expected,
        newlyUncounted,
        repairMs,
        startMs,
        problems,
      };
      results.push(result);
      options.onRound?.(result);
    }
    log(`data directory ${dataDir}: ${expected} responses after ${options.rounds} rounds`);
    return results;
  } catch (error) {
    const tail = server.output().split("\n").slice(-20).join("\n");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver output:\n${tail}`, {
      cause: error,
    });
  } finally {
    await teardown.run();
  }
}

interface Observed {
  rows: ReadonlyMap<string, number>;
  n: number;
  expected: number;
  newlyUncounted: number;
  everSent: ReadonlyMap<string, number>;
  everAcknowledged: ReadonlySet<string>;
  baseline: ReadonlyMap<string, number>;
}

/**
 * The invariants of issue 13 after a round: n counts exactly the stored rows, which are the
 * acknowledged and resent submissions, none lost, none twice, none from nowhere.
 */
function judge(o: Observed): string[] {
  const problems: string[] = [];
  const stored = total(o.rows);
  if (stored !== o.n)
    problems.push(`rows ${stored} ≠ n ${o.n}: ${stored - o.n} uncounted (${o.newlyUncounted} by this round)`);
  if (stored !== o.expected) problems.push(`rows ${stored} ≠ acknowledged ∪ resent ${o.expected}`);
  const lost = [...o.everAcknowledged].filter((id) => !o.rows.has(id)).length;
  if (lost > 0) problems.push(`${lost} acknowledged submissions not stored`);
  const missing = [...o.everSent.keys()].filter((id) => !o.rows.has(id)).length - lost;
  if (missing > 0) problems.push(`${missing} resent submissions not stored`);
  const twice = [...o.rows.values()].filter((count) => count > 1).length;
  if (twice > 0) problems.push(`${twice} submissions stored more than once`);
  const unknown = [...o.rows.keys()].filter((id) => !o.everSent.has(id) && !o.baseline.has(id)).length;
  if (unknown > 0) problems.push(`${unknown} stored submissions were never sent`);
  return problems;
}

/** One engine on the directory after a restart, and it is the one the lock file names. */
function engineProblems(dataDir: string): string[] {
  const engines = enginesOn(dataDir);
  const locked = lockedEnginePid(dataDir);
  if (engines.length === 1 && engines[0] === locked) return [];
  return [`engines on the data directory: [${engines.join(", ")}], lock file names ${locked}`];
}
