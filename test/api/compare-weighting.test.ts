import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers } from "@shared/survey.js";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface Change {
  a: number | null;
  b: number | null;
  change: number | null;
  test: string;
  statistic: number | null;
  p: number | null;
  pAdjusted: number | null;
  significant: boolean;
}
interface Comparison {
  questions: Array<{ id: string; mean?: Change; options?: Array<{ value: unknown } & Partial<Change>> }>;
  weighting: {
    applied: boolean;
    reason?: string;
    method?: string;
    variance?: string;
    waves?: Record<"a" | "b", { variables: string[]; effectiveN: number; designEffect: number }>;
  };
}

const close = (actual: number | null | undefined, expected: number, tolerance: number, what: string): void =>
  assert.ok(
    typeof actual === "number" && Math.abs(actual - expected) <= tolerance,
    `${what}: ${String(actual)} is not within ${tolerance} of ${expected}`,
  );

/**
 * Who answered changed, not what people think: 25–34s say yes to contact 90% of the time and
 * rate trust 4; 45–54s say yes 10% (wave a) or 15% (wave b) and rate trust 2. Wave a has 20
 * young and 80 older respondents, wave b 80 young and 20 older; the population is half each.
 */
function answers(i: number, young: boolean, contact: boolean): Record<string, unknown> {
  const a: Record<string, unknown> = {
    ...communityAnswers(i),
    q_age: young ? "25_34" : "45_54",
    q_contact: contact,
    q_trust_overall: young ? 4 : 2,
  };
  if (contact) a["q_contact_satisfaction"] = 3;
  else delete a["q_contact_satisfaction"];
  return a;
}

const on = (day: number, month: string): Date =>
  new Date(`2026-${month}-${String(1 + (day % 28)).padStart(2, "0")}T18:00:00Z`);

describe("wave comparison, weighted", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let surveyId: string;

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "analyst"]);
    analyst = built.clients.analyst;
    const saved = await built.clients.admin.post("/api/v1/agency/margins/from-counts", {
      counts: { age: { "25_34": 1000, "45_54": 1000 } },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const survey = await publishFromTemplate(built.clients.admin);
    surveyId = survey.id;
    const store = (month: string, i: number, a: Record<string, unknown>) =>
      submitResponse(
        survey.slug,
        { submissionId: randomUUID(), language: "en", answers: a as Answers },
        on(i, month),
      );
    const jobs: Array<Promise<unknown>> = [];
    // Wave a: 20 young (18 yes), 80 older (8 yes). Wave b: 80 young (72 yes), 20 older (3 yes).
    for (let i = 0; i < 20; i++) jobs.push(store("01", i, answers(i, true, i < 18)));
    for (let i = 0; i < 80; i++) jobs.push(store("01", 20 + i, answers(20 + i, false, i < 8)));
    for (let i = 0; i < 80; i++) jobs.push(store("03", i, answers(i, true, i < 72)));
    for (let i = 0; i < 20; i++) jobs.push(store("03", 80 + i, answers(80 + i, false, i < 3)));
    await Promise.all(jobs);
  });
  after(() => server.stop());

  const url = (extra = "") =>
    `/api/v1/surveys/${surveyId}/compare?a_from=2026-01-01&a_to=2026-01-31&b_from=2026-03-01&b_to=2026-03-31${extra}`;
  const question = (body: Comparison, id: string) => body.questions.find((q) => q.id === id)!;

  it("when unweighted, then the change in who answered shows as a significant rise in contact and trust", async () => {
    const res = await analyst.get<Comparison>(url());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const yes = question(res.body, "q_contact").options!.find((o) => o.value === true)!;
    // 26/100 → 75/100: z = 6.929993, p = 4.2086e-12 (python3).
    assert.deepEqual([yes.a, yes.b, yes.change, yes.test], [26, 75, 49, "two_proportion_z"]);
    close(yes.statistic, 6.929993, 1e-3, "z");
    close(yes.p! / 4.208615521e-12, 1, 1e-3, "p relative");
    assert.equal(yes.significant, true);
    const trust = question(res.body, "q_trust_overall").mean!;
    assert.deepEqual([trust.a, trust.b, trust.significant], [2.4, 3.6, true]);
    assert.deepEqual(res.body.weighting, { applied: false, reason: "not requested" });
  });

  it("when weighted, then each wave is raked to the age margins and the change is not significant", async () => {
    const res = await analyst.get<Comparison>(url("&weighted=true"));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { weighting } = res.body;
    assert.equal(weighting.applied, true);
    assert.equal(weighting.method, "raking");
    assert.equal(weighting.variance, "kish-effective-n");
    // Weights 2.5 and 0.625 in each wave: Kish n = 100² / (20·2.5² + 80·0.625²) = 64, deff 1.5625.
    for (const wave of ["a", "b"] as const) {
      assert.deepEqual(weighting.waves![wave].variables, ["age"]);
      assert.equal(weighting.waves![wave].effectiveN, 64);
      assert.equal(weighting.waves![wave].designEffect, 1.563);
    }
    // Weighted shares: a = ½·0.9 + ½·0.1 = 0.5, b = ½·0.9 + ½·0.15 = 0.525; tested as 32/64
    // against 33.6/64: z = 0.282931, p = 0.777230 (python3).
    const yes = question(res.body, "q_contact").options!.find((o) => o.value === true)!;
    assert.deepEqual([yes.a, yes.b, yes.change, yes.test], [50, 52.5, 2.5, "two_proportion_z"]);
    close(yes.statistic, 0.282931, 1e-3, "z");
    close(yes.p, 0.77723, 1e-4, "p");
    assert.equal(yes.significant, false);
    // Trust is 4 or 2 by age alone: both waves weight to a mean of 3, so no change at all.
    const trust = question(res.body, "q_trust_overall").mean!;
    assert.deepEqual([trust.a, trust.b, trust.change, trust.p, trust.significant], [3, 3, 0, 1, false]);
  });

  it("when a wave cannot be weighted (dates cut a month), then both are compared unweighted and the body says why", async () => {
    const res = await analyst.get<Comparison>(
      `/api/v1/surveys/${surveyId}/compare?a_from=2026-01-02&a_to=2026-01-31&b_from=2026-03-01&b_to=2026-03-31&weighted=true`,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.weighting.applied, false);
    assert.match(res.body.weighting.reason!, /^wave a: weighting with dates works on whole months/);
  });
});
