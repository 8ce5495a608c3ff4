import { ObjectId, type Db, type Document, type MongoClient } from "mongodb";

/**
 * The yardstick for ingest: the plain `mongodb` driver writing the same documents to the same
 * engine, with the same indexes, and nothing else (no HTTP, no validation, no rollups).
 */
export interface RawResult {
  docs: number;
  seconds: number;
  docsPerSecond: number;
}

export interface RawResults {
  single: RawResult;
  many: RawResult;
  /** Index keys copied from the real collection, for the report. */
  indexes: string[];
}

const RESPONSES = "responses";
/** communityAnswers(i) repeats every 60 responses, so 60 stored ones cover all shapes. */
const TEMPLATE_COUNT = 60;

/**
 * Copies the indexes of the server's real responses collection, so the raw writes pay the
 * same index maintenance (the unique {survey, submissionId} included).
 */
async function mirrorIndexes(source: Db, target: Db): Promise<string[]> {
  const names: string[] = [];
  for (const index of await source.collection(RESPONSES).indexes()) {
    if (index.name === "_id_") continue;
    await target
      .collection(RESPONSES)
      .createIndex(index.key, { name: index.name, ...(index.unique ? { unique: true } : {}) });
    names.push(`${JSON.stringify(index.key)}${index.unique ? " unique" : ""}`);
  }
  return names;
}

/**
 * Documents shaped exactly like stored responses: real ones the server wrote during the HTTP
 * phase, each reused with a new _id, submissionId and createdAt.
 */
async function documentFactory(source: Db): Promise<(n: number) => Document> {
  const templates = await source
    .collection(RESPONSES)
    .find({}, { limit: TEMPLATE_COUNT, projection: { _id: 0 } })
    .toArray();
  if (templates.length === 0)
    throw new Error("no stored responses to copy: did the HTTP phase store anything?");
  const run = new ObjectId().toHexString();
  return (n) => ({
    ...templates[n % templates.length]!,
    _id: new ObjectId(),
    submissionId: `raw-${run}-${n}`,
    createdAt: new Date(),
  });
}

export async function rawInsertPhases(
  client: MongoClient,
  options: { serverDb: string; rawDb: string; durationS: number; batchSize: number },
): Promise<RawResults> {
  const source = client.db(options.serverDb);
  const target = client.db(options.rawDb);
  const indexes = await mirrorIndexes(source, target);
  const makeDoc = await documentFactory(source);
  const collection = target.collection(RESPONSES);
  let n = 0;

  // Untimed warm-up, like the HTTP phase's: the pool is open and the tables exist.
  for (let i = 0; i < 50; i++) await collection.insertOne(makeDoc(n++));

  const durationMs = options.durationS * 1000;
  let started = performance.now();
  let count = 0;
  while (performance.now() - started < durationMs) {
    await collection.insertOne(makeDoc(n++));
    count++;
  }
  const singleSeconds = (performance.now() - started) / 1000;
  const single = { docs: count, seconds: singleSeconds, docsPerSecond: count / singleSeconds };

  started = performance.now();
  count = 0;
  while (performance.now() - started < durationMs) {
    const batch = Array.from({ length: options.batchSize }, () => makeDoc(n++));
    // Unordered, as the server's group commit writes its batches.
    await collection.insertMany(batch, { ordered: false });
    count += batch.length;
  }
  const manySeconds = (performance.now() - started) / 1000;
  const many = { docs: count, seconds: manySeconds, docsPerSecond: count / manySeconds };

  return { single, many, indexes };
}
