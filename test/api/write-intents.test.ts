import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { RollupDeltaModel } from "@server/analytics/rollup.model.js";
import { rebuildRollups } from "@server/analytics/rollups-rebuild.js";
import { readCellCounts } from "@server/analytics/rollups.service.js";
import { ResponseModel } from "@server/responses/response.model.js";
import { crashNextBatch } from "@server/responses/responses.service.js";
import { repairUnsettledWrites } from "@server/responses/write-intents.js";
import { communityAnswers } from "../helpers/answers.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/**
 * A write batch stopped part way, as a process killed there leaves it (issue 13): the repair
 * counts exactly what the batch stored, resends answer as they should, nothing counts twice.
 */
describe("write intents: a batch stopped part way is counted once, without an operator", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let survey: { id: string; slug: string };

  const send = async (submissionId: string, i: number) => {
    const response = await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ submissionId, language: "en", answers: communityAnswers(i) }),
    });
    return response.status;
  };
  const n = async () => ((await analyst.get(`/api/v1/surveys/${survey.id}/results`)).body as { n: number }).n;
  const stored = () => ResponseModel.countDocuments({ survey: survey.id });
  const waitForCount = async (expected: number) => {
    const deadline = Date.now() + 15_000;
    let seen = await n();
    while (seen !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      seen = await n();
    }
    return seen;
  };

  before(async () => {
    // One batch gathers every request of a burst, so the stopped batch is the whole burst.
    server = await startTestServer({ GROUP_COMMIT_MAX_WAIT_MS: "100" });
    const { clients } = await buildAgency(server.url, ["admin", "analyst"]);
    analyst = clients.analyst;
    survey = await publishFromTemplate(clients.admin);
  });
  after(() => server.stop());

  it("when a batch stops after its responses are stored, then they are counted within seconds, and their resend answers duplicate and counts nothing", async () => {
    const earlier = Array.from({ length: 4 }, () => randomUUID());
    for (const [i, id] of earlier.entries()) assert.equal(await send(id, i), 201);
    assert.equal(await waitForCount(4), 4);

    // The stopped batch holds new submissions and the resend of one already counted.
    const fresh = Array.from({ length: 5 }, () => randomUUID());
    crashNextBatch("afterInsert");
    const statuses = await Promise.all([...fresh, earlier[0]!].map((id, i) => send(id, 10 + i)));
    assert.ok(
      statuses.every((status) => status === 500),
      `the stopped batch answered ${statuses.join(", ")}`,
    );
    assert.equal(await stored(), 9, "the stopped batch stored its new responses");
    assert.equal(await n(), 4, "an unsettled batch is not counted before the repair");
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id, settled: false }), 1);

    assert.equal(await waitForCount(9), 9, "the repair counted the stored responses once");
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id, settled: false }), 0);
    const resent = await Promise.all(fresh.map((id, i) => send(id, 10 + i)));
    assert.deepEqual(resent, [200, 200, 200, 200, 200], "a stored response's resend is a duplicate");
    assert.equal(await n(), 9);
    assert.equal(await stored(), 9);
    // What the repair counted, read back from the responses, is what a recount from them gives.
    // Weighting cells too: the agency here has no margins, so the bodies alone would not show them.
    const counted = async () => ({
      body: (await analyst.get(`/api/v1/surveys/${survey.id}/results`)).body,
      cells: Object.fromEntries(await readCellCounts({ surveyId: survey.id })),
    });
    const repaired = await counted();
    assert.ok(Object.keys(repaired.cells).length > 0);
    await rebuildRollups(survey.id);
    assert.deepEqual(await counted(), repaired);
  });

  it("when a batch stops after its intent, before its responses, then the intent counts nothing and the resend is stored and counted once", async () => {
    const before = await n();
    const ids = Array.from({ length: 3 }, () => randomUUID());
    crashNextBatch("afterIntent");
    const statuses = await Promise.all(ids.map((id, i) => send(id, 20 + i)));
    assert.ok(
      statuses.every((status) => status === 500),
      `the stopped batch answered ${statuses.join(", ")}`,
    );
    assert.equal(await stored(), before);

    // The repair runs on start too: called here at a moment past the in-flight margin.
    const report = await repairUnsettledWrites(Date.now() + 5000);
    assert.deepEqual(report, { settled: 1, counted: 0, discarded: 1 });
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id, settled: false }), 0);
    const resent = await Promise.all(ids.map((id, i) => send(id, 20 + i)));
    assert.deepEqual(resent, [201, 201, 201]);
    assert.equal(await waitForCount(before + 3), before + 3);
    assert.equal(await stored(), before + 3);
  });

  it("when another process's heartbeat shows it gone, then the periodic repair sweeps and settles the intent it left", async () => {
    const heartbeats = mongoose.model("ProcessHeartbeat").collection;
    // Its last beat is long past, and nothing was stored under its intent.
    await heartbeats.insertOne({
      _id: "gone-process",
      host: "elsewhere",
      pid: 1,
      seenAt: new Date(0),
    } as never);
    await RollupDeltaModel.collection.insertOne({
      survey: survey.id,
      agency: "gone",
      sources: [],
      ids: [randomUUID()],
      writer: "gone-process",
      settled: false,
      createdAt: new Date(Date.now() - 60_000),
    });
    const unsettled = () => RollupDeltaModel.countDocuments({ survey: survey.id, settled: false });
    const deadline = Date.now() + 10_000;
    while ((await unsettled()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await unsettled(), 0, "the gone process's intent was left unsettled");
    await heartbeats.deleteOne({ _id: "gone-process" } as never);
  });

  it("when another live process has a batch in flight, then the repair leaves its intent alone", async () => {
    await RollupDeltaModel.collection.insertOne({
      survey: survey.id,
      agency: "in-flight",
      sources: [],
      ids: [],
      // This very process: alive, and the batch not given up.
      writer: (await import("@server/platform/lease.js")).PROCESS_ID,
      settled: false,
      createdAt: new Date(Date.now() - 60_000),
    });
    const report = await repairUnsettledWrites();
    assert.equal(report.settled, 0);
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id, settled: false }), 1);
    await RollupDeltaModel.deleteMany({ survey: survey.id, settled: false });
  });
});
