import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Types } from "mongoose";
import { checkAnswers } from "@shared/answers.js";
import { scoreIndices } from "@shared/indices.js";
import { periodKeys } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { weightingCell } from "@shared/weighting.js";
import { resultsFor } from "@server/analytics/analytics.service.js";
import { clearCountsCache, countsCacheStats } from "@server/analytics/counts-cache.js";
import { clearResultsCache } from "@server/analytics/results-cache.js";
import { warmResults } from "@server/analytics/results-warmup.js";
import { RollupCatalogModel, RollupDeltaModel, type RollupCounts } from "@server/analytics/rollup.model.js";
import { rebuildSurveyRollups } from "@server/analytics/rollups-rebuild.js";
import {
  compactRollups,
  countsSelection,
  mergeCounts,
  readCounts,
  readRollups,
  readSeries,
  type RollupQuery,
} from "@server/analytics/rollups.service.js";
import { createLogger } from "@server/platform/logger.js";
import { findSurveyById } from "@server/surveys/surveys.service.js";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/** A small seeded generator, so a failing sequence can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

describe("rollup views cached per process: always the counts an uncached read gives", () => {
  let server: TestServer;
  let admin: ApiClient;
  let agencyId: string;
  let survey: { id: string; slug: string };
  let queries: RollupQuery[];

  /** What the rollups add up to, read without the cache. */
  const uncached = async (query: RollupQuery): Promise<RollupCounts> => {
    const { key: _key, ...selection } = countsSelection(query);
    return mergeCounts([...(await readRollups(query.surveyId, selection)).values()]);
  };

  /** Records a delta the way another server process would: no event and no view update here. */
  const foreignDelta = async (i: number, district: string): Promise<void> => {
    const stored = (await findSurveyById(survey.id))!;
    const { answers } = checkAnswers(stored.questions, communityAnswers(i) as Answers, ["D1", "D2", "D3"]);
    await RollupDeltaModel.collection.insertOne({
      _id: new Types.ObjectId(),
      survey: survey.id,
      agency: agencyId,
      createdAt: new Date(),
      sources: [
        {
          version: stored.version,
          answers,
          periods: periodKeys(new Date(), "America/Chicago"),
          district,
          scores: scoreIndices(stored.questions, answers),
          cell: weightingCell(stored.questions, answers),
        },
      ],
    } as never);
  };

  before(async () => {
    // Compactions happen only where a step asks for one. The server's own compactor could fold
    // a local delta between its write and the view's move forward; the cache then rightly
    // re-reads, which would break the "no re-read after a local submission" count by chance.
    server = await startTestServer({ ROLLUP_COMPACT_INTERVAL_MS: "60000" });
    ({
      agencyId,
      clients: { admin },
    } = await buildAgency(server.url, ["admin"]));
    survey = await publishFromTemplate(admin);
    for (let i = 0; i < 6; i++)
      assert.equal((await submit(server.url, survey.slug, communityAnswers(i))).status, 201);
    const today = new Date();
    const monthAgo = new Date(today.getTime() - 40 * 86_400_000);
    queries = [
      { surveyId: survey.id, segment: "all" },
      { surveyId: survey.id, segment: "district:D1" },
      { surveyId: survey.id, segment: "all", from: isoDay(monthAgo), to: isoDay(today) },
      { surveyId: survey.id, segment: "all", from: "2020-01-01", to: "2020-12-31" },
    ];
  });
  after(() => server.stop());

  it("when local submissions, other processes' deltas and compactions interleave, then every cached read equals an uncached one, and local submissions never cost a re-read", async () => {
    const random = generator(20261125);
    let localSteps = 0;
    let foreignSteps = 0;
    for (const query of queries) await readCounts(query);
    for (let step = 0; step < 24; step++) {
      const roll = random();
      const i = 100 + step;
      const hitsBefore = countsCacheStats.hits;
      let kind: "local" | "foreign" | "compact";
      if (roll < 0.5) {
        kind = "local";
        assert.equal((await submit(server.url, survey.slug, communityAnswers(i))).status, 201);
      } else if (roll < 0.8) {
        kind = "foreign";
        await foreignDelta(i, random() < 0.5 ? "D1" : "D2");
      } else {
        kind = "compact";
        await compactRollups();
      }
      for (const query of queries) {
        const cached = await readCounts(query);
        assert.deepEqual(cached, await uncached(query), `step ${step} (${kind}), ${JSON.stringify(query)}`);
      }
      const hits = countsCacheStats.hits - hitsBefore;
      if (kind === "local") {
        localSteps += 1;
        // The uncached reads go around the cache; only the cached ones count here.
        assert.equal(hits, queries.length, `step ${step}: a view was re-read after a local submission`);
      }
      if (kind === "foreign") {
        foreignSteps += 1;
        assert.equal(hits, 0, `step ${step}: another process's delta was served from the cache`);
      }
    }
    assert.ok(localSteps > 0 && foreignSteps > 0, "the sequence exercised both kinds of delta");
  });

  it("when trends and weighted results are cached, then they equal what an empty cache computes", async () => {
    assert.equal((await submit(server.url, survey.slug, communityAnswers(7))).status, 201);
    await foreignDelta(8, "D3");
    const read = async () => ({
      series: await readSeries(survey.id, "all", "w"),
      weighted: await resultsFor(agencyId, survey.id, { weighted: true }, "analyst"),
    });
    await read(); // primes the views and bodies
    assert.equal((await submit(server.url, survey.slug, communityAnswers(9))).status, 201);
    const warm = await read();
    clearCountsCache();
    clearResultsCache();
    assert.deepEqual(warm, await read());
  });

  it("when a server starts, then open surveys with responses are read in the background, so the first weighted read finds its views cached", async () => {
    clearCountsCache();
    clearResultsCache();
    const warmup = warmResults(createLogger("silent"));
    assert.ok((await warmup.done) >= 1, "the open survey was warmed");
    clearResultsCache(); // the bodies too: only the rollup views may answer now
    const misses = countsCacheStats.misses;
    const hits = countsCacheStats.hits;
    await resultsFor(agencyId, survey.id, { weighted: true }, "analyst");
    assert.equal(countsCacheStats.misses, misses, "no rollup view had to be read");
    assert.ok(countsCacheStats.hits > hits);
  });

  it("when rollups are rebuilt, then the catalog's sequence moves on, so every process's cached views are read again", async () => {
    const before = (await RollupCatalogModel.findById(survey.id).lean())!.seq;
    await readCounts(queries[0]!);
    // The recount has only stored responses: the "other process" deltas above had none.
    await rebuildSurveyRollups(survey.id);
    assert.ok((await RollupCatalogModel.findById(survey.id).lean())!.seq > before);
    const misses = countsCacheStats.misses;
    assert.deepEqual(await readCounts(queries[0]!), await uncached(queries[0]!));
    assert.equal(countsCacheStats.misses, misses + 1);
  });
});
