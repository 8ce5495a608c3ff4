import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MongoClient, type Collection } from "mongodb";
import { loadConfig } from "../../server/platform/config.js";
import {
  ENGINE_PATCHES,
  ensureEngineBinary,
  FERRETDB_VERSION,
  startEngine,
} from "../../server/platform/embedded-engine.js";
import { FlagError, numberFlag, parseFlags, switchFlag } from "./flags.js";
import { log, Teardown } from "./harness.js";
import { fixed, formatTable, verdict } from "./table.js";

/**
 * Engine: what one operation by key costs on the embedded engine, a baseline against ours (built
 * with every patch in server/platform/ferretdb-patches/), side by side in one run. The baseline is
 * the released FerretDB, or with `--baseline a.patch,b.patch` the same version built with only
 * those patches, to weigh the others. Both engines hold the same documents; every turn runs each
 * operation on each engine, in alternating order, so the shared machine's load weighs on both
 * alike: once on the released engine (a scan of the whole collection, seconds at 150,000) and
 * PATCHED_RUNS_PER_TURN times on a patched one (milliseconds, where a few samples would say more
 * about the machine than the engine). Always on engines of its own: the question is about the
 * embedded engine, whatever MONGODB_URI says.
 */
export const usage =
  "engine [--sizes 15000,150000] [--repeats 5] [--doc-bytes 1500] [--patched-only | --baseline id-index.patch,…]";

/** Issue 14's targets for the patched engine, at every size. */
const TARGETS = { byKeyMs: 5, inMs: 20 } as const;
const IN_IDS = 40;
const SEED_BATCH = 1000;
const PATCHED_RUNS_PER_TURN = 10;

interface Settings {
  sizes: number[];
  repeats: number;
  docBytes: number;
  patchedOnly: boolean;
  /** The baseline's patches: none for the released engine. */
  baselinePatches: string[];
}

