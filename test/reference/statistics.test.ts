import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it, type TestContext } from "node:test";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers as StoredAnswers } from "@shared/survey.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { checkBody, leaves } from "./body-check.js";
import { generateResponses, POPULATION_COUNTS, type GeneratedResponse } from "./data-set.js";
import { expectedCompare, type Wave } from "./expected-compare.js";
import { expectedWeighted, expectedWeighting, rakingWeights, type Margins } from "./expected-weighted.js";
import { expectedResults, exact, type Expected, type QuestionDefinition } from "./expected.js";
import { fisherExact, holm, studentTwoSided, t975, twoProportionZ, Z975 } from "./textbook.js";

/**
 * The reference check of issue 12: every figure of a results, a weighted results and a compare
 * body (unweighted and weighted) is recomputed from the raw generated answers by a second
 * implementation written from the textbook formulas (textbook.ts, sharing no code with the
 * server) and must agree — estimates to 1e-6, interval bounds and p-values to 1e-4, after the
 * body's documented rounding (body-check.ts says exactly how). A numeric field the reference
 * does not know fails the check, so no figure is skipped silently.
 */

const DISTRICTS = ["D1", "D2", "D3"];
const THRESHOLD = 10;
const JANUARY = "a_from=2026-01-01&a_to=2026-01-31";
const FEBRUARY = "b_from=2026-02-01&b_to=2026-02-28";

/** The p of every change the body tested with Fisher's exact test. */
function fisherPValues(body: unknown): number[] {
  const found = leaves(body);
  return [...found]
    .filter(([path, value]) => path.endsWith(".test") && value === "fisher_exact")
    .map(([path]) => found.get(path.replace(/test$/, "p")) as number);
}

function assertAgrees(body: unknown, expected: Expected, what: string, t: TestContext): number {
  const { problems, compared } = checkBody(body, expected);
  t.diagnostic(`${what}: ${compared} figures compared`);
  assert.deepEqual(problems.slice(0, 40), [], `${what}: ${problems.length} disagreements`);
  return compared;
}

