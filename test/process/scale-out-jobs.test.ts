import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { withDatabaseName } from "@server/platform/database.js";
import { demoInvitationSetup } from "../helpers/factories.js";
import { runScript, within, type ServerProcess } from "../helpers/process.js";
import { dropTestDatabase, testEngineUri } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "../api/invitations-smtp.js";

const PASSWORD = "scale-jobs-admin-password";
const CONTACTS = 60;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two app processes on one database, both running the job worker: the queue's claims (inserts
 * refused by a unique `_id`) decide who runs what, so nothing runs twice and nothing is lost.
 * No Redis here: jobs coordinate through the database alone.
 */
describe("jobs across two app processes on one database", () => {
  let smtp: TestSmtp;
  let uri: string;
  const dirs: string[] = [];
  type Started = ReturnType<typeof runScript>;
  let a: Started;
  let b: Started;

  const spawnServer = async (name: string): Promise<Started> => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `cp-scale-jobs-${name}-`));
    dirs.push(dataDir);
    return runScript("server/main.ts", [], {
      DATA_DIR: dataDir,
      MONGODB_URI: uri,
      PORT: "0",
      // Info: the retention job logs each run.
      LOG_LEVEL: "info",
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      SMTP_URL: smtp.url,
      DATA_ENCRYPTION_KEY: "cd".repeat(32),
      JOBS_POLL_MS: "50",
      JOBS_LEASE_MS: "3000",
      JOBS_RETRY_BASE_MS: "200",
    });
  };

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    uri = withDatabaseName(testEngineUri(), `cp_test_${randomBytes(5).toString("hex")}`);
    // One after the other: on the embedded engine, two processes seeding an empty database at
    // the same moment (concurrent upserts of the resource library) can stall the engine.
    a = await spawnServer("a");
    await within(60_000, a.ready, "start of A");
    b = await spawnServer("b");
    await within(60_000, b.ready, "start of B");
  });

  after(async () => {
    for (const p of [a, b]) if (p && p.child.exitCode === null) process.kill(-p.child.pid!, "SIGKILL");
    await smtp?.stop();
    await dropTestDatabase(uri);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("when the daily retention run falls due with two processes polling, then exactly one of them runs it, every time", async (t) => {
    const runs = (p: ServerProcess): number => p.output().match(/retention run finished/g)?.length ?? 0;
    const total = (): number => runs(a) + runs(b);
    // A ran the first occurrence when it started; B, started later, found it taken.
    const deadline = Date.now() + 30_000;
    while (total() === 0) {
      assert.ok(Date.now() < deadline, "no retention run within 30 s of start");
      await sleep(100);
    }
    await sleep(1000);
    assert.equal(total(), 1, "the first occurrence ran twice");

    const connection = await mongoose.createConnection(uri).asPromise();
    const jobs = connection.collection<{ key: string; status: string; runAt: Date }>("jobs");
    const key = "recurring:retention.daily";
    try {
      for (let occurrence = 2; occurrence <= 4; occurrence++) {
        // The next day's occurrence, brought forward: both workers see it due at their next poll.
        const queued = await jobs.findOne({ key });
        assert.equal(queued?.status, "queued");
        assert.ok(queued.runAt.getTime() > Date.now() + 3_600_000, "the next run is a day ahead");
        await jobs.updateOne({ key }, { $set: { runAt: new Date() } });
        const until = Date.now() + 30_000;
        while (total() < occurrence) {
          assert.ok(Date.now() < until, `occurrence ${occurrence} did not run within 30 s`);
          await sleep(50);
        }
        await sleep(1500); // room for the other process to run it too
        assert.equal(total(), occurrence, `occurrence ${occurrence} ran twice`);
      }
    } finally {
      await connection.close();
    }
    t.diagnostic(`retention runs by A: ${runs(a)}, by B: ${runs(b)}`);
  });

  it("when invitations are uploaded to one process, then both processes send, and every mail goes out exactly once", async (t) => {
    const { admin, survey } = await demoInvitationSetup(a.url, PASSWORD);
    // A mail server that takes a moment per message, as real ones do, so both workers are busy.
    smtp.beforeAccept = () => sleep(20).then(() => true);
    const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
      email: `scale${i}@example.net`,
      contactType: "report",
    }));
    const upload = await admin.post<{ created: number }>(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts,
    });
    assert.equal(upload.status, 202, JSON.stringify(upload.body));
    assert.equal(upload.body.created, CONTACTS);

    await smtp.waitFor(CONTACTS, 120_000);
    await sleep(2000); // room for a duplicate to show up
    const counts = new Map<string, number>();
    for (const mail of smtp.mails) counts.set(mail.to[0]!, (counts.get(mail.to[0]!) ?? 0) + 1);
    assert.equal(counts.size, CONTACTS, "a mail was lost");
    assert.deepEqual(
      [...counts].filter(([, n]) => n > 1),
      [],
      "a mail was sent twice",
    );

    // Who took each send: the claim records name the worker (host:pid:random).
    const connection = await mongoose.createConnection(uri).asPromise();
    const claims = await connection
      .collection<{ owner: string }>("jobclaims")
      .find({}, { projection: { owner: 1 } })
      .toArray();
    await connection.close();
    const byProcess = [a, b].map(
      (p) => claims.filter((c) => c.owner.split(":")[1] === String(p.child.pid)).length,
    );
    t.diagnostic(`job claims by A: ${byProcess[0]}, by B: ${byProcess[1]}`);
    assert.ok(
      byProcess.every((n) => n > 0),
      `both processes should have taken jobs; claims by A and B: ${byProcess.join(", ")}`,
    );
  });
});
