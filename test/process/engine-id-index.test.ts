import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { MongoClient, ObjectId, type Collection } from "mongodb";
import { startEngine, type RunningEngine } from "@server/platform/embedded-engine.js";

/** Why the plans cannot be read here, or null when Debian's `sqlite3` shell is on the PATH. */
function sqlite3Missing(): string | null {
  const probe = spawnSync("sqlite3", ["-version"], { stdio: "ignore" });
  return probe.status === 0 ? null : "sqlite3 is not installed (apt-get install sqlite3; .ci/run does)";
}

const DATABASE = "id_index";
const COLLECTION = "keyed";

interface Keyed {
  _id: ObjectId | string | number;
  n: number;
  body: string;
}

/**
 * The engine's patch (server/platform/ferretdb-patches/id-index.patch) proven on the engine's own
 * file: an engine of the test's own logs every SQL statement it runs (debug level), and SQLite's
 * shell, opening the database file read-only, explains each statement that touched the
 * collection. A lookup served by the `_id` index reads `SEARCH … USING INDEX …__id_`; a scan
 * (what the released engine did) reads `SCAN …`.
 */
describe(
  "the embedded engine's _id index",
  { skip: (!process.env["FERRETDB_BIN"] && "embedded engine only") || (sqlite3Missing() ?? false) },
  () => {
    let dataDir: string;
    let engine: RunningEngine;
    let client: MongoClient;
    let keyed: Collection<Keyed>;
    const statements: string[] = [];
    const ids = Array.from({ length: 300 }, () => new ObjectId());

    before(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-id-index-"));
      engine = await startEngine({
        binary: process.env["FERRETDB_BIN"]!,
        dataDir,
        logLevel: "debug",
        // fsql logs each statement as `>>> <sql>` followed by a tab and its arguments.
        onOutputLine: (line) => {
          const sql = />>> ([^\t]+)/.exec(line)?.[1];
          if (sql?.includes(`"${COLLECTION}_`)) statements.push(sql.trim());
        },
      });
      client = await MongoClient.connect(`${engine.uri}${DATABASE}`);
      keyed = client.db(DATABASE).collection<Keyed>(COLLECTION);
      const body = "x".repeat(200);
      await keyed.insertMany(ids.map((_id, n) => ({ _id, n, body })));
      await keyed.insertMany([
        { _id: "survey|2026-05|D1", n: 1000, body },
        { _id: "survey|2026-05|D2", n: 1001, body },
      ]);
    });
    after(async () => {
      await client?.close();
      await engine?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** The statements the engine ran on the collection for one operation, once `verb` is among them. */
    async function statementsOf(verb: string, operation: () => Promise<unknown>): Promise<string[]> {
      // Lines of earlier work (the set-up's inserts) may still be on their way through the pipe:
      // wait for a quiet moment before counting this operation's.
      for (let seen = -1, quietSince = Date.now(); Date.now() - quietSince < 150;) {
        if (statements.length !== seen) [seen, quietSince] = [statements.length, Date.now()];
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      statements.length = 0;
      await operation();
      // The engine logs before it answers, but its pipe may be read after the answer arrives.
      const deadline = Date.now() + 5000;
      while (!statements.some((sql) => sql.startsWith(verb)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      return [...statements];
    }

    /** SQLite's plan for one statement, read from the engine's file by a separate, read-only shell. */
    function plan(sql: string): string {
      const file = path.join(dataDir, `${DATABASE}.sqlite`);
      const result = spawnSync("sqlite3", ["-readonly", file, `EXPLAIN QUERY PLAN ${sql};`], {
        encoding: "utf8",
      });
      assert.equal(result.status, 0, `sqlite3 failed on ${sql}:\n${result.stderr}`);
      return result.stdout;
    }

    function assertAllUseIdIndex(sqls: string[], verb: string): void {
      assert.ok(
        sqls.some((sql) => sql.startsWith(verb)),
        `no ${verb} on the collection among:\n${sqls.join("\n")}`,
      );
      for (const sql of sqls) {
        const shown = plan(sql);
        assert.match(shown, /SEARCH \S+ USING INDEX \S+__id_ /, `${sql}\n${shown}`);
        assert.doesNotMatch(shown, /\bSCAN\b/, `${sql}\n${shown}`);
      }
    }

    it("when a document is read by its _id (an ObjectId or a string), then the engine's SQL searches the _id index", async () => {
      let found: Keyed | null = null;
      assertAllUseIdIndex(
        await statementsOf("SELECT", async () => (found = await keyed.findOne({ _id: ids.at(-1)! }))),
        "SELECT",
      );
      assert.equal(found!.n, ids.length - 1);

      assertAllUseIdIndex(
        await statementsOf("SELECT", async () => (found = await keyed.findOne({ _id: "survey|2026-05|D2" }))),
        "SELECT",
      );
      assert.equal(found!.n, 1001);
    });

    it("when documents are read with $in on _id, then the engine's SQL searches the _id index, and the rest of the filter still applies", async () => {
      const wanted = ids.filter((_, n) => n % 7 === 0).slice(0, 40);
      let docs: Keyed[] = [];
      assertAllUseIdIndex(
        await statementsOf(
          "SELECT",
          async () => (docs = await keyed.find({ _id: { $in: [...wanted, "survey|2026-05|D1"] } }).toArray()),
        ),
        "SELECT",
      );
      assert.deepEqual(
        docs.map((d) => d.n).sort((a, b) => a - b),
        [...wanted.map((_, k) => k * 7), 1000],
      );

      // The index narrows the rows; the engine applies the other conditions to them as before.
      assertAllUseIdIndex(
        await statementsOf(
          "SELECT",
          async () => (docs = await keyed.find({ _id: { $in: wanted }, n: { $gte: 140 } }).toArray()),
        ),
        "SELECT",
      );
      assert.deepEqual(
        docs.map((d) => d.n).sort((a, b) => a - b),
        wanted.map((_, k) => k * 7).filter((n) => n >= 140),
      );

      // An id of a type the index cannot be asked for (a number) is still found, by a scan.
      await keyed.insertOne({ _id: 7, n: 2000, body: "" });
      assert.equal(await keyed.countDocuments({ _id: { $in: [7, ids[3]!] } }), 2);
    });

    it("when a document is updated, replaced or deleted by _id, then every statement the engine runs on the collection searches the _id index", async () => {
      const target = ids[150]!;
      assertAllUseIdIndex(
        await statementsOf("UPDATE", () => keyed.updateOne({ _id: target }, { $inc: { n: 1 } })),
        "UPDATE",
      );
      assert.equal((await keyed.findOne({ _id: target }))!.n, 151);

      assertAllUseIdIndex(
        await statementsOf("UPDATE", () => keyed.replaceOne({ _id: target }, { n: -1, body: "replaced" })),
        "UPDATE",
      );
      assert.equal((await keyed.findOne({ _id: target }))!.body, "replaced");

      assertAllUseIdIndex(
        await statementsOf("DELETE", () => keyed.deleteMany({ _id: { $in: [target, ids[151]!] } })),
        "DELETE",
      );
      assert.equal(await keyed.countDocuments({ _id: { $in: [target, ids[151]!] } }), 0);
      assert.equal(await keyed.countDocuments({}), ids.length + 3 - 2);
    });
  },
);
