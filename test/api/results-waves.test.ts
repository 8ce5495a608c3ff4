import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers } from "@shared/survey.js";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Hidden = { suppressed: true };
interface Change {
  a: number | null;
  b: number | null;
  change: number | null;
  test: string;
  testName: string;
  statistic: number | null;
  p: number | null;
  pAdjusted: number | null;
  significant: boolean;
}
interface Comparison {
  suppressed?: boolean;
  alpha: number;
  fisherBelowExpectedCount: number;
  correction: { method: string; name: string; tests: number };
  weighting: { applied: boolean; reason?: string };
  waves: { a: { n: number | Hidden }; b: { n: number | Hidden } };
  tests: Record<string, string>;
  questions: Array<{
    id: string;
    mean?: Change | Hidden;
    options?: Array<{ value: unknown } & Partial<Change> & { suppressed?: true; testedWith?: unknown }>;
    items?: Array<{ id: string; mean: Change | Hidden }>;
  }>;
  indices: Record<string, Change | Hidden>;
}

const hidden = (x: unknown): boolean => typeof x === "object" && x !== null && "suppressed" in x;

/** A valid community-trust response with chosen trust, contact and district answers. */
function answers(i: number, trust: number, contact: boolean, district: string): Record<string, unknown> {
  const a: Record<string, unknown> = {
    ...communityAnswers(i),
    q_trust_overall: trust,
    q_contact: contact,
    q_district: district,
  };
  if (contact) a["q_contact_satisfaction"] = 3;
  else delete a["q_contact_satisfaction"];
  return a;
}

// Noon in Chicago on a given day, so the local date is that day.
const on = (day: string): Date => new Date(`${day}T18:00:00Z`);

