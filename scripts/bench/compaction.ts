import { randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { compactSurvey } from "../../server/analytics/rollup-store.js";
import { loadConfig } from "../../server/platform/config.js";
import { connectDatabase, disconnectDatabase, withDatabaseName } from "../../server/platform/database.js";
import {
  configureSubmissions,
  drainSubmissions,
  submitResponse,
} from "../../server/responses/responses.service.js";
import { communityAnswers } from "../../test/helpers/answers.js";
import { seedDashboardData, type SeededData } from "./dashboard-seed.js";
import { numberFlag, parseFlags, sizesFlag } from "./flags.js";
import { freshDatabaseName, log, openEngine, Teardown } from "./harness.js";
import { percentile } from "./live-audience.js";
import { fixed, formatTable, verdict } from "./table.js";

/**
 * Compaction: how long folding one write batch's delta into the rollup packs takes when
 * the survey already holds N responses (issue 14: under 100 ms at 1M). Each round submits a
 * batch through the production write path (`submitResponse`, group commit, write intent) and
 * then times `compactSurvey` on it, in this process, against each size's database in
 * alternating turns, so the machine's load weighs on both sides of the ratio alike.
 */
export const usage = "compaction [--sizes 10000,1000000] [--quick] [--rounds 30] [--per-round 10] [--turn 5]";

const TARGET_MS = 100;

interface Settings {
  sizes: number[];
  rounds: number;
  perRound: number;
  turn: number;
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, {
    sizes: "value",
    quick: "switch",
    rounds: "value",
    "per-round": "value",
    turn: "value",
  });
  return {
    sizes: sizesFlag(flags, [10_000, 1_000_000], [10_000, 100_000]),
    rounds: numberFlag(flags, "rounds", 30, { min: 1, max: 10_000, integer: true }),
    perRound: numberFlag(flags, "per-round", 10, { min: 1, max: 1000, integer: true }),
    turn: numberFlag(flags, "turn", 5, { min: 1, max: 1000, integer: true }),
  };
}

interface Phase {
  size: number;
  database: string;
  seed: SeededData;
  ms: number[];
  folded: number;
}

export async function run(args: readonly string[]): Promise<void> {
  const options = settings(args);
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const engine = await openEngine(teardown);
    log(`engine: ${engine.description}`);
    const admin = { email: "admin@example.org", password: randomBytes(12).toString("base64url") };
    const phases: Phase[] = [];
    for (const size of options.sizes) {
      const database = freshDatabaseName(`cp_bench_compact_${size}`);
      log(`seeding ${size} responses into ${database}`);
      const seed = await seedDashboardData(engine.uri, database, size, admin, log);
      phases.push({ size, database, seed, ms: [], folded: 0 });
    }
    const config = loadConfig();
    configureSubmissions({ maxWaitMs: config.groupCommitMaxWaitMs, maxBatch: config.groupCommitMaxBatch });
    let submitted = 0;
    while (phases.some((p) => p.ms.length < options.rounds)) {
      for (const phase of phases) {
        await connectDatabase(withDatabaseName(engine.uri, phase.database));
        try {
          // The seed leaves every response compacted; a leftover would be timed as a batch.
          await compactSurvey(phase.seed.surveyId);
          for (let i = 0; i < options.turn && phase.ms.length < options.rounds; i++) {
            await Promise.all(
              Array.from({ length: options.perRound }, () =>
                submitResponse(phase.seed.slug, {
                  submissionId: randomUUID(),
                  language: "en",
                  answers: communityAnswers(submitted++) as never,
                }),
              ),
            );
            await drainSubmissions();
            const started = performance.now();
            const deltas = await compactSurvey(phase.seed.surveyId);
            phase.ms.push(performance.now() - started);
            if (deltas === 0) throw new Error(`nothing to compact after ${options.perRound} submissions`);
            phase.folded += deltas;
          }
        } finally {
          await disconnectDatabase();
        }
      }
      log(`  rounds done: ${phases.map((p) => `${p.size}: ${p.ms.length}`).join(", ")}`);
    }
    report(options, engine.description, phases);
  } finally {
    await teardown.run();
  }
}

function report(options: Settings, engine: string, phases: Phase[]): void {
  const rows = phases.map((p) => {
    const sorted = [...p.ms].sort((a, b) => a - b);
    return {
      size: p.size,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? NaN,
      deltas: p.folded / p.ms.length,
      rollups: p.seed.rollups,
    };
  });
  const smallest = rows[0]!;
  process.stdout.write(
    [
      "",
      `Compaction — ${options.rounds} rounds per size of ${options.perRound} submissions each, then compactSurvey timed`,
      `engine: ${engine}`,
      "",
      formatTable(
        ["responses", "rollups", "deltas per round", "p50 ms", "p95 ms", "max ms", `p95 / ${smallest.size}`],
        rows.map((r) => [
          String(r.size),
          String(r.rollups),
          fixed(r.deltas, 1),
          fixed(r.p50, 1),
          fixed(r.p95, 1),
          fixed(r.max, 1),
          fixed(r.p95 / smallest.p95, 2),
        ]),
      ),
      ...rows.map(
        (r) =>
          `compaction of a batch at ${r.size} under ${TARGET_MS} ms (p95): ${verdict(r.p95 < TARGET_MS)}`,
      ),
      "",
    ].join("\n"),
  );
}