function settings(args: readonly string[]): Settings {
  const flags = parseFlags(args, {
    sizes: "value",
    repeats: "value",
    "doc-bytes": "value",
    "patched-only": "switch",
    baseline: "value",
  });
  const raw = flags.get("sizes");
  const sizes = typeof raw === "string" ? raw.split(",").map(Number) : [15_000, 150_000];
  if (sizes.some((n) => !Number.isInteger(n) || n < IN_IDS + 100 || n > 2_000_000)) {
    throw new FlagError(
      `--sizes must be whole numbers from ${IN_IDS + 100} to 2000000, separated by commas.`,
    );
  }
  const patchedOnly = switchFlag(flags, "patched-only");
  const baseline = flags.get("baseline");
  if (baseline !== undefined && patchedOnly) {
    throw new FlagError("--baseline compares with another engine; --patched-only runs ours alone. Give one.");
  }
  const baselinePatches =
    typeof baseline === "string" ? baseline.split(",").filter((name) => name !== "") : [];
  const ours: readonly string[] = ENGINE_PATCHES;
  const unknown = baselinePatches.filter((name) => !ours.includes(name));
  if (baseline === true || unknown.length > 0 || baselinePatches.length >= ours.length) {
    throw new FlagError(
      `--baseline must name some, not all, of our patches, separated by commas (${ENGINE_PATCHES.join(", ")})` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(", ")}` : "") +
        ".",
    );
  }
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    repeats: numberFlag(flags, "repeats", 5, { min: 1, max: 1000, integer: true }),
    docBytes: numberFlag(flags, "doc-bytes", 1500, { min: 200, max: 100_000, integer: true }),
    patchedOnly,
    baselinePatches: ours.filter((name) => baselinePatches.includes(name)),
  };
}

interface Keyed {
  _id: string;
  survey: string;
  period: string;
  segment: string;
  n: number;
  counts: Record<string, number>;
  note: string;
}

/** The n-th document: a rollup-shaped record with a deterministic key, padded to `bytes` of JSON. */
function keyedDocument(n: number, bytes: number): Keyed {
  const survey = `s${(n % 97).toString(16).padStart(4, "0")}`;
  const period = `2026-${String((n % 12) + 1).padStart(2, "0")}`;
  const segment = `D${n}`;
  const counts: Record<string, number> = {};
  for (let q = 0; q < 12; q++) for (let o = 0; o < 5; o++) counts[`q${q}_${o}`] = (n * 31 + q * 7 + o) % 1000;
  const doc: Keyed = { _id: `${survey}|${period}|${segment}`, survey, period, segment, n, counts, note: "" };
  doc.note = "x".repeat(Math.max(0, bytes - JSON.stringify(doc).length));
  return doc;
}

interface Operation {
  label: string;
  /** Null for a row shown for comparison only. */
  targetMs: number | null;
  /** Reads every document on any engine: run once per turn, since one run takes seconds at 150,000. */
  scans?: true;
  /** Runs the operation for turn `turn` on a collection of `size` documents; throws on a wrong answer. */
  run(collection: Collection<Keyed>, size: number, turn: number, bytes: number): Promise<void>;
}

const keyOf = (n: number, bytes: number): string => keyedDocument(n, bytes)._id;

/** A different document near the end of the collection each turn (the released engine's worst case). */
const nearEnd = (size: number, turn: number): number => size - 2 - (turn % Math.min(size - 2, 1000));

const OPERATIONS: Operation[] = [
  {
    label: "findOne({_id}), last document",
    targetMs: TARGETS.byKeyMs,
    async run(collection, size, _turn, bytes) {
      const found = await collection.findOne({ _id: keyOf(size - 1, bytes) });
      if (found?.n !== size - 1) throw new Error("findOne did not find the last document");
    },
  },
  {
    label: "replaceOne({_id})",
    targetMs: TARGETS.byKeyMs,
    async run(collection, size, turn, bytes) {
      const n = nearEnd(size, turn);
      const { _id, ...rest } = keyedDocument(n, bytes);
      const result = await collection.replaceOne({ _id }, rest);
      if (result.matchedCount !== 1) throw new Error("replaceOne matched no document");
    },
  },
  {
    label: "updateOne({_id}, {$inc})",
    targetMs: TARGETS.byKeyMs,
    async run(collection, size, turn, bytes) {
      const result = await collection.updateOne(
        { _id: keyOf(nearEnd(size, turn), bytes) },
        { $inc: { "counts.q0_0": 1 } },
      );
      if (result.modifiedCount !== 1) throw new Error("updateOne modified no document");
    },
  },
  {
    label: `find({_id: {$in: [${IN_IDS} ids]}})`,
    targetMs: TARGETS.inMs,
    async run(collection, size, turn, bytes) {
      // Spread over the whole collection, shifted each turn.
      const ids = Array.from({ length: IN_IDS }, (_, k) =>
        keyOf((k * Math.floor(size / IN_IDS) + turn) % size, bytes),
      );
      const found = await collection.find({ _id: { $in: ids } }).toArray();
      if (found.length !== IN_IDS) throw new Error(`$in found ${found.length} of ${IN_IDS} documents`);
    },
  },
  {
    // A unique field that is not the key, as invitation links were found by `tokenHash`: the
    // engine scans for it, which is why hot lookups go by `_id` (invitation-keys.ts).
    label: "findOne({field}), last document, not by key",
    targetMs: null,
    scans: true,
    async run(collection, size) {
      const found = await collection.findOne({ segment: `D${size - 1}` });
      if (found?.n !== size - 1) throw new Error("findOne by field did not find the last document");
    },
  },
  {
    // No filter, so no lookup at all: what returning that many documents costs by itself.
    label: `find().limit(${IN_IDS}), no filter`,
    targetMs: null,
    async run(collection) {
      const found = await collection.find({}).limit(IN_IDS).toArray();
      if (found.length !== IN_IDS) throw new Error(`find found ${found.length} of ${IN_IDS} documents`);
    },
  },
];

interface Side {
  /** "released", "baseline" (some of our patches) or "patched" (all of them). */
  name: string;
  collection: Collection<Keyed>;
  runsPerTurn: number;
}

async function startSide(
  name: string,
  binary: string,
  teardown: Teardown,
): Promise<Side & { description: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `cp-bench-engine-${name}-`));
  teardown.add(`remove ${name} engine data`, () => rm(dataDir, { recursive: true, force: true }));
  const engine = await startEngine({ binary, dataDir });
  teardown.add(`stop ${name} engine`, () => engine.stop());
  const client = await MongoClient.connect(engine.uri);
  teardown.add(`close ${name} client`, () => client.close());
  return {
    name,
    collection: client.db("bench_engine").collection<Keyed>("keyed"),
    runsPerTurn: name === "released" ? 1 : PATCHED_RUNS_PER_TURN,
    description: `${name}: ${binary} (pid ${engine.pid}, data in ${dataDir})`,
  };
}

/** The value below which `share` of the values lie (nearest rank). */
const percentile = (values: number[], share: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!;
};
const median = (values: number[]): number => percentile(values, 0.5);
const speedUp = (ratio: number): string => `${fixed(ratio, ratio < 10 ? 2 : 0)}×`;

export async function run(args: readonly string[]): Promise<void> {
  const s = settings(args);
  const config = loadConfig();
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const patched = await ensureEngineBinary(config.engineCacheDir, config.ferretdbBin, log);
    const ours = await startSide("patched", patched, teardown);
    const sides = [ours];
    const baselineName = s.baselinePatches.length === 0 ? "released" : "baseline";
    if (!s.patchedOnly) {
      const baseline = await ensureEngineBinary(config.engineCacheDir, null, log, s.baselinePatches);
      sides.unshift(await startSide(baselineName, baseline, teardown));
    }
    const versus =
      baselineName === "released"
        ? "released vs ours"
        : `baseline (patched with ${s.baselinePatches.join(", ")}) vs ours`;
    process.stdout.write(
      `engine: FerretDB ${FERRETDB_VERSION} on SQLite, ${s.patchedOnly ? "ours only" : versus} ` +
        `(patched with ${ENGINE_PATCHES.join(", ")}); documents of ${s.docBytes} bytes (JSON) with string keys; ` +
        `${s.repeats} turns, each operation run ${PATCHED_RUNS_PER_TURN} times per turn on ` +
        `${baselineName === "baseline" ? "each engine" : "ours"}` +
        `${s.patchedOnly || baselineName === "baseline" ? "" : " and once on the released engine"}` +
        `, a scan of the collection once per turn on each\n` +
        sides.map((side) => `  ${side.description}\n`).join(""),
    );

    const rows: string[][] = [];
    let allPass = true;
    let stored = 0;
    for (const size of s.sizes) {
      const seedStarted = performance.now();
      for (; stored < size; stored += SEED_BATCH) {
        const batch = Array.from({ length: Math.min(SEED_BATCH, size - stored) }, (_, k) =>
          keyedDocument(stored + k, s.docBytes),
        );
        for (const side of sides) await side.collection.insertMany(batch, { ordered: false });
      }
      stored = size;
      log(
        `seeded ${size} documents on each engine in ${fixed((performance.now() - seedStarted) / 1000, 1)} s`,
      );

      const times = new Map<string, number[]>();
      // Untimed: a patched engine's first statements and pages (a scan, and so the released
      // engine, reads every page anyway).
      for (const side of sides.filter((side) => side.name !== "released"))
        for (const operation of OPERATIONS.filter((operation) => !operation.scans))
          await operation.run(side.collection, size, 0, s.docBytes);
      for (let turn = 0; turn < s.repeats; turn++) {
        const turnStarted = performance.now();
        for (const operation of OPERATIONS) {
          const order = turn % 2 === 0 ? sides : [...sides].reverse();
          for (const side of order) {
            const key = `${operation.label}|${side.name}`;
            const runs = operation.scans ? 1 : side.runsPerTurn;
            for (let run = 0; run < runs; run++) {
              const started = performance.now();
              await operation.run(side.collection, size, turn * runs + run, s.docBytes);
              times.set(key, [...(times.get(key) ?? []), performance.now() - started]);
            }
          }
        }
        log(
          `  ${size} documents: turn ${turn + 1} of ${s.repeats} took ${fixed((performance.now() - turnStarted) / 1000, 1)} s`,
        );
      }

      for (const operation of OPERATIONS) {
        const baseline = times.get(`${operation.label}|${baselineName}`);
        const oursTimes = times.get(`${operation.label}|patched`)!;
        const oursMedian = median(oursTimes);
        const pass = operation.targetMs === null || oursMedian < operation.targetMs;
        allPass &&= pass;
        rows.push([
          size.toLocaleString("en-US"),
          operation.label,
          baseline ? fixed(median(baseline), 1) : "–",
          fixed(oursMedian, 1),
          fixed(percentile(oursTimes, 0.95), 1),
          baseline ? speedUp(median(baseline) / oursMedian) : "–",
          operation.targetMs === null ? "–" : `< ${operation.targetMs} ms`,
          operation.targetMs === null ? "" : verdict(pass),
        ]);
      }
    }
    process.stdout.write(
      `\n${formatTable(
        [
          "documents",
          "operation",
          `${baselineName} ms`,
          "patched ms",
          "patched p95 ms",
          "speed-up",
          "target",
          "",
        ],
        rows,
      )}\n`,
    );
    process.stdout.write(`patched engine within every target: ${verdict(allPass)}\n`);
    if (!allPass) process.exitCode = 1;
  } finally {
    await teardown.run();
  }
}
