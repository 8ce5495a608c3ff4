import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { indexFlags, lastTwoMonths, resultsFigures, type ComparisonFigures } from "@shared/flags.js";
import type { ResultsBody } from "@shared/suppression.js";
import type { Answers } from "@shared/survey.js";
import { submitResponse } from "@server/responses/responses.service.js";
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
    why: string;
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
    for (let i = 0; i < 32; i++) {
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
      assert.deepEqual(Object.keys(resource).sort(), [
        "category",
        "id",
        "kind",
        "summary",
        "title",
        "url",
        "why",
      ]);
      assert.ok(resource.why.length > 0, "each suggestion says why it fits");
    }
  });

  it("when every index is strong, then the single weakest one is named", async () => {
    const fresh = await publishFromTemplate(clients.admin);
    const survey = (await clients.admin.get<{ survey: { slug: string } }>(`/api/v1/surveys/${fresh.id}`)).body
      .survey;
    for (let i = 0; i < 30; i++) {
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

  it("when the agency adds a safety programme, then its safety card suggests it first, with the mapping's reason", async () => {
    const created = await clients.admin.post<{ resource: { id: string } }>("/api/v1/resources", {
      category: "Cooperative Safety Solutions",
      title: "Night walks with the district team",
      summary: "Residents and officers walk the blocks people avoid after dark.",
      themes: ["safety.night"],
    });
    assert.equal(created.status, 201);
    const reply = await clients.analyst.get<Body>(`/api/v1/surveys/${busy}/resources`);
    const safety = reply.body.recommendations.find((r) => r.indicator === "safety")!;
    assert.equal(safety.resources[0]!.id, created.body.resource.id);
    assert.match(safety.resources[0]!.why, /solving local problems together/);
    assert.equal(safety.resources.length, 3);
    const removed = await clients.admin.request("DELETE", `/api/v1/resources/${created.body.resource.id}`);
    assert.equal(removed.status, 204);
  });

  it("when every index is weak, then each card gets the mapping's picks with a reason and no resource appears twice", async () => {
    const fresh = await publishFromTemplate(clients.admin);
    const low = { listens: 1, explains: 1, fair: 1, facts: 1, respect: 1, motives: 1 };
    for (let i = 0; i < 32; i++) {
      const answers = {
        ...unsafeAnswers(i),
        q_trust_overall: 1,
        q_legit_values: 1,
        q_legit_law: 1,
        q_trust_confidence: 1,
        q_pj_general: low,
        q_pj_care: 1,
      };
      assert.equal((await submit(server.url, fresh.slug, answers)).status, 201);
    }
    const reply = await clients.analyst.get<Body>(`/api/v1/surveys/${fresh.id}/resources`);
    assert.equal(reply.status, 200);
    assert.ok(
      reply.body.recommendations.length >= 5,
      JSON.stringify(reply.body.recommendations.map((r) => r.indicator)),
    );
    const all = reply.body.recommendations.flatMap((r) => r.resources);
    assert.equal(new Set(all.map((r) => r.id)).size, all.length, "no resource on two cards");
    assert.equal(new Set(all.map((r) => r.title.toLowerCase())).size, all.length, "no title on two cards");
    for (const rec of reply.body.recommendations) {
      assert.ok(rec.resources.length > 0 && rec.resources.length <= 3, rec.indicator);
      for (const r of rec.resources) assert.ok(r.why.length > 0);
    }
    const safety = reply.body.recommendations.find((r) => r.indicator === "safety")!;
    assert.ok(safety.resources.every((r) => !/elder abuse/i.test(r.title)));
    const titles = all.map((r) => r.title).join(" | ");
    assert.doesNotMatch(titles, /Grievance Procedures|Electronic Control Weapons/);
  });

  it("when a designer asks, then no score or change leaves, and a survey under 30 answers recommends nothing", async () => {
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
      analystQuiet.body.recommendations,
      [],
      "exact results, but 4 answers are too few to call safety weak",
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
    const badDistrict = await clients.analyst.get(`/api/v1/surveys/${busy}/resources?district=D9`);
    assert.equal(badDistrict.status, 400);
    const backwards = await clients.analyst.get(
      `/api/v1/surveys/${busy}/resources?from=2026-10-31&to=2026-10-01`,
    );
    assert.equal(backwards.status, 400);
    const anonymous = await new ApiClient(server.url).get(`/api/v1/surveys/${busy}/resources`);
    assert.equal(anonymous.status, 401);
  });
});

/**
 * Neutrality fell hard in D1 between September and October and stayed put in D2: the whole
 * survey is falling, D2 is not, and October alone has no earlier wave to fall from.
 */
describe("resources follow the dashboard's filters (district, from, to)", () => {
  let server: TestServer;
  let clients: Clients;
  let id: string;
  const september = new Date("2026-09-15T15:00:00Z");
  const october = new Date("2026-10-15T15:00:00Z");

  const neutral = (i: number, district: string, fair: number, facts: number) => ({
    ...communityAnswers(i),
    q_district: district,
    q_pj_general: { listens: 4, explains: 4, fair, facts, respect: 4, motives: 4 },
  });

  before(async () => {
    server = await startTestServer();
    ({ clients } = await buildAgency(server.url, ["analyst", "admin"]));
    const survey = await publishFromTemplate(clients.admin);
    id = survey.id;
    const store = (answers: Record<string, unknown>, at: Date) =>
      submitResponse(
        survey.slug,
        { submissionId: randomUUID(), language: "en", answers: answers as Answers },
        at,
      );
    for (let i = 0; i < 35; i++) {
      await store(neutral(i, "D1", 5, 5), september);
      await store(neutral(i, "D1", 1, 2), october);
      const steady = 3 + (i % 3);
      await store(neutral(i, "D2", steady, steady), september);
      await store(neutral(i, "D2", steady, steady), october);
    }
  });
  after(async () => {
    await server?.stop();
  });

  const reasons = async (query: string) => {
    const reply = await clients.analyst.get<Body>(`/api/v1/surveys/${id}/resources${query}`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return Object.fromEntries(reply.body.recommendations.map((r) => [r.indicator, r.reason]));
  };

  /** The flags the dashboard derives from the results and comparison it shows for a query. */
  const dashboardFlags = async (filter: { district?: string; from?: string; to?: string }) => {
    const q = new URLSearchParams(filter as Record<string, string>).toString();
    const results = await clients.analyst.get<ResultsBody>(`/api/v1/surveys/${id}/results?${q}`);
    const trends = await clients.analyst.get<{ points: Array<{ period: string }> }>(
      `/api/v1/surveys/${id}/trends?interval=month${filter.district ? `&district=${filter.district}` : ""}`,
    );
    const waves = lastTwoMonths(
      trends.body.points.map((p) => p.period),
      filter,
    );
    const comparison = waves
      ? (
          await clients.analyst.get<ComparisonFigures>(
            `/api/v1/surveys/${id}/compare?a_from=${waves.a.from}&a_to=${waves.a.to}&b_from=${waves.b.from}&b_to=${waves.b.to}${filter.district ? `&district=${filter.district}` : ""}`,
          )
        ).body
      : null;
    const flags = indexFlags(resultsFigures(results.body, comparison));
    return Object.fromEntries(Object.entries(flags).filter(([, f]) => f !== "rising"));
  };

  it("when unfiltered, then neutrality is falling, as the card's own comparison says", async () => {
    const unfiltered = await reasons("");
    assert.equal(unfiltered["procedural_justice_neutrality"], "falling");
    assert.deepEqual(unfiltered, await dashboardFlags({}));
  });

  it("when filtered to the steady district and both months, then neutrality is not flagged", async () => {
    const filter = { district: "D2", from: "2026-09-01", to: "2026-10-31" };
    const d2 = await reasons(`?${new URLSearchParams(filter).toString()}`);
    assert.equal(d2["procedural_justice_neutrality"], undefined, JSON.stringify(d2));
    assert.deepEqual(d2, await dashboardFlags(filter));
  });

  it("when filtered to October alone, then there is no earlier wave to fall from and neutrality is weak", async () => {
    const filter = { from: "2026-10-01", to: "2026-10-31" };
    const octoberOnly = await reasons(`?${new URLSearchParams(filter).toString()}`);
    assert.equal(octoberOnly["procedural_justice_neutrality"], "weak");
    assert.deepEqual(octoberOnly, await dashboardFlags(filter));
  });

  it("when filtered to a district for a single month's 35 answers, then the body echoes the filters", async () => {
    const reply = await clients.analyst.get<Body & { filters: unknown }>(
      `/api/v1/surveys/${id}/resources?district=D1&from=2026-10-01&to=2026-10-31&weighted=false`,
    );
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.filters, {
      district: "D1",
      from: "2026-10-01",
      to: "2026-10-31",
      weighted: false,
    });
    assert.equal(
      reply.body.recommendations.find((r) => r.indicator === "procedural_justice_neutrality")?.reason,
      "weak",
    );
  });
});

describe("resources judged on the weighted figures when weighting is on", () => {
  let server: TestServer;
  let clients: Clients;
  let id: string;

  before(async () => {
    server = await startTestServer();
    ({ clients } = await buildAgency(server.url, ["analyst", "admin"]));
    const survey = await publishFromTemplate(clients.admin);
    id = survey.id;
    // 40 answers, 38 from young women: raked to even age and gender, two men carry half the weight.
    for (let i = 0; i < 40; i++) {
      const older = i >= 38;
      const answers = {
        ...unsafeAnswers(i),
        q_age: older ? "65_plus" : "18_24",
        q_gender: older ? "man" : "woman",
      };
      assert.equal((await submit(server.url, survey.slug, answers)).status, 201);
    }
    const margins = await clients.admin.post("/api/v1/agency/margins/from-counts", {
      counts: { age: { "18_24": 500, "65_plus": 500 }, gender: { woman: 500, man: 500 } },
    });
    assert.equal(margins.status, 200, JSON.stringify(margins.body));
  });
  after(async () => {
    await server?.stop();
  });

  it("when 40 answers weigh as fewer than 30, then the weak index is flagged unweighted but not weighted", async () => {
    const results = await clients.analyst.get<ResultsBody>(`/api/v1/surveys/${id}/results?weighted=true`);
    const effectiveN = results.body.weighting?.["effectiveN"] as number;
    assert.ok(effectiveN < 30, `effective n ${effectiveN}`);
    const unweighted = await clients.analyst.get<Body>(`/api/v1/surveys/${id}/resources`);
    assert.deepEqual(
      unweighted.body.recommendations.map((r) => [r.indicator, r.reason]),
      [["safety", "weak"]],
    );
    const weighted = await clients.analyst.get<Body>(`/api/v1/surveys/${id}/resources?weighted=true`);
    assert.equal(weighted.status, 200, JSON.stringify(weighted.body));
    assert.deepEqual(
      weighted.body.recommendations,
      [],
      "the weighted score rests on too few effective answers",
    );
  });
});
