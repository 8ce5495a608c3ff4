import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { MongoClient, ObjectId, type Collection, type Document } from "mongodb";
import { communityAnswers } from "../../test/helpers/answers.js";
import { startCpuSample } from "./cpu-time.js";
import { numberFlag, parseFlags } from "./flags.js";
import { freshDatabaseName, log, openEngine, Teardown } from "./harness.js";
import { fixed, formatTable } from "./table.js";

/**
 * What each engine operation of one write batch costs, against a single `insertOne`: the
 * engine's CPU time (from /proc, so it holds on a busy machine where wall times do not) and
 * the wall time, per operation, on a fresh engine with the driver alone. The documents have
 * the shapes server/responses/responses.service.ts `writeBatch` writes: the intent (a delta
 * naming the batch's response ids), the responses, and the settle (the delta's sources set).
 * With no compactor, no repair and no HTTP, this is the floor of the write path.
 */
export const usage = "write-path [--batch 16] [--rounds 150]";

const survey = new ObjectId();
const periods = { day: "2026-12-06", week: "2026-W49", month: "2026-12" };

/** What a stored response adds to rollups: the delta's source for it. */
const source = (i: number) => ({
  version: 1,
  answers: communityAnswers(i),
  periods,
  district: "D1",
  scores: { procedural_justice: 62.5, trust: 70, safety: 55 },
  cell: "D1|25_34|-|-",
});

const response = (i: number) => ({
  _id: randomUUID().replaceAll("-", "").slice(0, 24),
  survey,
  agency: survey,
  submissionId: randomUUID(),
  ...source(i),
  language: "en",
  channel: "link",
  invitation: null,
  unit: null,
  officer: null,
  batch: new ObjectId(),
  createdAt: new Date(),
});

const intent = (size: number) => ({
  _id: new ObjectId(),
  survey: String(survey),
  agency: String(survey),
  sources: [],
  ids: Array.from({ length: size }, () => randomUUID().slice(0, 24)),
  writer: "bench",
  settled: false,
  createdAt: new Date(),
});

export async function run(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, { batch: "value", rounds: "value" });
  const size = numberFlag(flags, "batch", 16, { min: 1, max: 1000, integer: true });
  const rounds = numberFlag(flags, "rounds", 150, { min: 1, max: 100_000, integer: true });
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const engine = await openEngine(teardown);
    log(`engine: ${engine.description}`);
    const client = new MongoClient(engine.uri);
    await client.connect();
    teardown.add("close driver", () => client.close());
    const db = client.db(freshDatabaseName("cp_bench_write"));
    if (engine.external) teardown.add("drop bench database", () => db.dropDatabase());
    // String ids, as the server derives them (responseId).
    const responses = db.collection<{ _id: string }>("responses");
    // The real collection's indexes (server/responses/response.model.ts).
    await responses.createIndex({ survey: 1, createdAt: 1 });
    await responses.createIndex({ survey: 1, unit: 1 });
    const deltas: Collection<Document> = db.collection("rollupdeltas");
    let n = 0;
    const sources = () => Array.from({ length: size }, () => source(n++));

    const rows: string[][] = [];
    const phase = async (name: string, perBatch: boolean, op: () => Promise<unknown>) => {
      const cpu = startCpuSample({ engine: engine.pid }, "driver");
      const started = performance.now();
      for (let r = 0; r < rounds; r++) await op();
      const wallMs = (performance.now() - started) / rounds;
      const engineCpu = cpu().processes["engine"];
      const engineMs = engineCpu ? (engineCpu.cpuSeconds * 1000) / rounds : NaN;
      rows.push([
        name,
        fixed(wallMs, 2),
        fixed(engineMs, 2),
        fixed(perBatch ? engineMs / size : engineMs, 2),
      ]);
      // Pending deltas stay few in the server too (the compactor removes them).
      await deltas.deleteMany({});
    };

    log(`${rounds} rounds of each, batches of ${size}`);
    await phase("raw insertOne of one response", false, () => responses.insertOne(response(n++)));
    await phase("1. intent: insertOne of the delta naming ids", true, () => deltas.insertOne(intent(size)));
    await phase(`2. responses: insertMany of ${size}`, true, () =>
      responses.insertMany(Array.from({ length: size }, () => response(n++))),
    );
    await phase("1 + 3. intent, then settle (updateOne by _id)", true, async () => {
      const opened = intent(size);
      await deltas.insertOne(opened);
      await deltas.updateOne(
        { _id: opened._id, settled: false },
        { $set: { settled: true, sources: sources(), ids: opened.ids } },
      );
    });
    let previous = intent(size);
    await deltas.insertOne(previous);
    await phase("3 + next 1 in one command (bulkWrite: update, upsert)", true, async () => {
      const next = intent(size);
      await deltas.bulkWrite([
        {
          updateOne: {
            filter: { _id: previous._id, settled: false },
            update: { $set: { settled: true, sources: sources(), ids: previous.ids } },
          },
        },
        { replaceOne: { filter: { _id: next._id }, replacement: next, upsert: true } },
      ]);
      previous = next;
    });

    process.stdout.write(`\nOne write batch's operations, ${size} responses, ${rounds} rounds each\n`);
    process.stdout.write(`engine: ${engine.description}\n\n`);
    const header = ["operation", "wall ms/op", "engine CPU ms/op", "engine CPU ms/response"];
    process.stdout.write(`${formatTable(header, rows)}\n`);
  } finally {
    await teardown.run();
  }
}
