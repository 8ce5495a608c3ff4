import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { RollupCompactionModel, RollupDeltaModel, RollupModel } from "@server/analytics/rollup.model.js";
import { CellPackModel, cellPackId, packOf, type CellPackDoc } from "@server/analytics/cell-packs.js";
import { decodeCells, encodeCells, unpack } from "../helpers/rollup-packs.js";
import { withDatabaseName } from "@server/platform/database.js";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers, Question } from "@shared/survey.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { runScript, within } from "../helpers/process.js";
import { startTestServer, testEngineUri, type TestServer } from "../helpers/server.js";

/** mulberry32: a small seeded generator, so every run stores the same 5,000 responses. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LIKERT = [
  "q_safe_day",
  "q_safe_night",
  "q_safe_overall",
  "q_trust_overall",
  "q_legit_values",
  "q_legit_law",
  "q_trust_confidence",
  "q_pj_care",
  "q_engage_partner",
  "q_engage_report",
];
const ITEMS = ["listens", "explains", "fair", "facts", "respect", "motives"];
const PRIORITIES = ["violent_crime", "property_crime", "traffic", "drugs", "youth", "mental_health", "other"];
// Three days over two ISO weeks and two months.
const DAYS = ["2026-01-30", "2026-01-31", "2026-02-02"];

/** Mixed answers: every question type, skip logic, optional and missing demographics, both versions. */
function mixedAnswers(random: () => number, version: 1 | 2): Answers {
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  const maybe = (p: number): boolean => random() < p;
  const answers: Answers = {};
  for (const id of LIKERT) answers[id] = Math.floor(random() * 6);
  answers["q_pj_general"] = Object.fromEntries(ITEMS.map((item) => [item, Math.floor(random() * 6)]));
  answers["q_priorities"] = [...new Set([pick(PRIORITIES), pick(PRIORITIES)])];
  const contact = maybe(0.4);
  answers["q_contact"] = contact;
  if (contact) answers["q_contact_satisfaction"] = 1 + Math.floor(random() * 5);
  if (maybe(0.2))
    answers["q_comment"] = pick(["More patrols please", "Call 555-123-4567", "Thanks, officers"]);
  if (maybe(0.8)) answers["q_district"] = pick(["D1", "D2", "D3"]);
  // Few demographic categories keep the number of weighting cells (and the run time) modest:
  // on the embedded engine every distinct rollup document a batch touches costs one upsert.
  if (maybe(0.7)) answers["q_age"] = pick(["18_24", "prefer_not"]);
  if (maybe(0.6)) answers["q_gender"] = "woman";
  if (version === 1 && maybe(0.1)) answers["q_race"] = "white";
  if (version === 2 && maybe(0.7)) answers["q_years"] = Math.round(random() * 400) / 10;
  return answers;
}

type Flat = Map<string, unknown>;

/** A rollup document as path → value (ids as strings), so two documents compare field by field. */
function flatten(value: unknown, path = "", out: Flat = new Map()): Flat {
  if (value && typeof value === "object" && !Array.isArray(value) && !("_bsontype" in value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, value && typeof value === "object" ? String(value) : value);
  }
  return out;
}

/**
 * Every rollup of the survey once pending increments are folded in (documents, and weighting
 * cells taken out of their packs), without `_id` and `seq` (which compaction wrote it:
 * bookkeeping, not a count).
 */