describe("wave comparison and trends", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let designer: ApiClient;
  let surveyId: string;

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "analyst", "designer"]);
    ({ analyst, designer } = built.clients);
    const survey = await publishFromTemplate(built.clients.admin);
    surveyId = survey.id;
    const store = (day: string, a: Record<string, unknown>) =>
      submitResponse(
        survey.slug,
        { submissionId: randomUUID(), language: "en", answers: a as Answers },
        on(day),
      );
    // Wave a (January): trust 2 or 3, contact 10 of 40. Wave b (March): trust 4 or 5, contact 30 of 40.
    // q_legit_law is always 4. D3 gets 3 responses in wave b only.
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      jobs.push(
        store(
          `2026-01-${String(1 + (i % 28)).padStart(2, "0")}`,
          answers(i, 2 + (i % 2), i < 10, i % 2 ? "D1" : "D2"),
        ),
      );
      const district = i < 3 ? "D3" : i % 2 ? "D1" : "D2";
      jobs.push(
        store(`2026-03-${String(1 + (i % 28)).padStart(2, "0")}`, answers(i, 4 + (i % 2), i < 30, district)),
      );
    }
    for (let i = 0; i < 3; i++) jobs.push(store("2025-06-15", answers(i, 3, false, "D1")));
    await Promise.all(jobs);
  });
  after(() => server.stop());

  const url = (extra = "") =>
    `/api/v1/surveys/${surveyId}/compare?a_from=2026-01-01&a_to=2026-01-31&b_from=2026-03-01&b_to=2026-03-31${extra}`;

  it("when trust rises from 2.5 to 4.5, then the change is significant and Welch's t-test is named", async () => {
    const res = await analyst.get<Comparison>(url());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.waves.a.n, 40);
    assert.equal(res.body.waves.b.n, 40);
    const trust = res.body.questions.find((q) => q.id === "q_trust_overall")!.mean as Change;
    assert.deepEqual([trust.a, trust.b, trust.change], [2.5, 4.5, 2]);
    assert.equal(trust.test, "welch_t");
    assert.equal(trust.testName, "Welch's t-test");
    // s² = 40/4/39 per wave → SE = √(2 × 0.25641/40) = 0.11323; t = 2/0.11323 = 17.66.
    assert.ok(Math.abs(trust.statistic! - 17.66) < 0.01, `t = ${trust.statistic}`);
    assert.equal(trust.significant, true);
    assert.ok(trust.p! < 0.05);
  });

  it("when nothing changes, then the change is not flagged", async () => {
    const res = await analyst.get<Comparison>(url());
    const law = res.body.questions.find((q) => q.id === "q_legit_law")!.mean as Change;
    assert.deepEqual([law.a, law.b, law.change, law.significant, law.p], [4, 4, 0, false, 1]);
  });

  it("when a share moves from 10/40 to 30/40, then the two-proportion z-test flags it (z = 4.47)", async () => {
    // p̂ = 0.5; SE = √(0.25 × 2/40) = 0.1118; z = 0.5/0.1118 = 4.472.
    const res = await analyst.get<Comparison>(url());
    const yes = res.body.questions.find((q) => q.id === "q_contact")!.options!.find((o) => o.value === true)!;
    assert.deepEqual([yes.a, yes.b, yes.change], [25, 75, 50]);
    assert.equal(yes.testName, "two-proportion z-test");
    assert.ok(Math.abs(yes.statistic! - 4.472) < 0.001);
    assert.equal(yes.significant, true);
    assert.equal(res.body.tests["two_proportion_z"], "two-proportion z-test");
  });

  it("when a yes/no question changes, then it is one test: the yes option carries it, the no option only its figures", async () => {
    const res = await analyst.get<Comparison>(url());
    const [yes, no] = res.body.questions.find((q) => q.id === "q_contact")!.options!;
    assert.equal(typeof yes!.p, "number");
    assert.deepEqual(no, { value: false, a: 75, b: 25, change: -50, testedWith: true });
  });

  it("when a share has an expected count under 5 (D3: 0 of 40, then 3 of 40), then Fisher's exact test runs", async () => {
    // Expected D3 count per wave 1.5. Fisher two-sided p = 0.240506 (python3, math.comb);
    // the z-test would have said 0.0775.
    const res = await analyst.get<Comparison>(url());
    assert.equal(res.body.fisherBelowExpectedCount, 5);
    const d3 = res.body.questions.find((q) => q.id === "q_district")!.options!.find((o) => o.value === "D3")!;
    assert.deepEqual(
      [d3.a, d3.b, d3.change, d3.test, d3.testName],
      [0, 7.5, 7.5, "fisher_exact", "Fisher's exact test"],
    );
    assert.equal(d3.statistic, null);
    assert.ok(Math.abs(d3.p! - 0.240506) < 1e-4, `p = ${d3.p}`);
    assert.equal(res.body.tests["fisher_exact"], "Fisher's exact test");
  });

  it("when the body is read, then Holm's correction covers every test it shows and decides significant", async () => {
    const res = await analyst.get<Comparison>(url());
    const tested: Change[] = [];
    const take = (x: unknown) => {
      if (x && typeof x === "object" && "p" in x && typeof (x as Change).p === "number")
        tested.push(x as Change);
    };
    for (const q of res.body.questions) {
      take(q.mean);
      q.options?.forEach(take);
      q.items?.forEach((i) => take(i.mean));
    }
    Object.values(res.body.indices).forEach(take);
    assert.deepEqual(res.body.correction, { method: "holm", name: "Holm–Bonferroni", tests: tested.length });
    // Recompute Holm from the (rounded) raw p-values: sorted, × (m − rank), running maximum, ≤ 1.
    const m = tested.length;
    const sorted = [...tested].sort((x, y) => x.p! - y.p!);
    let running = 0;
    for (const [rank, c] of sorted.entries()) {
      running = Math.max(running, Math.min(1, (m - rank) * c.p!));
      assert.ok(Math.abs(c.pAdjusted! - running) <= 1e-3 * running + 1e-12, `${c.pAdjusted} vs ${running}`);
      assert.equal(c.significant, c.pAdjusted! < res.body.alpha);
    }
    assert.deepEqual(res.body.weighting, { applied: false, reason: "not requested" });
  });

  it("when a designer compares, then a change resting on a small cell is hidden, or the whole comparison", async () => {
    // June 2025 holds 3 responses, so one of January and March is hidden whole to protect it
    // (else the total less the two shown months gives June away); a comparison with that
    // month is withheld, and in any comparison shown the 3 of D3 stay hidden.
    const res = await designer.get<Comparison>(url());
    if (!res.body.suppressed) {
      const district = res.body.questions.find((q) => q.id === "q_district")!;
      const d3 = district.options!.find((o) => o.value === "D3")!;
      assert.ok(d3.suppressed, JSON.stringify(d3));
      assert.equal(d3.p, undefined);
    } else {
      assert.ok(hidden(res.body.waves.a.n) || hidden(res.body.waves.b.n));
      assert.deepEqual(res.body.questions, []);
    }
    const analystView = await analyst.get<Comparison>(url());
    const exact = analystView.body.questions
      .find((q) => q.id === "q_district")!
      .options!.find((o) => o.value === "D3")!;
    assert.equal(exact.b, 7.5);
  });

  it("when a designer compares a district where a wave has fewer than 10 responses, then all is suppressed", async () => {
    const res = await designer.get<Comparison>(url("&district=D3"));
    assert.equal(res.body.suppressed, true);
    assert.ok(hidden(res.body.waves.b.n));
    assert.deepEqual(res.body.questions, []);
  });

  it("when the ranges are given backwards or missing, then it is a 400 naming them", async () => {
    const backwards = await analyst.get<{ error: { details: Array<{ message: string }> } }>(
      `/api/v1/surveys/${surveyId}/compare?a_from=2026-02-01&a_to=2026-01-01&b_from=2026-03-01`,
    );
    assert.equal(backwards.status, 400);
    const text = JSON.stringify(backwards.body.error.details);
    assert.match(text, /b_to/);
    const unknown = await analyst.get(url("&district=D9"));
    assert.equal(unknown.status, 400);
  });

  it("when a date range mixes whole months and ragged days, then each response is counted once", async () => {
    // January: days 1–12 hold 2 responses each, days 13–28 one each; March likewise; June 2025: 3.
    const cases: Array<[string, string, number]> = [
      ["2026-01-15", "2026-03-31", 14 + 40],
      ["2025-06-01", "2026-01-31", 3 + 40],
      ["2026-01-10", "2026-03-05", 3 * 2 + 16 + 5 * 2],
      ["2026-01-01", "2026-01-31", 40],
      ["2026-02-01", "2026-02-28", 0],
    ];
    for (const [from, to, n] of cases) {
      const res = await analyst.get<{ n: number }>(
        `/api/v1/surveys/${surveyId}/results?from=${from}&to=${to}`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.n, n, `${from}..${to}`);
    }
  });

  it("when trends are read, then an analyst sees every month and a designer sees small months suppressed", async () => {
    const exact = await analyst.get<{ points: Array<{ period: string; n: number }> }>(
      `/api/v1/surveys/${surveyId}/trends?interval=month`,
    );
    assert.deepEqual(
      exact.body.points.map((p) => [p.period, p.n]),
      [
        ["2025-06", 3],
        ["2026-01", 40],
        ["2026-03", 40],
      ],
    );
    const shown = await designer.get<{ points: Array<{ period: string; n: unknown; indices: object }> }>(
      `/api/v1/surveys/${surveyId}/trends?interval=month`,
    );
    assert.deepEqual(shown.body.points[0], { period: "2025-06", n: { suppressed: true }, indices: {} });
    // One of the 40s is hidden too, labelled as protecting others: 83 − 40 − 40 would be June's 3.
    const protecting = shown.body.points.slice(1).filter((p) => hidden(p.n));
    assert.equal(protecting.length, 1);
    assert.deepEqual(protecting[0]!.n, { suppressed: true, protects: "others" });
  });
});
