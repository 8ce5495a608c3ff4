import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { RollupCatalogModel, RollupDeltaModel } from "@server/analytics/rollup.model.js";
import { CellPackModel, packOf, type CellPackDoc } from "@server/analytics/cell-packs.js";
import { unpack } from "../helpers/rollup-packs.js";
import { compactSurvey } from "@server/analytics/rollup-store.js";
import { parseUnitViewSegment, UNIT_VIEWS_ALL } from "@server/analytics/unit-rollups.js";
import { withDatabaseName } from "@server/platform/database.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { runScript, within } from "../helpers/process.js";
import { seededRandom } from "../helpers/random.js";
import { startTestServer, testEngineUri, type TestServer } from "../helpers/server.js";
import { inviteContact, scopeStaff } from "../helpers/units.js";
import { scannedOfficerFeedback, scannedUnitViews } from "../helpers/unit-scan.js";

const PJ_ITEMS = ["q_pj_listened", "q_pj_explained", "q_pj_fair", "q_pj_facts", "q_pj_respect", "q_pj_cared"];
// Units A–D with two or three officers each, officers answering in more than one unit, and
// responses with no unit, no officer, or an officer but no unit: every shape the views count.
const CONTACTS: Array<[string | null, string | null]> = [
  ["A", "A1"],
  ["A", "A1"],
  ["A", "A2"],
  ["A", "A2"],
  ["A", "A3"],
  ["A", null],
  ["B", "B1"],
  ["B", "B1"],
  ["B", "B2"],
  ["B", "A1"],
  ["C", "C1"],
  ["C", "C1"],
  ["C", "C2"],
  ["D", "D1"],
  [null, null],
  [null, null],
  [null, "B2"],
];

