import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { checkAnswers } from "@shared/answers.js";
import { scoreIndices } from "@shared/indices.js";
import { periodKeys } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { weightingCell } from "@shared/weighting.js";
import { resultsFor } from "@server/analytics/analytics.service.js";
import { RollupDeltaModel } from "@server/analytics/rollup.model.js";
import { openDeltas, planDeltas, settleDelta } from "@server/analytics/rollup-store.js";
import { findSurveyById } from "@server/surveys/surveys.service.js";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Cell = number | { suppressed: true };
interface Results {
  n: Cell;
  suppressed: boolean;
}

describe("results cache: a cached body never hides a stored response or a settings change", () => {
  let server: TestServer;
  let admin: ApiClient;
  let analyst: ApiClient;
  let designer: ApiClient;
  let agencyId: string;
  let survey: { id: string; slug: string };
  const path = (query = "") => `/api/v1/surveys/${survey.id}/results${query}`;
  const n = async (client: ApiClient, query = ""): Promise<Cell> => {
    const res = await client.get<Results>(path(query));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.n;
  };

  before(async () => {
    server = await startTestServer();
    ({
      agencyId,
      clients: { admin, analyst, designer },
    } = await buildAgency(server.url, ["admin", "analyst", "designer"]));
    survey = await publishFromTemplate(admin);
    for (let i = 0; i < 12; i++)
      assert.equal((await submit(server.url, survey.slug, communityAnswers(i))).status, 201);
  });
  after(() => server.stop());

  it("when a response is submitted, then the very next read counts it, for every filter already cached", async () => {
    const queries = ["", "?district=D1", "?weighted=true"];
    const before = new Map<string, number>();
    for (const q of queries) {
      before.set(q, (await n(analyst, q)) as number);
      assert.equal(await n(analyst, q), before.get(q), "a repeated read answers the same");
    }
    for (let round = 1; round <= 3; round++) {
      // i = 12, 15, 18: all in D1 (communityAnswers puts i % 3 === 0 there).
      assert.equal((await submit(server.url, survey.slug, communityAnswers(9 + 3 * round))).status, 201);
      assert.equal(await n(analyst), before.get("")! + round);
      assert.equal(await n(analyst, "?district=D1"), before.get("?district=D1")! + round);
      assert.equal(await n(analyst, "?weighted=true"), before.get("?weighted=true")! + round);
    }
  });

  it("when another process opens and settles a delta (no event here), then the cached body counts it only once settled, and stays right after compaction", async () => {
    const start = (await n(analyst)) as number;
    assert.equal(await n(analyst), start);
    const stored = await findSurveyById(survey.id);
    const questions = stored!.questions;
    const { answers } = checkAnswers(questions, communityAnswers(1) as Answers, ["D1", "D2", "D3"]);
    const [delta] = planDeltas([
      {
        surveyId: survey.id,
        agencyId,
        responseId: "another-process-response",
        source: {
          version: stored!.version,
          answers,
          periods: periodKeys(new Date(), "America/Chicago"),
          district: "D2",
          scores: scoreIndices(questions, answers),
          cell: weightingCell(questions, answers),
        },
      },
    ]);
    await openDeltas([delta!], "another-process");
    assert.equal(await n(analyst), start, "an unsettled delta (its batch's outcome unknown) counts nothing");
    await settleDelta(delta!, [0], { moveViews: false });
    assert.equal(await n(analyst), start + 1);
    // The server's own compactor folds the delta within a few of its 250 ms cycles.
    const deadline = Date.now() + 20_000;
    while ((await RollupDeltaModel.countDocuments({ survey: survey.id })) > 0) {
      assert.ok(Date.now() < deadline, "the compactor did not fold the delta");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(await n(analyst), start + 1);
  });

  it("when the agency raises its suppression threshold, then the next designer read is suppressed", async () => {
    const total = (await n(analyst)) as number;
    assert.equal(await n(designer), total, `${total} responses are above the default threshold of 10`);
    const changed = await admin.patch("/api/v1/agency", { suppressionThreshold: total + 5 });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(await n(designer), { suppressed: true });
    assert.equal(await n(analyst), total, "analysts still see exact counts");
  });

  it("when a caller (a live push, a presenter) changes the body it got, then the next read is unaffected", async () => {
    const first = await resultsFor(agencyId, survey.id, {}, "analyst");
    const expected = structuredClone(first);
    first.n = -1;
    first.questions.length = 0;
    assert.deepEqual(await resultsFor(agencyId, survey.id, {}, "analyst"), expected);
  });
});
