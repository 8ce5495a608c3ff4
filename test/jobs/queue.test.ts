import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { JobKeyModel, JobModel } from "@server/jobs/job.model.js";
import { claimJob, completeJob, enqueueJobs } from "@server/jobs/queue.js";
import { JobWorker, backoffMs, type JobDefinition } from "@server/jobs/worker.js";
import { clock } from "@server/platform/clock.js";
import { createLogger } from "@server/platform/logger.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const logger = createLogger("silent");
const options = { pollMs: 10, leaseMs: 5000, retryBaseMs: 20, logger };

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the job queue stored in the database", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    clock.reset();
    await server?.stop();
  });

  it("when three workers race for 60 jobs, then each job runs exactly once", async () => {
    const runs = new Map<string, number>();
    const definition: JobDefinition = {
      name: "test.race",
      async handle(payload) {
        const n = String(payload["n"]);
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      },
    };
    const workers = [1, 2, 3].map(() => new JobWorker([definition], options));
    await Promise.all(workers.map((w) => w.start()));
    await enqueueJobs(
      Array.from({ length: 60 }, (_, n) => ({ name: "test.race", key: `race:${n}`, payload: { n } })),
    );
    await until(
      "all 60 jobs done",
      async () => runs.size === 60 && (await JobModel.countDocuments({ name: "test.race" })) === 0,
    );
    await Promise.all(workers.map((w) => w.stop()));
    assert.equal(runs.size, 60);
    assert.deepEqual([...new Set(runs.values())], [1], "a job ran more than once");
  });

  it("when the same key is enqueued twice, even after its job finished, then it runs once", async () => {
    await enqueueJobs([{ name: "test.once", key: "once:1", runAt: new Date(Date.now() + 3_600_000) }]);
    await enqueueJobs([{ name: "test.once", key: "once:1", runAt: new Date(Date.now() + 3_600_000) }]);
    assert.equal(await JobModel.countDocuments({ key: "once:1" }), 1);
    // Also once the job has finished and left the queue.
    await JobModel.deleteOne({ key: "once:1" });
    await enqueueJobs([{ name: "test.once", key: "once:1" }]);
    assert.equal(await JobModel.countDocuments({ key: "once:1" }), 0);
  });

  it("when a holder's lease lapses (its process died), then another worker takes the job over, and the old holder cannot complete it", async () => {
    await enqueueJobs([{ name: "test.lease", key: "lease:1" }]);
    const first = await claimJob("dead-process", ["test.lease"], 200);
    assert.ok(first);
    assert.equal(await claimJob("other", ["test.lease"], 200, true), null, "a held job was taken");
    await new Promise((r) => setTimeout(r, 300));
    const second = await claimJob("other", ["test.lease"], 5000, true);
    assert.equal(second?.key, "lease:1");
    assert.equal(second?.attempts, 2);
    await completeJob(first._id, "dead-process");
    assert.equal(
      (await JobModel.findById(first._id).lean())?.status,
      "running",
      "the dead holder finished it",
    );
    await completeJob(second._id, "other");
    assert.equal(await JobModel.findById(first._id).lean(), null, "a finished job stays in the queue");
  });

  it("when a job keeps failing, then it is retried with growing delays and given up after its last attempt", async () => {
    const attemptsSeen: number[] = [];
    let gaveUp = "";
    const worker = new JobWorker(
      [
        {
          name: "test.fail",
          async handle(_payload, job) {
            attemptsSeen.push(job.attempts);
            throw new Error(`failure ${job.attempts}`);
          },
          async onGiveUp(_payload, error) {
            gaveUp = (error as Error).message;
          },
        },
      ],
      options,
    );
    await worker.start();
    await enqueueJobs([{ name: "test.fail", key: "fail:1", maxAttempts: 3 }]);
    await until("the job to fail for good", async () =>
      Boolean((await JobKeyModel.findById("fail:1").lean())?.failedAt),
    );
    await worker.stop();
    assert.deepEqual(attemptsSeen, [1, 2, 3]);
    assert.equal(gaveUp, "failure 3");
    assert.equal((await JobKeyModel.findById("fail:1").lean())?.lastError, "failure 3");
    assert.equal(await JobModel.countDocuments({ key: "fail:1" }), 0);
    const delays = [1, 2, 3, 4].map((a) => backoffMs(a, 1000));
    assert.ok(delays[0]! >= 800 && delays[0]! <= 1200);
    assert.ok(delays[3]! >= 6400 && delays[3]! <= 9600);
    assert.ok(backoffMs(30, 1000) <= 3_600_000 * 1.2);
  });

  it("when a handler postpones a job, then it runs again at that time without using up an attempt", async () => {
    let runs = 0;
    const worker = new JobWorker(
      [
        {
          name: "test.postpone",
          async handle() {
            runs++;
            if (runs === 1) return { postponeUntil: new Date(clock.nowMs() + 3_600_000) };
          },
        },
      ],
      options,
    );
    await worker.start();
    await enqueueJobs([{ name: "test.postpone", key: "postpone:1", maxAttempts: 1 }]);
    await until("the first run", async () => runs === 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(runs, 1, "it ran before its time");
    const queued = await JobModel.findOne({ key: "postpone:1" }).lean();
    assert.equal(queued?.status, "queued");
    assert.equal(queued?.attempts, 0);
    clock.advance(3_600_000);
    await until(
      "the postponed run",
      async () => runs === 2 && (await JobModel.countDocuments({ key: "postpone:1" })) === 0,
    );
    await worker.stop();
    clock.reset();
    assert.equal(runs, 2);
  });

  it("when stopped while a job runs, then the worker lets that job finish before it returns", async () => {
    let finished = false;
    const worker = new JobWorker(
      [
        {
          name: "test.slow",
          async handle() {
            await new Promise((r) => setTimeout(r, 300));
            finished = true;
          },
        },
      ],
      options,
    );
    await worker.start();
    await enqueueJobs([{ name: "test.slow", key: "slow:1" }]);
    await until(
      "the job to start",
      async () => (await JobModel.findOne({ key: "slow:1" }).lean())?.status === "running",
    );
    await worker.stop();
    assert.equal(finished, true);
    assert.equal(await JobModel.countDocuments({ key: "slow:1" }), 0);
  });
});