async function snapshot(surveyId: string): Promise<Map<string, Flat>> {
  // The server's compactor folds pending increments into the documents; wait until it has.
  for (let waited = 0; ; waited += 100) {
    const pending =
      (await RollupDeltaModel.countDocuments({ survey: surveyId })) +
      (await RollupCompactionModel.countDocuments({ survey: surveyId }));
    if (pending === 0) break;
    if (waited > 120_000) throw new Error(`${pending} rollup increments still pending after 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const packs = await CellPackModel.find({ survey: surveyId }).lean<CellPackDoc[]>();
  const docs = [...(await RollupModel.find({ survey: surveyId }).lean()), ...packs.flatMap(unpack)];
  return new Map(
    docs.map((doc) => {
      const { _id: _id, seq: _seq, ...rest } = doc;
      return [`${doc.period}|${doc.segment}`, flatten(rest)];
    }),
  );
}

describe("rollups rebuild", () => {
  let server: TestServer;
  let admin: ApiClient;
  let survey: { id: string; slug: string };
  let live: Map<string, Flat>;
  const TOTAL = 5000;

  before(async () => {
    // Large write batches: each batch touches nearly every rollup document once, whatever its size.
    server = await startTestServer({ GROUP_COMMIT_MAX_BATCH: "2000", GROUP_COMMIT_MAX_WAIT_MS: "100" });
    ({
      clients: { admin },
    } = await buildAgency(server.url, ["admin"]));
    survey = await publishFromTemplate(admin);
    const random = generator(20261124);
    const store = (version: 1 | 2, submissionId = randomUUID()) =>
      submitResponse(
        survey.slug,
        {
          submissionId,
          language: random() < 0.3 ? "es" : "en",
          channel: random() < 0.5 ? "qr" : "link",
          answers: mixedAnswers(random, version),
        },
        new Date(`${DAYS[Math.floor(random() * DAYS.length)]}T18:00:00Z`),
      );

    // Version 1: 2,400 responses through the service (dated), 100 over HTTP (today), 20 replays.
    // Version 2: 2,500 more through the service.
    for (const size of [1200, 1200]) await Promise.all(Array.from({ length: size }, () => store(1)));
    const httpIds = Array.from({ length: 100 }, () => randomUUID());
    const post = (submissionId: string, i: number) =>
      fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ submissionId, answers: mixedAnswers(generator(i), 1) }),
      });
    for (const r of await Promise.all(httpIds.map(post))) assert.equal(r.status, 201);
    for (const r of await Promise.all(httpIds.slice(0, 20).map(post))) assert.equal(r.status, 200);

    // Version 2 drops the race question and adds a number question with fractional answers.
    const current = await admin.get<{ survey: { questions: Question[] } }>(`/api/v1/surveys/${survey.id}`);
    const questions: Question[] = [
      ...current.body.survey.questions.filter((q) => q.id !== "q_race"),
      {
        id: "q_years",
        type: "number",
        prompt: { en: "How many years have you lived here?", es: "¿Cuántos años lleva viviendo aquí?" },
        min: 0,
        max: 100,
      },
    ];
    const patched = await admin.patch<{ survey: { version: number } }>(`/api/v1/surveys/${survey.id}`, {
      questions,
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.survey.version, 2);
    for (const size of [1250, 1250]) await Promise.all(Array.from({ length: size }, () => store(2)));
    live = await snapshot(survey.id);
  });
  after(() => server.stop());

  it("when 5,000 mixed responses are stored, then the live rollups count each exactly once", () => {
    const all = live.get("all|all")!;
    assert.equal(all.get("n"), TOTAL);
    // Each version's questions are counted with that version: q_race only by version 1.
    assert.ok((all.get("a.q_race") as number) > 0);
    assert.ok((all.get("a.q_years") as number) > 0);
    assert.ok([...live.keys()].some((key) => key.startsWith("m:2026-01|cell:D1|")));
  });

  it("when the rollups are damaged and rebuilt by the CLI, then every document equals the live one field by field", async () => {
    const totals = await CellPackModel.findById(packOf(survey.id, "all", "all").id).lean<CellPackDoc>();
    const damaged = decodeCells(totals!);
    const total = damaged.get("all")!;
    total.n += 7;
    (total.c["q_safe_day"] as Record<string, number>)["3"]! += 2;
    await CellPackModel.updateOne({ _id: totals!._id }, { $set: { cells: encodeCells(damaged) } });
    const cell = [...live.keys()].find((key) => key.startsWith("all|cell:D2|"))!.slice("all|".length);
    const pack = await CellPackModel.findById(cellPackId(survey.id, "D2", "all")).lean<CellPackDoc>();
    const cells = decodeCells(pack!);
    const kept = cells.get(cell)!;
    cells.delete(cell);
    await CellPackModel.updateOne({ _id: pack!._id }, { $set: { cells: encodeCells(cells) } });
    // A cell pack for a day: the recount never makes one, so the rebuild must remove it.
    await CellPackModel.create({
      ...pack,
      _id: cellPackId(survey.id, "D2", "d:2026-01-30"),
      period: "d:2026-01-30",
      cells: encodeCells(new Map([[cell, kept]])),
    });

    const cli = runScript("server/cli.ts", ["rollups", "rebuild", "--survey", survey.id], {
      MONGODB_URI: withDatabaseName(testEngineUri(), server.databaseName),
      LOG_LEVEL: "silent",
    });
    const code = await within(240_000, cli.exited, "the rebuild command");
    assert.equal(code, 0, cli.output());
    assert.match(cli.output(), new RegExp(`${TOTAL} responses, ${live.size} rollups, 1 stale removed`));

    const rebuilt = await snapshot(survey.id);
    assert.deepEqual([...rebuilt.keys()].sort(), [...live.keys()].sort());
    const differences: string[] = [];
    for (const [key, fields] of live) {
      const other = rebuilt.get(key)!;
      for (const path of new Set([...fields.keys(), ...other.keys()])) {
        if (!Object.is(fields.get(path), other.get(path)))
          differences.push(
            `${key} ${path}: live ${String(fields.get(path))}, rebuilt ${String(other.get(path))}`,
          );
      }
    }
    assert.deepEqual(differences.slice(0, 20), []);
  });

  it("when the survey id is malformed or unknown, then the command fails with a clear message", async () => {
    const env = { MONGODB_URI: withDatabaseName(testEngineUri(), server.databaseName), LOG_LEVEL: "silent" };
    const bad = runScript("server/cli.ts", ["rollups", "rebuild", "--survey", "nope"], env);
    assert.equal(await within(60_000, bad.exited, "bad id"), 1);
    assert.match(bad.output(), /--survey: must be a survey id/);
    const unknown = runScript(
      "server/cli.ts",
      ["rollups", "rebuild", "--survey", "0123456789abcdef01234567"],
      env,
    );
    assert.equal(await within(60_000, unknown.exited, "unknown id"), 1);
    assert.match(unknown.output(), /survey was not found/);
  });
});