describe("reference check: every figure of results and compare against a textbook implementation", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let surveyId: string;
  let questions: QuestionDefinition[];
  let margins: Margins;
  const responses: GeneratedResponse[] = generateResponses();
  const rows = responses.map((r) => r.answers);
  const monthRows = (month: string) => responses.filter((r) => r.month === month).map((r) => r.answers);

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "analyst"]);
    analyst = built.clients.analyst;
    const saved = await built.clients.admin.post<{ margins: Margins }>("/api/v1/agency/margins/from-counts", {
      counts: POPULATION_COUNTS,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    // The stored shares (six decimals), not the counts, are what the server rakes to.
    margins = saved.body.margins;
    const survey = await publishFromTemplate(built.clients.admin);
    surveyId = survey.id;
    const definition = await analyst.get<{ survey: { questions: QuestionDefinition[] } }>(
      `/api/v1/surveys/${surveyId}`,
    );
    assert.equal(definition.status, 200);
    questions = definition.body.survey.questions;
    for (let start = 0; start < responses.length; start += 50) {
      await Promise.all(
        responses
          .slice(start, start + 50)
          .map((r) =>
            submitResponse(
              survey.slug,
              { submissionId: randomUUID(), language: "en", answers: r.answers as StoredAnswers },
              r.submittedAt,
            ),
          ),
      );
    }
  });
  after(() => server.stop());

  it("when the analyst reads unweighted results, then every count, percent, mean, interval and index agrees", async (t) => {
    const res = await analyst.get(`/api/v1/surveys/${surveyId}/results`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const expected = expectedResults(questions, rows, DISTRICTS, THRESHOLD);
    expected.set("weighting.applied", exact(false));
    const compared = assertAgrees(res.body, expected, "results", t);
    assert.ok(compared > 500, `only ${compared} figures compared`);
  });

  it("when the analyst reads weighted results, then the raking, Kish n and every weighted estimate agree", async (t) => {
    const res = await analyst.get<{ weighting: { variables: string[] } }>(
      `/api/v1/surveys/${surveyId}/results?weighted=true`,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { weights, variables } = rakingWeights(questions, rows, margins);
    assert.deepEqual(res.body.weighting.variables, variables);
    const expected = expectedResults(questions, rows, DISTRICTS, THRESHOLD);
    expected.set("weighting.applied", exact(true));
    expectedWeighting(expected, "weighting", questions, rows, weights, rows.length);
    const raked = Object.fromEntries(variables.map((v) => [v, margins[v]!]));
    for (const [path, e] of expectedWeighted(questions, rows, DISTRICTS, weights, raked))
      expected.set(path, e);
    const compared = assertAgrees(res.body, expected, "weighted results", t);
    assert.ok(compared > 1000, `only ${compared} figures compared`);
  });

  it("when the analyst compares two months unweighted, then every change, statistic, p and Holm-adjusted p agrees", async (t) => {
    const res = await analyst.get(`/api/v1/surveys/${surveyId}/compare?${JANUARY}&${FEBRUARY}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const a: Wave = { rows: monthRows("2026-01"), weights: null };
    const b: Wave = { rows: monthRows("2026-02"), weights: null };
    const expected = expectedCompare(questions, a, b, DISTRICTS, THRESHOLD);
    expected.set("weighting.applied", exact(false));
    const compared = assertAgrees(res.body, expected, "compare", t);
    // The data set is built so that Fisher's test also runs on a table with something in it.
    assert.ok(
      fisherPValues(res.body).some((p) => p < 1),
      "no Fisher test on a non-empty table: the data set no longer exercises it",
    );
    assert.ok(compared > 300, `only ${compared} figures compared`);
  });

  it("when the analyst compares two months weighted, then each wave's raking and every test on Kish n agrees", async (t) => {
    const res = await analyst.get(`/api/v1/surveys/${surveyId}/compare?${JANUARY}&${FEBRUARY}&weighted=true`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const waves = (["2026-01", "2026-02"] as const).map((month): Wave => {
      const waveRows = monthRows(month);
      return { rows: waveRows, weights: rakingWeights(questions, waveRows, margins).weights };
    });
    const expected = expectedCompare(questions, waves[0]!, waves[1]!, DISTRICTS, THRESHOLD);
    expected.set("weighting.applied", exact(true));
    (["a", "b"] as const).forEach((wave, i) => {
      const { rows: waveRows, weights } = waves[i]!;
      expectedWeighting(expected, `weighting.waves.${wave}`, questions, waveRows, weights!, waveRows.length);
    });
    const compared = assertAgrees(res.body, expected, "weighted compare", t);
    assert.ok(compared > 300, `only ${compared} figures compared`);
  });
});

describe("reference check: the textbook implementation itself", () => {
  it("when given published cases, then it reproduces R's and the docs' values", () => {
    const near = (actual: number, expected: number, tolerance: number, what: string) =>
      assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected}`);
    // R: qnorm(0.975), qt(0.975, 10), qt(0.975, 1), 2 * pt(-2, 5).
    near(Z975, 1.959963984540054, 1e-12, "z 0.975");
    near(t975(10), 2.228138851986274, 1e-9, "t 0.975 on 10 df");
    near(t975(1), 12.70620473617471, 1e-9, "t 0.975 on 1 df");
    near(studentTwoSided(2, 5), 0.1019395, 1e-7, "two-sided t p");
    // test/api/compare-weighting.test.ts (python3): 26/100 against 75/100.
    near(twoProportionZ(26, 100, 75, 100).p / 4.208615521e-12, 1, 1e-6, "z-test p, relative");
    // docs/API.md: 3 of 138 against 0 of 181, Fisher says 0.080.
    near(fisherExact(3, 138, 0, 181).p, 0.08, 5e-4, "Fisher p");
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm").
    assert.deepEqual(
      holm([0.01, 0.04, 0.03, 0.005]).map((p) => Number(p.toFixed(12))),
      [0.03, 0.06, 0.06, 0.02],
    );
  });
});
