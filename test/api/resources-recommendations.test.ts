import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface Recommendation {
  indicator: string;
  theme: string;
  reason: string;
  resources: Array<{
    id: string;
    title: string;
    kind: string;
    category: string;
    summary: string;
    url: unknown;
  }>;
}
type Body = { surveyId: string; recommendations: Recommendation[] };
type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];

/** Answers that leave safety weak (every safety item "strongly disagree") and the rest strong. */
const unsafeAnswers = (i: number): Record<string, unknown> => ({
  ...communityAnswers(i),
  q_safe_day: 1,
  q_safe_night: 1,
  q_safe_overall: 1,
  q_trust_overall: 5,
  q_legit_values: 5,
  q_legit_law: 5,
  q_trust_confidence: 5,
  q_pj_general: { listens: 5, explains: 5, fair: 5, facts: 5, respect: 5, motives: 5 },
  q_pj_care: 5,
});

describe("resources for a survey's weak spots (GET /api/v1/surveys/:id/resources)", () => {
  let server: TestServer;
  let clients: Clients;
  let busy: string;
  let quiet: string;

  before(async () => {
    server = await startTestServer();
    ({ clients } = await buildAgency(server.url, ["analyst", "designer", "admin"]));
    const busySurvey = await publishFromTemplate(clients.admin);
    const quietSurvey = await publishFromTemplate(clients.admin);
    busy = busySurvey.id;
    quiet = quietSurvey.id;
    for (let i = 0; i < 12; i++) {
      assert.equal((await submit(server.url, busySurvey.slug, unsafeAnswers(i))).status, 201);
    }
    for (let i = 0; i < 4; i++) {
      assert.equal((await submit(server.url, quietSurvey.slug, unsafeAnswers(i))).status, 201);
    }
  });
  after(async () => {
    await server?.stop();
  });

  it("when safety scores below 60, then safety is recommended as weak with Cooperative Safety Solutions resources", async () => {
    const reply = await clients.analyst.get<Body>(`/api/v1/surveys/${busy}/resources`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.surveyId, busy);
    const indicators = reply.body.recommendations.map((r) => r.indicator);
    assert.deepEqual(indicators, ["safety"], "only the weak index, none of the strong ones");
    const safety = reply.body.recommendations[0]!;
    assert.equal(safety.reason, "weak");
    assert.equal(safety.theme, "safety");
    assert.ok(safety.resources.length > 0 && safety.resources.length <= 3);
    assert.ok(
      safety.resources.some((r) => r.category === "Cooperative Safety Solutions"),
      JSON.stringify(safety.resources.map((r) => r.category)),
    );
    for (const resource of safety.resources) {
      assert.deepEqual(Object.keys(resource).sort(), ["category", "id", "kind", "summary", "title", "url"]);
    }
  });

  it("when every index is strong, then the single weakest one is named", async () => {
    const fresh = await publishFromTemplate(clients.admin);
    const survey = (await clients.admin.get<{ survey: { slug: string } }>(`/api/v1/surveys/${fresh.id}`)).body
      .survey;
    for (let i = 0; i < 3; i++) {
      const answers = { ...unsafeAnswers(i), q_safe_day: 4, q_safe_night: 4, q_safe_overall: 5 };
      assert.equal((await submit(server.url, survey.slug, answers)).status, 201);
    }
    const reply = await clients.analyst.get<Body>(`/api/v1/surveys/${fresh.id}/resources`);
    assert.equal(reply.status, 200);
    assert.deepEqual(
      reply.body.recommendations.map((r) => [r.indicator, r.reason]),
      [["safety", "weakest"]],
    );
  });

  it("when a designer asks, then no score or change leaves, and a survey under the threshold recommends nothing", async () => {
    const busyReply = await clients.designer.get<Body>(`/api/v1/surveys/${busy}/resources`);
    assert.equal(busyReply.status, 200);
    assert.deepEqual(
      busyReply.body.recommendations.map((r) => r.indicator),
      ["safety"],
    );
    for (const r of busyReply.body.recommendations) {
      assert.deepEqual(Object.keys(r).sort(), ["indicator", "reason", "resources", "theme"]);
    }
    const analystQuiet = await clients.analyst.get<Body>(`/api/v1/surveys/${quiet}/resources`);
    assert.deepEqual(
      analystQuiet.body.recommendations.map((r) => r.indicator),
      ["safety"],
      "the analyst sees exact results, so the weak index shows even with 4 responses",
    );
    const designerQuiet = await clients.designer.get<Body>(`/api/v1/surveys/${quiet}/resources`);
    assert.equal(designerQuiet.status, 200);
    assert.deepEqual(designerQuiet.body.recommendations, [], "4 responses < 10: nothing to act on is shown");
  });

  it("answers 404 for another agency's survey exactly like a missing one, 400 for a bad id, 401 signed out", async () => {
    const other = await buildAgency(server.url, ["analyst"]);
    const foreign = await other.clients.analyst.get(`/api/v1/surveys/${busy}/resources`);
    const missing = await clients.analyst.get(`/api/v1/surveys/${"0".repeat(24)}/resources`);
    assert.equal(foreign.status, 404);
    assert.equal(missing.status, 404);
    assert.deepEqual(foreign.body, missing.body);
    const bad = await clients.analyst.get<{ error: { code: string } }>(`/api/v1/surveys/nope/resources`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "validation_failed");
    const unknownQuery = await clients.analyst.get(`/api/v1/surveys/${busy}/resources?x=1`);
    assert.equal(unknownQuery.status, 400);
    const anonymous = await new ApiClient(server.url).get(`/api/v1/surveys/${busy}/resources`);
    assert.equal(anonymous.status, 401);
  });
});
