import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CellPackModel, type CellPackDoc } from "@server/analytics/cell-packs.js";
import { unpack } from "../helpers/rollup-packs.js";
import { RollupCatalogModel, RollupDeltaModel } from "@server/analytics/rollup.model.js";
import { compactSurvey } from "@server/analytics/rollup-store.js";
import { compactRollups } from "@server/analytics/rollups.service.js";
import { communityAnswers } from "../helpers/answers.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

describe("rollup deltas and their compaction", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let admin: ApiClient;
  let survey: { id: string; slug: string };

  const results = async (query = "") =>
    (await analyst.get(`/api/v1/surveys/${survey.id}/results${query}`)).body;
  const submitMany = async (from: number, count: number) => {
    const replies = await Promise.all(
      Array.from({ length: count }, (_, i) => submit(server.url, survey.slug, communityAnswers(from + i))),
    );
    for (const r of replies) assert.equal(r.status, 201);
  };

  before(async () => {
    // The compactor is left idle so each test decides when compaction happens.
    server = await startTestServer({ ROLLUP_COMPACT_INTERVAL_MS: "60000" });
    ({
      clients: { analyst, admin },
    } = await buildAgency(server.url, ["admin", "analyst"]));
    survey = await publishFromTemplate(admin);
  });
  after(() => server.stop());

  it("counts a response at once from its delta, and identically after compaction", async () => {
    await submitMany(0, 60);
    assert.ok((await RollupDeltaModel.countDocuments({ survey: survey.id })) > 0);
    const beforeAll = await results();
    const beforeD2 = await results("?district=D2");
    assert.equal((beforeAll as { n: number }).n, 60);

    assert.ok((await compactRollups()) > 0);
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id }), 0);
    assert.ok((await CellPackModel.countDocuments({ survey: survey.id })) > 3);
    assert.deepEqual(await results(), beforeAll);
    assert.deepEqual(await results("?district=D2"), beforeD2);
  });

  it("when a compaction dies half-way, then reads stay exact and the next run finishes it once", async () => {
    await submitMany(60, 30);
    const expected = await results();
    const expectedTrend = (await analyst.get(`/api/v1/surveys/${survey.id}/trends?interval=week`)).body;
    assert.equal((expected as { n: number }).n, 90);

    await assert.rejects(compactSurvey(survey.id, { afterPacks: 5 }), /simulated crash/);
    assert.deepEqual(await results(), expected, "a half-done compaction changed what readers see");
    assert.deepEqual(
      (await analyst.get(`/api/v1/surveys/${survey.id}/trends?interval=week`)).body,
      expectedTrend,
    );

    await compactRollups();
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id }), 0);
    assert.deepEqual(await results(), expected, "recovery counted a delta twice or lost one");
  });

  it("when a compaction dies after writing some packs, then the rerun leaves what they hold untouched", async () => {
    await submitMany(130, 30);
    const expected = await results();
    const catalog = await RollupCatalogModel.findById(survey.id).lean<{ seq: number }>();
    const seq = (catalog?.seq ?? 0) + 1;
    const rollups = async () =>
      (await CellPackModel.find({ survey: survey.id }).lean<CellPackDoc[]>()).flatMap(unpack);

    await assert.rejects(compactSurvey(survey.id, { afterPacks: 3 }), /simulated crash/);
    const written = (await rollups()).filter((rollup) => rollup.seq === seq);
    assert.ok(written.length > 0, "the simulated crash should leave some rollups written");
    assert.deepEqual(await results(), expected);

    await compactRollups();
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id }), 0);
    const now = new Map((await rollups()).map((rollup) => [rollup._id, rollup]));
    for (const rollup of written) {
      assert.deepEqual(now.get(rollup._id), rollup, `recovery added to ${rollup._id} again`);
    }
    assert.deepEqual(await results(), expected);
  });

  it("when reads race a compaction, then every read sees exactly the stored responses", async () => {
    await submitMany(160, 40);
    const compaction = compactRollups();
    const reads = await Promise.all(Array.from({ length: 12 }, () => results()));
    await compaction;
    for (const read of reads) assert.equal((read as { n: number }).n, 160);
    assert.equal(((await results()) as { n: number }).n, 160);
  });
});
