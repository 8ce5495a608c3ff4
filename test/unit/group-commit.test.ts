import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { GroupCommit } from "@server/platform/group-commit.js";

interface RecordingWriter {
  /** Every batch writeBatch received, in call order. */
  batches: number[][];
  write: (items: number[]) => Promise<string[]>;
}

/** A writeBatch that records its batches, takes `delayMs`, answers `r<item>` and fails any batch holding `failOn`. */
function recordingWriter(delayMs = 0, failOn?: number): RecordingWriter {
  const batches: number[][] = [];
  return {
    batches,
    write: async (items) => {
      batches.push([...items]);
      await sleep(delayMs);
      if (failOn !== undefined && items.includes(failOn)) throw new Error(`batch with ${failOn} failed`);
      return items.map((item) => `r${item}`);
    },
  };
}

describe("GroupCommit", () => {
  it("when five submits arrive within the window, then they are written in one batch", async () => {
    const writer = recordingWriter();
    const commit = new GroupCommit(writer.write, { maxWaitMs: 20, maxBatch: 100 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((item) => commit.submit(item)));
    assert.equal(writer.batches.length, 1);
    assert.deepEqual(writer.batches, [[1, 2, 3, 4, 5]]);
    assert.deepEqual(results, ["r1", "r2", "r3", "r4", "r5"]);
  });

  it("when more than maxBatch items are queued, then they are split into batches of at most maxBatch", async () => {
    const writer = recordingWriter(5);
    const commit = new GroupCommit(writer.write, { maxWaitMs: 20, maxBatch: 3 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((item) => commit.submit(item)));
    assert.deepEqual(writer.batches, [[1, 2, 3], [4, 5, 6], [7]]);
    assert.deepEqual(results, ["r1", "r2", "r3", "r4", "r5", "r6", "r7"]);
  });

  it("when a batch reaches maxBatch, then it is written without waiting for the window", async () => {
    const writer = recordingWriter();
    const commit = new GroupCommit(writer.write, { maxWaitMs: 10_000, maxBatch: 2 });
    const started = Date.now();
    assert.deepEqual(await Promise.all([commit.submit(1), commit.submit(2)]), ["r1", "r2"]);
    assert.ok(Date.now() - started < 1_000, "a full batch waited for the 10 s window");
    assert.deepEqual(writer.batches, [[1, 2]]);
  });

  it("when callers land in different batches, then each gets the result for its own item", async () => {
    const writer = recordingWriter(30);
    const commit = new GroupCommit(writer.write, { maxWaitMs: 5, maxBatch: 100 });
    const first = [commit.submit(10), commit.submit(20)];
    while (writer.batches.length === 0) await sleep(1); // the first batch is now being written
    const second = [commit.submit(30), commit.submit(40), commit.submit(50)];
    assert.deepEqual(await Promise.all([...first, ...second]), ["r10", "r20", "r30", "r40", "r50"]);
    assert.deepEqual(writer.batches, [
      [10, 20],
      [30, 40, 50],
    ]);
  });

  it("when a submit comes after the previous batch was written, then it opens a new batch", async () => {
    const writer = recordingWriter();
    const commit = new GroupCommit(writer.write, { maxWaitMs: 5, maxBatch: 100 });
    assert.equal(await commit.submit(1), "r1");
    assert.equal(await commit.submit(2), "r2");
    assert.deepEqual(writer.batches, [[1], [2]]);
  });

  it("when a batch fails, then all its callers are rejected with that error and the next batch still works", async () => {
    const writer = recordingWriter(0, 2);
    const commit = new GroupCommit(writer.write, { maxWaitMs: 5, maxBatch: 100 });
    const outcomes = await Promise.allSettled([commit.submit(1), commit.submit(2), commit.submit(3)]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["rejected", "rejected", "rejected"],
    );
    for (const outcome of outcomes) {
      assert.equal(outcome.status, "rejected");
      assert.equal((outcome.reason as Error).message, "batch with 2 failed");
    }
    assert.equal(await commit.submit(4), "r4");
    assert.deepEqual(writer.batches, [[1, 2, 3], [4]]);
  });

  it("when drain() is called, then it resolves only after every queued item has been written", async () => {
    const writer = recordingWriter(10);
    const commit = new GroupCommit(writer.write, { maxWaitMs: 10_000, maxBatch: 2 });
    const settled: number[] = [];
    const submits = [1, 2, 3, 4, 5].map((item) => commit.submit(item).then(() => settled.push(item)));
    const started = Date.now();
    await commit.drain();
    assert.ok(Date.now() - started < 1_000, "drain waited for the 10 s window instead of flushing");
    assert.deepEqual(writer.batches, [[1, 2], [3, 4], [5]]);
    assert.deepEqual(
      [...settled].sort((a, b) => a - b),
      [1, 2, 3, 4, 5],
    );
    await Promise.all(submits);
  });

  it("when drain() is called with a failing batch queued, then it still resolves and later batches are written", async () => {
    const writer = recordingWriter(5, 1);
    const commit = new GroupCommit(writer.write, { maxWaitMs: 10_000, maxBatch: 1 });
    const outcome = (item: number): Promise<string> =>
      commit.submit(item).then(
        (result) => result,
        (error: Error) => `rejected: ${error.message}`,
      );
    const outcomes = [outcome(1), outcome(2)];
    await commit.drain();
    assert.deepEqual(writer.batches, [[1], [2]]);
    assert.deepEqual(await Promise.all(outcomes), ["rejected: batch with 1 failed", "r2"]);
  });

  it("when an item is waiting for its window, then drain() writes it at once", async () => {
    const writer = recordingWriter();
    const commit = new GroupCommit(writer.write, { maxWaitMs: 10_000, maxBatch: 100 });
    const result = commit.submit(7);
    const started = Date.now();
    await commit.drain();
    assert.ok(Date.now() - started < 1_000, "drain waited for the 10 s window instead of flushing");
    assert.deepEqual(writer.batches, [[7]]);
    assert.equal(await result, "r7");
  });

  it("when nothing is queued, then drain() resolves without writing", async () => {
    const writer = recordingWriter();
    const commit = new GroupCommit(writer.write, { maxWaitMs: 5, maxBatch: 10 });
    await commit.drain();
    assert.deepEqual(writer.batches, []);
  });
});
