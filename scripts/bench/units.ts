import os from "node:os";
import { isDeepStrictEqual } from "node:util";
import mongoose from "mongoose";
import { scoreIndices } from "../../shared/indices.js";
import { periodKeys } from "../../shared/periods.js";
import type { Answers } from "../../shared/survey.js";
import { weightingCell } from "../../shared/weighting.js";
import { createAgency, createUser, findAgencyById } from "../../server/accounts/accounts.service.js";
import { DEMO_AGENCY } from "../../server/accounts/bootstrap.js";
import { clearCountsCache } from "../../server/analytics/counts-cache.js";
import { rebuildSurveyRollups } from "../../server/analytics/rollups-rebuild.js";
import { compactSurvey, openDeltas, planDeltas, settleDelta } from "../../server/analytics/rollup-store.js";
import { connectDatabase, disconnectDatabase, withDatabaseName } from "../../server/platform/database.js";
import { ResponseModel, responseId } from "../../server/responses/response.model.js";
import {
  configureSubmissions,
  drainSubmissions,
  submitResponse,
} from "../../server/responses/responses.service.js";
import { createSurvey, markHasResponses, publishSurvey } from "../../server/surveys/surveys.service.js";
import { presentUnitResults } from "../../server/units/units.presenter.js";
import { readUnitCounts } from "../../server/units/unit-counts.js";
import { forgetUnitViews, unitViews } from "../../server/units/units.service.js";
import { seededRandom } from "../../test/helpers/random.js";
import { scannedUnitViews } from "../../test/helpers/unit-scan.js";
import { numberFlag, parseFlags } from "./flags.js";
import { freshDatabaseName, log, machineHeader, openEngine, Teardown } from "./harness.js";
import { fixed, formatTable } from "./table.js";

/**
 * The unit views before and after they had rollups, side by side in one process on one
 * database: the old computation (one scan of the survey's responses, kept as the test oracle
 * in test/helpers/unit-scan.ts) against the rollup read (server/units), each followed by the
 * same disclosure step. Cold is the first read after a start (this process's rollup and view
 * caches emptied); warm is the next read with nothing changed; "after a submission" is a read
 * right after one more response was stored (the old views were recomputed then too). Last, what
 * the unit views add to compaction: a batch naming units and officers against the same batch
 * naming none.
 */
export const usage = "units [--responses 20000] [--units 20] [--officers 200] [--repeats 5]";

const PJ_ITEMS = ["q_pj_listened", "q_pj_explained", "q_pj_fair", "q_pj_facts", "q_pj_respect", "q_pj_cared"];
const BATCH = 2000;
const BATCH_SOURCES = 200;

