import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Binary,
  BSON,
  Double,
  Int32,
  Long,
  MongoClient,
  ObjectId,
  type Collection,
  type Document,
} from "mongodb";
import { startEngine, type RunningEngine } from "@server/platform/embedded-engine.js";

const DATABASE = "engine_decode";

/** Canonical extended JSON keeps every value's BSON type, so an int32 read back as a double differs. */
const canonical = (doc: Document): string => BSON.EJSON.stringify(doc, { relaxed: false });

interface Stored extends Document {
  _id: string | ObjectId;
}

/** Documents with every kind of value our collections hold, and text that takes the decoder's slower paths. */
function documents(): Stored[] {
  const nested = { a: new Int32(1), b: "two", c: [new Int32(3), "four", { five: new Double(5.5) }] };
  const counts: Record<string, Int32> = {};
  for (let q = 0; q < 12; q++) for (let o = 0; o < 5; o++) counts[`q${q}_${o}`] = new Int32(q * 10 + o);
  return [
    { _id: "s0001|2026-05|D1", survey: "s0001", n: new Int32(7), counts, note: "x".repeat(700) },
    {
      _id: new ObjectId(),
      ascii: "plain",
      empty: "",
      accents: "Comisaría — café, niño",
      cjk: "警察署",
      emoji: "👮‍♀️ 🚓",
      escapes: 'quote " backslash \\ slash / tab \t newline \n nul-free \u0001 ctl',
      separators: "line\u2028para\u2029",
    },
    {
      _id: "numbers",
      int32: new Int32(-2147483648),
      int32max: new Int32(2147483647),
      long: Long.fromString("9007199254740993"),
      longMin: Long.fromString("-9223372036854775808"),
      double: new Double(1.5),
      wholeDouble: new Double(3),
      // (-0 is left out: FerretDB 1.24 stores it as 0, with or without our patches)
      tiny: new Double(5e-324),
      huge: new Double(1e300),
      fraction: new Double(0.1),
    },
    {
      _id: "others",
      yes: true,
      no: false,
      nothing: null,
      when: new Date("2026-12-06T07:20:00.123Z"),
      bytes: new Binary(Buffer.from([0, 1, 2, 250, 255]), 0),
      uuid: new Binary(Buffer.from("0123456789abcdef"), 4),
      nested,
      list: [nested, {}, null, true, new Long(5)], // FerretDB refuses arrays in arrays
      emptyObject: {},
      emptyList: [],
      deep: { l1: { l2: { l3: { l4: ["bottom", { l5: new Int32(5) }] } } } },
    },
  ];
}

/**
 * The engine's row decoding (server/platform/ferretdb-patches/sjson-decode.patch) must return
 * every document exactly as it was stored, whichever way the engine finds it: by key, by `$in`
 * on keys, or by scanning for another field.
 */
describe(
  "the embedded engine's documents",
  { skip: !process.env["FERRETDB_BIN"] && "embedded engine only" },
  () => {
    let dataDir: string;
    let engine: RunningEngine;
    let client: MongoClient;
    let collection: Collection<Stored>;
    const stored = documents();

    before(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-engine-decode-"));
      engine = await startEngine({ binary: process.env["FERRETDB_BIN"]!, dataDir });
      client = await MongoClient.connect(`${engine.uri}${DATABASE}`, { promoteValues: false });
      collection = client.db(DATABASE).collection<Stored>("mixed");
      await collection.insertMany(stored.map((doc) => ({ ...doc })));
    });

    after(async () => {
      await client?.close();
      await engine?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("when each document is read by its _id, then it comes back value for value and type for type", async () => {
      for (const doc of stored) {
        const found = await collection.findOne({ _id: doc._id });
        assert.ok(found, `document ${String(doc._id)} not found`);
        assert.equal(canonical(found), canonical(doc));
      }
    });

    it("when the documents are read with $in on _id or by scanning for another field, then each comes back as stored", async () => {
      const byKey = new Map(stored.map((doc) => [canonical({ id: doc._id }), canonical(doc)]));
      const ids = stored.map((doc) => doc._id);
      const viaIn = await collection.find({ _id: { $in: ids } }).toArray();
      const viaScan = await collection.find({ _id: { $exists: true }, never: { $exists: false } }).toArray();
      for (const found of [viaIn, viaScan]) {
        assert.equal(found.length, stored.length);
        for (const doc of found) assert.equal(canonical(doc), byKey.get(canonical({ id: doc._id })));
      }
    });
  },
);
