import { createHash } from "node:crypto";
import { MongoClient, ObjectId, type Db } from "mongodb";
import { markId } from "../../server/invitations/contact-marks.js";
import { numberFlag, parseFlags } from "./flags.js";
import { freshDatabaseName, log, openEngine, Teardown } from "./harness.js";
import { fixed, formatTable } from "./table.js";

/**
 * Lookups: what an intake batch pays to learn who was invited, before and after contact marks
 * were addressed by key (issue 14), side by side on one engine holding the same marks in both
 * layouts. Before: marks with ObjectId ids and their old indexes, read with
 * `find({agency, emailKey: {$in}})`, which the embedded engine answers by scanning every mark.
 * After: `_id` = survey|emailKey plus one latest-contact note per person, read with `$in` on
 * `_id` (the two reads intake.ts makes now). Each turn runs both in alternating order.
 */
export const usage = "lookups [--marks 50000] [--people 40] [--repeats 5]";

const SEED_BATCH = 1000;
const SURVEYS = 5;

const emailKeyOf = (n: number): string => createHash("sha256").update(`person ${n}`).digest("hex");

export async function run(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, { marks: "value", people: "value", repeats: "value" });
  const marks = numberFlag(flags, "marks", 50_000, { min: 1000, max: 2_000_000, integer: true });
  const people = numberFlag(flags, "people", 40, { min: 1, max: 1000, integer: true });
  const repeats = numberFlag(flags, "repeats", 5, { min: 1, max: 1000, integer: true });
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const engine = await openEngine(teardown);
    const client = await MongoClient.connect(engine.uri);
    teardown.add("close client", () => client.close());
    const db = client.db(freshDatabaseName("bench_lookups"));
    if (engine.external) teardown.add("drop database", () => db.dropDatabase().then(() => undefined));
    process.stdout.write(
      `lookups: ${engine.description}; ${marks} contact marks of one agency over ${SURVEYS} surveys, ` +
        `one intake batch of ${people} people per turn, ${repeats} turns\n`,
    );
    const agency = new ObjectId();
    const surveys = Array.from({ length: SURVEYS }, () => new ObjectId());
    await seed(db, agency, surveys, marks);

    const byField = db.collection("marks_by_field");
    const byKey = db.collection<{ _id: string }>("contactmarks");
    const latest = db.collection<{ _id: string }>("latestcontacts");
    const cases: Record<string, (keys: string[]) => Promise<number>> = {
      "before: find({agency, emailKey: {$in}})": async (keys) =>
        (await byField.find({ agency, emailKey: { $in: keys } }).toArray()).length,
      "after: marks and latest notes by $in on _id": async (keys) => {
        const ids = surveys.flatMap((survey) => keys.map((key) => markId(survey, key)));
        const [found, notes] = await Promise.all([
          byKey.find({ _id: { $in: ids }, agency }).toArray(),
          latest.find({ _id: { $in: keys }, agency }).toArray(),
        ]);
        return found.length + notes.length;
      },
    };
    const times = new Map<string, number[]>();
    for (let turn = 0; turn < repeats; turn++) {
      // People spread over the whole collection, the last one the latest marked.
      const keys = Array.from({ length: people }, (_, k) =>
        emailKeyOf((marks - 1 - k * Math.floor(marks / people) - turn) % marks),
      );
      const names = turn % 2 === 0 ? Object.keys(cases) : Object.keys(cases).reverse();
      for (const name of names) {
        const started = performance.now();
        const found = await cases[name]!(keys);
        times.set(name, [...(times.get(name) ?? []), performance.now() - started]);
        if (found < people) throw new Error(`${name} found ${found} documents for ${people} people`);
      }
      log(`  turn ${turn + 1} of ${repeats}`);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const [before, after] = Object.keys(cases).map((name) => median(times.get(name)!)) as [number, number];
    const rows = Object.keys(cases).map((name) => [
      marks.toLocaleString("en-US"),
      name,
      fixed(median(times.get(name)!), 1),
      fixed(Math.max(...times.get(name)!), 1),
    ]);
    process.stdout.write(`\n${formatTable(["marks", "lookup of one batch", "median ms", "max ms"], rows)}\n`);
    process.stdout.write(`by key: ${fixed(before / after, 0)}× faster\n`);
  } finally {
    await teardown.run();
  }
}

/** One mark per person, in both layouts; the latest-contact notes for the keyed one. */
async function seed(db: Db, agency: ObjectId, surveys: ObjectId[], marks: number): Promise<void> {
  const started = performance.now();
  const byField = db.collection("marks_by_field");
  await byField.createIndex({ agency: 1, survey: 1, emailKey: 1 }, { unique: true });
  await byField.createIndex({ agency: 1, emailKey: 1, invitedOn: 1 });
  const day = Date.UTC(2026, 0, 1);
  for (let from = 0; from < marks; from += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, marks - from) }, (_, k) => {
      const n = from + k;
      return {
        agency,
        survey: surveys[n % surveys.length]!,
        emailKey: emailKeyOf(n),
        invitedOn: new Date(day + (n % 300) * 86_400_000),
      };
    });
    await byField.insertMany(
      batch.map((m) => ({ _id: new ObjectId(), ...m })),
      { ordered: false },
    );
    await db.collection<{ _id: string }>("contactmarks").insertMany(
      batch.map((m) => ({ _id: markId(m.survey, m.emailKey), ...m })),
      { ordered: false },
    );
    await db.collection<{ _id: string }>("latestcontacts").insertMany(
      batch.map((m) => ({ _id: m.emailKey, agency, survey: m.survey, invitedOn: m.invitedOn })),
      { ordered: false },
    );
  }
  log(`seeded ${marks} marks in both layouts in ${fixed((performance.now() - started) / 1000, 1)} s`);
}
