import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import mongoose from "mongoose";
import { CellPackModel, type CellPackDoc } from "@server/analytics/cell-packs.js";
import { decodeCells, unpack } from "../helpers/rollup-packs.js";
import { clearCountsCache } from "@server/analytics/counts-cache.js";
import { clearResultsCache } from "@server/analytics/results-cache.js";
import { RollupDeltaModel, RollupModel } from "@server/analytics/rollup.model.js";
import { compactSurvey, migrateToPacks } from "@server/analytics/rollup-store.js";
import { compactRollups } from "@server/analytics/rollups.service.js";
import { communityAnswers } from "../helpers/answers.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const MIGRATIONS = ["rollup-cell-packs", "rollup-packs"];
const migrations = () => mongoose.connection.collection<{ _id: string }>("migrations");

describe("rollups packed per survey and period (weighting cells per district too)", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let admin: ApiClient;
  let survey: { id: string; slug: string };

  const weighted = async () => {
    const res = await analyst.get<{ n: number; weighting: { applied: boolean; cells: number } }>(
      `/api/v1/surveys/${survey.id}/results?weighted=true`,
    );
    assert.equal(res.status, 200);
    return res.body;
  };
  /** What a dashboard shows: weighted results, unweighted by district, and a weekly trend. */
  const figures = async () => ({
    weighted: await weighted(),
    byDistrict: (await analyst.get(`/api/v1/surveys/${survey.id}/results?district=D2`)).body,
    trend: (await analyst.get(`/api/v1/surveys/${survey.id}/trends?interval=week`)).body,
  });
  /** The database as a server started before packs wrote it: a rollup document per segment × period. */
  const writeOldLayout = async (): Promise<number> => {
    const packs = await CellPackModel.find({ survey: survey.id }).lean<CellPackDoc[]>();
    const rollups = packs.flatMap(unpack);
    await RollupModel.collection.insertMany(rollups as never[]);
    await CellPackModel.deleteMany({ survey: survey.id });
    await migrations().deleteMany({ _id: { $in: MIGRATIONS } });
    return rollups.length;
  };
  const oldDocuments = () => RollupModel.countDocuments({ survey: survey.id });

  before(async () => {
    server = await startTestServer({ ROLLUP_COMPACT_INTERVAL_MS: "60000" });
    ({
      clients: { analyst, admin },
    } = await buildAgency(server.url, ["admin", "analyst"]));
    survey = await publishFromTemplate(admin);
    const margins = await admin.post("/api/v1/agency/margins/from-counts", {
      counts: { district: { D1: 1000, D2: 1000, D3: 2000 } },
    });
    assert.equal(margins.status, 200, JSON.stringify(margins.body));
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) => submit(server.url, survey.slug, communityAnswers(i))),
    );
    for (const r of replies) assert.equal(r.status, 201);
    await compactRollups();
  });
  after(() => server.stop());
  // Each read below must come from the stored documents, as in a process that just started.
  beforeEach(() => {
    clearCountsCache();
    clearResultsCache();
  });

  it("when responses are compacted, then their rollups live in a few packs and none has a document", async () => {
    const packs = await CellPackModel.find({ survey: survey.id }).lean<CellPackDoc[]>();
    const rollups = packs.flatMap(unpack);
    const cells = rollups.filter((r) => r.segment.startsWith("cell:"));
    assert.ok(rollups.length > packs.length * 3, `${rollups.length} rollups in ${packs.length} packs`);
    assert.equal(
      cells.reduce((n, c) => n + (c.period === "all" ? c.n : 0), 0),
      60,
    );
    assert.equal(rollups.find((r) => r.segment === "all" && r.period === "all")?.n, 60);
    assert.equal(await oldDocuments(), 0);
    const body = await weighted();
    assert.equal(body.weighting.applied, true);
    assert.equal(body.weighting.cells, cells.filter((c) => c.period === "all").length);
  });

  it("when the database holds a document per rollup (the old layout), then the migration packs them once and every figure is unchanged", async () => {
    const expected = await figures();
    const written = await writeOldLayout();
    assert.ok(written > 0);
    assert.equal(await CellPackModel.countDocuments({ survey: survey.id }), 0);

    assert.deepEqual(await migrateToPacks(), { moved: written });
    assert.equal(await oldDocuments(), 0);
    for (const migration of MIGRATIONS) {
      assert.ok(await migrations().findOne({ _id: migration }), `${migration} was not recorded`);
    }
    assert.deepEqual(await figures(), expected);
    // Recorded: a second start does not look again.
    assert.deepEqual(await migrateToPacks(), { moved: 0 });
  });

  it("when a migration died after writing packs but before deleting their documents, then the rerun counts each rollup once", async () => {
    const expected = await figures();
    const packs = await CellPackModel.find({ survey: survey.id }).lean<CellPackDoc[]>();
    await writeOldLayout();
    // The packs come back as they were: written, their old documents not yet deleted.
    await CellPackModel.insertMany(packs);
    assert.ok((await oldDocuments()) > 0);

    await migrateToPacks();
    assert.equal(await oldDocuments(), 0);
    assert.deepEqual(await figures(), expected);
  });

  it("when a compaction dies after writing one cell pack, then weighted reads stay exact and the next run adds each response once", async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => submit(server.url, survey.slug, communityAnswers(100 + i))),
    );
    for (const r of replies) assert.equal(r.status, 201);
    const expected = await weighted();
    assert.equal(expected.n, 90);
    const before = await CellPackModel.find({ survey: survey.id }).lean<CellPackDoc[]>();

    await assert.rejects(compactSurvey(survey.id, { afterPacks: 1 }), /simulated crash/);
    const after = await CellPackModel.find({ survey: survey.id }).lean<CellPackDoc[]>();
    const contents = (pack?: CellPackDoc) => (pack ? JSON.stringify([...decodeCells(pack)]) : "");
    const changed = after.filter(
      (pack) => contents(before.find((b) => b._id === pack._id)) !== contents(pack),
    );
    assert.equal(changed.length, 1, "the simulated crash should leave exactly one pack written");
    clearCountsCache();
    clearResultsCache();
    assert.deepEqual(await weighted(), expected, "a half-done compaction changed the weighted read");

    await compactRollups();
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id }), 0);
    clearCountsCache();
    clearResultsCache();
    assert.deepEqual(await weighted(), expected, "recovery counted a cell twice or lost one");
  });
});