describe("unit views from rollups", () => {
  let server: TestServer;
  let admin: ApiClient;
  let officer: ApiClient;
  let agencyId: string;
  let survey: { id: string; slug: string };
  const random = seededRandom(14);
  const db = () => mongoose.connection.db!;

  /** One answer to an invitation naming `contact`: each item its own Likert value, some "don't know". */
  const answer = async (contact: [string | null, string | null]) => {
    const [unit, badge] = contact;
    const token = unit || badge ? await inviteContact(survey, agencyId, { unit, officer: badge }) : null;
    const answers: Record<string, unknown> = {
      q_contact_type: "call_for_service",
      q_satisfaction: 4,
      q_trust_after: 3,
    };
    for (const item of PJ_ITEMS) answers[item] = Math.floor(random() * 6);
    answers["q_trust_after"] = 1 + Math.floor(random() * 5);
    const response = await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        submissionId: randomUUID(),
        language: "en",
        answers,
        ...(token ? { token } : {}),
      }),
    });
    assert.equal(response.status, 201, await response.text());
  };
  const answerMany = async (count: number) => {
    for (let i = 0; i < count; i++) await answer(CONTACTS[Math.floor(random() * CONTACTS.length)]!);
  };

  /** What the views answer now, next to what the scan of stored responses gives. */
  const assertViewsEqualScan = async (when: string) => {
    const expected = await scannedUnitViews(db(), survey.id, 5);
    assert.ok(expected.responses.length > 0);
    const listed = await admin.get<{ units: string[] }>("/api/v1/units");
    assert.deepEqual(listed.body.units, expected.units, `${when}: units listed`);
    for (const unit of [...expected.units, "Z"]) {
      const res = await admin.get<Record<string, unknown>>(
        `/api/v1/units/${unit}/results?survey=${survey.id}`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const { survey: _survey, ...body } = res.body;
      assert.deepEqual(body, expected.bodyOf(unit), `${when}: unit ${unit}`);
    }
    for (const badge of ["A1", "B2"]) {
      await scopeStaff(admin, officerEmail, { badge });
      const res = await officer.get<{ feedback: Record<string, unknown> }>(
        `/api/v1/officers/me/feedback?survey=${survey.id}`,
      );
      const { survey: _survey, ...feedback } = res.body.feedback;
      assert.deepEqual(
        feedback,
        await scannedOfficerFeedback(db(), survey.id, badge, 5),
        `${when}: ${badge}`,
      );
    }
  };
  let officerEmail = "";

  /** The survey's unit-view rollups, by `_id`. */
  const unitViewDocuments = async () =>
    new Map(
      (await CellPackModel.find({ survey: survey.id }).lean<CellPackDoc[]>())
        .flatMap(unpack)
        .filter((doc) => parseUnitViewSegment(doc.segment) !== null)
        .map(({ _id, seq: _seq, ...doc }) => [_id, doc]),
    );

  before(async () => {
    // Compaction only when a test asks for it: the first comparison reads pending deltas.
    server = await startTestServer({ ROLLUP_COMPACT_INTERVAL_MS: "60000" });
    const built = await buildAgency(server.url, ["admin", "designer", "officer"]);
    ({ admin, officer } = built.clients);
    agencyId = built.agencyId;
    officerEmail = `officer-${built.slug}@example.org`;
    const patched = await admin.patch(`/api/v1/agency`, { unitMinimumN: 5 });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    survey = await publishFromTemplate(built.clients.designer, "post-contact");
  });
  after(async () => {
    await server?.stop();
  });

  it("when 120 responses wait in rollup deltas, then every unit and officer view equals the scan of stored responses", async () => {
    await answerMany(120);
    assert.ok((await RollupDeltaModel.countDocuments({ survey: survey.id })) > 0, "deltas still pending");
    await assertViewsEqualScan("pending deltas");
  });

  it("when the deltas are compacted and more responses arrive, then the views still equal the scan", async () => {
    while ((await compactSurvey(survey.id)) > 0);
    assert.equal(await RollupDeltaModel.countDocuments({ survey: survey.id }), 0);
    assert.ok((await unitViewDocuments()).size > 10, "a rollup per unit, officer and badge");
    await assertViewsEqualScan("compacted");
    await answerMany(40);
    await assertViewsEqualScan("compacted and pending");
  });

  it("when `rollups rebuild` recounts the survey, then the unit-view documents are equal field by field and so are the views", async () => {
    while ((await compactSurvey(survey.id)) > 0);
    const live = await unitViewDocuments();
    const cli = runScript("server/cli.ts", ["rollups", "rebuild", "--survey", survey.id], {
      MONGODB_URI: withDatabaseName(testEngineUri(), server.databaseName),
      LOG_LEVEL: "silent",
    });
    assert.equal(await within(120_000, cli.exited, "the rebuild command"), 0, cli.output());
    assert.deepEqual(await unitViewDocuments(), live);
    await assertViewsEqualScan("rebuilt");
  });

  it("when a database holds responses stored before unit rollups existed, then the next start counts them once and records it", async () => {
    // What such a database looks like: no unit-view rollups, none in the catalog, no record.
    await CellPackModel.deleteOne({ _id: packOf(survey.id, UNIT_VIEWS_ALL, "all").id });
    assert.equal((await unitViewDocuments()).size, 0);
    const catalog = await RollupCatalogModel.findById(survey.id).lean();
    await RollupCatalogModel.updateOne(
      { _id: survey.id },
      {
        $set: {
          seq: catalog!.seq + 1,
          segments: catalog!.segments.filter((segment) => parseUnitViewSegment(segment) === null),
        },
      },
    );
    await db()
      .collection("migrations")
      .deleteOne({ _id: "unit-view-rollups" as never });
    const before = await admin.get<{ units: string[] }>("/api/v1/units");
    assert.deepEqual(before.body.units, [], "the views miss those responses until they are counted");

    const dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-unit-rollups-"));
    const start = () =>
      runScript("server/main.ts", [], {
        DATA_DIR: dataDir,
        MONGODB_URI: withDatabaseName(testEngineUri(), server.databaseName),
        PORT: "0",
        LOG_LEVEL: "info",
        SEED_DEMO: "0",
        DATA_ENCRYPTION_KEY: "ab".repeat(32),
        FORM_SIGNING_KEY: "unit-rollups-form-signing-key-0123456789",
      });
    try {
      for (const round of [1, 2]) {
        const process = start();
        await within(60_000, process.ready, "the server start");
        process.child.kill("SIGTERM");
        await within(30_000, process.exited, "the server stop");
        const counted = /"responses":(\d+).*stored responses counted in unit views/.exec(process.output());
        if (round === 1) assert.equal(counted?.[1], "160", process.output());
        else assert.equal(counted, null, "the second start counts nothing");
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    assert.ok(
      await db()
        .collection("migrations")
        .findOne({ _id: "unit-view-rollups" as never }),
    );
    await assertViewsEqualScan("counted at start");
  });
});