/** A post-contact answer set: each procedural justice item its own Likert value, some "don't know". */
function answersOf(random: () => number): Answers {
  const answers: Answers = {
    q_contact_type: "call_for_service",
    q_satisfaction: 1 + Math.floor(random() * 5),
  };
  for (const item of PJ_ITEMS) answers[item] = Math.floor(random() * 6);
  answers["q_trust_after"] = 1 + Math.floor(random() * 5);
  return answers;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function run(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, { responses: "value", units: "value", officers: "value", repeats: "value" });
  const size = numberFlag(flags, "responses", 20_000, { min: 100, max: 1_000_000, integer: true });
  const unitCount = numberFlag(flags, "units", 20, { min: 1, max: 500, integer: true });
  const officerCount = numberFlag(flags, "officers", 200, { min: 1, max: 5000, integer: true });
  const repeats = numberFlag(flags, "repeats", 5, { min: 1, max: 50, integer: true });
  const teardown = new Teardown();
  teardown.exitOnSignals();
  try {
    const engine = await openEngine(teardown);
    const database = freshDatabaseName("bench_units");
    log(`engine: ${engine.description}`);
    await connectDatabase(withDatabaseName(engine.uri, database));
    teardown.add("disconnect", () => disconnectDatabase());
    if (engine.external) teardown.add("drop database", () => mongoose.connection.db!.dropDatabase());
    await ResponseModel.createIndexes();
    configureSubmissions({ maxWaitMs: 5, maxBatch: 100 });

    const agency = await createAgency({ ...DEMO_AGENCY, slug: database.replaceAll("_", "-") });
    const agencyId = String(agency._id);
    const admin = await createUser({
      agencyId,
      email: "admin@example.org",
      password: "bench-units-password",
      name: "Admin",
      role: "admin",
    });
    const staff = {
      agencyId,
      userId: String(admin._id),
      role: "admin" as const,
      email: "",
      sessionId: "",
      csrfToken: "",
    };
    const survey = await publishSurvey(
      staff,
      String((await createSurvey(staff, { template: "post-contact" }))._id),
    );
    const surveyId = String(survey._id);

    // Units U01…, each with its share of officers; a tenth of the responses name no unit.
    const random = seededRandom(size);
    const started = performance.now();
    for (let done = 0; done < size;) {
      const batch: Array<Record<string, unknown>> = [];
      for (const end = Math.min(size, done + BATCH); done < end; done++) {
        const answers = answersOf(random);
        const officer = Math.floor(random() * officerCount);
        const withUnit = random() >= 0.1;
        const now = new Date(Date.now() - Math.floor(random() * 90) * 86_400_000);
        batch.push({
          _id: responseId(surveyId, `bench-${done}`),
          survey: survey._id,
          agency: agency._id,
          version: survey.version,
          submissionId: `bench-${done}`,
          answers,
          language: "en",
          channel: "email",
          district: null,
          periods: periodKeys(now, agency.timezone),
          scores: scoreIndices(survey.questions, answers),
          cell: weightingCell(survey.questions, answers),
          invitation: null,
          unit: withUnit ? `U${String(officer % unitCount).padStart(2, "0")}` : null,
          officer: withUnit ? `B${String(officer).padStart(4, "0")}` : null,
          createdAt: now,
        });
      }
      await ResponseModel.collection.insertMany(batch as never[], { ordered: false });
    }
    await markHasResponses(surveyId);
    const insertSeconds = (performance.now() - started) / 1000;
    log(`seeded ${size} responses in ${fixed(insertSeconds, 1)} s; building rollups (rollups rebuild)…`);
    const rebuildMs = await timed(() => rebuildSurveyRollups(surveyId));
    log(`rollups rebuilt in ${fixed(rebuildMs / 1000, 1)} s`);

    const k = agency.unitMinimumN ?? 10;
    const current = await findAgencyById(agencyId);
    const db = mongoose.connection.db!;
    const scan = { cold: [] as number[], afterSubmission: [] as number[] };
    const rollups = {
      read: [] as number[],
      cold: [] as number[],
      warm: [] as number[],
      afterSubmission: [] as number[],
    };
    let submitted = 0;
    const submitOne = () =>
      submitResponse(survey.slug, {
        submissionId: `bench-extra-${submitted++}`,
        answers: answersOf(random),
      });
    for (let round = 1; round <= repeats; round++) {
      // Old: every read after a change was a full computation (its cache only served until then).
      scan.cold.push(await timed(() => scannedUnitViews(db, surveyId, k)));
      clearCountsCache();
      rollups.read.push(await timed(() => readUnitCounts(surveyId)));
      forgetUnitViews();
      clearCountsCache();
      rollups.cold.push(await timed(() => unitViews(survey, current)));
      rollups.warm.push(await timed(() => unitViews(survey, current)));
      await submitOne();
      rollups.afterSubmission.push(await timed(() => unitViews(survey, current)));
      scan.afterSubmission.push(await timed(() => scannedUnitViews(db, surveyId, k)));
      log(
        `  round ${round}: scan ${fixed(scan.cold.at(-1)!)} ms, rollups cold ${fixed(rollups.cold.at(-1)!)} ms, ` +
          `warm ${fixed(rollups.warm.at(-1)!, 2)} ms, after a submission ${fixed(rollups.afterSubmission.at(-1)!)} ms`,
      );
    }
    await drainSubmissions();
    // The figures too: every unit's body from the rollups equals the scan's, at this size.
    const views = await unitViews(survey, current);
    const final = await scannedUnitViews(db, surveyId, k);
    const differing = final.units.filter((unit) => {
      const { survey: _survey, ...body } = presentUnitResults(views.resultsOf(unit));
      return !isDeepStrictEqual(body, final.bodyOf(unit));
    });
    const same = differing.length === 0 && final.units.length === views.table.units.size;
    while ((await compactSurvey(surveyId)) > 0);

    // What the unit views add to compaction: one write batch of `BATCH_SOURCES` responses over
    // every officer, folded with its unit and officer and, in turn, without (A/B per round).
    const compaction = { withUnits: [] as number[], without: [] as number[] };
    for (let round = 0; round < repeats * 2; round++) {
      const withUnits = round % 2 === 0;
      const batch = Array.from({ length: BATCH_SOURCES }, (_, i) => {
        const answers = answersOf(random);
        const officer = i % officerCount;
        return {
          surveyId,
          agencyId,
          responseId: `compaction-${round}-${i}`,
          source: {
            version: survey.version,
            answers,
            periods: periodKeys(new Date(), agency.timezone),
            district: null,
            scores: scoreIndices(survey.questions, answers),
            cell: weightingCell(survey.questions, answers),
            unit: withUnits ? `U${String(officer % unitCount).padStart(2, "0")}` : null,
            officer: withUnits ? `B${String(officer).padStart(4, "0")}` : null,
          },
        };
      });
      const deltas = planDeltas(batch);
      await openDeltas(deltas, "bench");
      for (const delta of deltas)
        await settleDelta(
          delta,
          delta.ids.map((_, i) => i),
          { moveViews: false },
        );
      compaction[withUnits ? "withUnits" : "without"].push(await timed(() => compactSurvey(surveyId)));
    }

    const rows: string[][] = [
      ["cold (first read after a start)", fixed(median(scan.cold)), fixed(median(rollups.cold))],
      ["  of which reading the counts", "", fixed(median(rollups.read))],
      ["warm (nothing changed)", "< 1 (60 s cache)", fixed(median(rollups.warm), 2)],
      [
        "right after a submission",
        fixed(median(scan.afterSubmission)),
        fixed(median(rollups.afterSubmission)),
      ],
    ].map((row) => [
      ...row,
      Number(row[1]) > 0 && Number(row[2]) > 0 ? `${fixed(Number(row[1]) / Number(row[2]), 0)}×` : "–",
    ]);
    const [one, five, fifteen] = os.loadavg().map((l) => l.toFixed(2));
    process.stdout.write(
      [
        ...machineHeader(),
        `load:  ${one} ${five} ${fifteen} (1, 5, 15 min) at the end`,
        `engine: ${engine.description}`,
        `data:  ${size} responses of one post-contact survey, ${unitCount} units, ${officerCount} officers, k ${k}; ` +
          `${views.table.units.size} units with responses`,
        same
          ? "figures: every unit's view from rollups equals the scan's"
          : `figures: DIFFER from the scan's for ${differing.join(", ") || "the unit list"}`,
        `rollups rebuild of the survey: ${fixed(rebuildMs / 1000, 1)} s`,
        "",
        `unit view of one survey (every unit and officer, protected), median of ${repeats}, ms:`,
        formatTable(["read", "scan (before)", "rollups (now)", "ratio"], rows),
        "",
        `compaction of one batch of ${BATCH_SOURCES} responses over every officer, median of ${repeats}: ` +
          `${fixed(median(compaction.withUnits))} ms with units and officers, ` +
          `${fixed(median(compaction.without))} ms without (the same batch naming none)`,
        "",
      ].join("\n"),
    );
  } finally {
    await teardown.run();
  }
}
