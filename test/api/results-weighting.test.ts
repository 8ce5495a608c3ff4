import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { localDate } from "@shared/periods.js";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Cell = number | { suppressed: true };
interface Option {
  value: unknown;
  count?: Cell;
  percent: Cell;
}
interface Question {
  id: string;
  type: string;
  n: Cell;
  options?: Option[];
  items?: Array<{ id: string; n: Cell; options: Option[]; mean: unknown }>;
  mean?: unknown;
}
interface Results {
  n: Cell;
  suppressed: boolean;
  questions: Question[];
  indices: Record<string, { score: unknown; n: Cell }>;
  weighting: Record<string, unknown>;
  weighted: {
    questions: Array<Question & { mean?: number; marginOfError?: number; effectiveN: number }>;
  } | null;
  suppression: { applied: boolean; threshold: number; label: string };
}

const K = 10;
const hidden = (cell: unknown): boolean => typeof cell === "object" && cell !== null && "suppressed" in cell;

// 60 respondents: 30 in D1 (who strongly agree the police follow the law), 6 in D2 and 24 in D3
// (who strongly disagree). Gender alternates woman/man, every fifth says "prefer not".
const DISTRICT_OF = (i: number): string => (i < 30 ? "D1" : i < 36 ? "D2" : "D3");
function answers(i: number): Record<string, unknown> {
  const a: Record<string, unknown> = {
    ...communityAnswers(i),
    q_district: DISTRICT_OF(i),
    q_legit_law: DISTRICT_OF(i) === "D1" ? 5 : 1,
    q_gender: i % 5 === 4 ? "prefer_not" : i % 2 === 0 ? "woman" : "man",
  };
  return a;
}

/** Every shown count is 0 or at least k, and hidden cells of a question never sum to a small number. */
function assertNoSmallCellLeaks(body: Results): void {
  const check = (where: string, n: Cell, options: Option[], grouped: boolean): void => {
    for (const o of options) {
      if (hidden(o.count)) continue;
      const count = o.count as number;
      assert.ok(count === 0 || count >= K, `${where} option ${String(o.value)} shows ${count}`);
    }
    if (!grouped || hidden(n)) return;
    const shown = options.reduce((a, o) => a + (hidden(o.count) ? 0 : (o.count as number)), 0);
    const rest = (n as number) - shown;
    assert.ok(rest === 0 || rest >= K, `${where}: n − shown cells = ${rest}, a small cell`);
  };
  for (const q of body.questions) {
    if (q.options) check(q.id, q.n, q.options, q.type !== "multi");
    for (const item of q.items ?? []) check(`${q.id}.${item.id}`, item.n, item.options, true);
  }
  for (const [key, index] of Object.entries(body.indices)) {
    assert.ok(hidden(index.n) || (index.n as number) >= K, `index ${key} shows n ${String(index.n)}`);
  }
}

describe("results: weighting by raking, and suppression by role", () => {
  let server: TestServer;
  let admin: ApiClient;
  let analyst: ApiClient;
  let designer: ApiClient;
  let surveyId: string;
  const path = () => `/api/v1/surveys/${surveyId}/results`;

  before(async () => {
    server = await startTestServer();
    ({
      clients: { admin, analyst, designer },
    } = await buildAgency(server.url, ["admin", "analyst", "designer"]));
    const survey = await publishFromTemplate(admin);
    surveyId = survey.id;
    for (let i = 0; i < 60; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) => submit(server.url, survey.slug, answers(i + j))),
      );
      for (const r of batch) assert.equal(r.status, 201, JSON.stringify(r.body));
    }
  });
  after(() => server.stop());

  it("when an admin posts census counts, then shares are stored; bad counts and other roles change nothing", async () => {
    const url = "/api/v1/agency/margins/from-counts";
    const unknown = await admin.post(url, { counts: { district: { D1: 5, D9: 5 } } });
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.body), /margins\.district\.D9/);
    const negative = await admin.post<{ error: { details: Array<{ path: string }> } }>(url, {
      counts: { district: { D1: -1 }, age: {} },
    });
    assert.equal(negative.status, 400);
    assert.deepEqual(negative.body.error.details.map((d) => d.path).sort(), [
      "counts.age",
      "counts.district.D1",
    ]);
    assert.equal((await analyst.post(url, { counts: { district: { D1: 1 } } })).status, 403);
    const agency = await admin.get<{ agency: { margins: object } }>("/api/v1/agency");
    assert.deepEqual(agency.body.agency.margins, {});

    const saved = await admin.post<{ margins: Record<string, Record<string, number>> }>(url, {
      counts: { district: { D1: 1000, D2: 1000, D3: 2000 } },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.margins, { district: { D1: 0.25, D2: 0.25, D3: 0.5 } });
  });

  it("when weighted=true with district margins, then weights, design effect and means match the hand-worked values", async () => {
    // Targets 0.25/0.25/0.5 of 60: D1 15/30 = 0.5, D2 15/6 = 2.5, D3 30/24 = 1.25.
    // deff = 60·(30·0.25 + 6·6.25 + 24·1.5625)/60² = 82.5/60 = 1.375; n_eff = 60/1.375 = 43.6.
    // q_legit_law: unweighted (30·5 + 30·1)/60 = 3; weighted (0.5·30·5 + 2.5·6 + 1.25·24)/60 = 2.
    const res = await analyst.get<Results>(`${path()}?weighted=true`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const w = res.body.weighting;
    assert.equal(w["applied"], true, JSON.stringify(w));
    assert.deepEqual(w["variables"], ["district"]);
    assert.equal(w["designEffect"], 1.375);
    assert.equal(w["effectiveN"], 43.6);
    assert.deepEqual(w["weightRange"], [0.5, 2.5]);
    const law = res.body.questions.find((q) => q.id === "q_legit_law")!;
    assert.equal(law.mean, 3);
    const weightedLaw = res.body.weighted!.questions.find((q) => q.id === "q_legit_law")!;
    assert.equal(weightedLaw.mean, 2);
    assert.equal(weightedLaw.options!.find((o) => o.value === 5)!.percent, 25);
    assert.ok(weightedLaw.marginOfError! > 0);
    const district = res.body.weighted!.questions.find((q) => q.id === "q_district")!;
    assert.deepEqual(
      district.options!.map((o) => o.percent),
      [25, 25, 50],
    );
  });

  it("when gender margins are added, then both variables are raked and the weighted shares meet them", async () => {
    const saved = await admin.post("/api/v1/agency/margins/from-counts", {
      counts: { gender: { woman: 520, man: 480 } },
    });
    assert.equal(saved.status, 200);
    const res = await analyst.get<Results>(`${path()}?weighted=true`);
    const w = res.body.weighting;
    assert.deepEqual(w["variables"], ["district", "gender"]);
    assert.equal(w["converged"], true);
    assert.ok((w["maxDeviation"] as number) < 1e-6, `max deviation ${String(w["maxDeviation"])}`);
    const q = (id: string) => res.body.weighted!.questions.find((x) => x.id === id)!;
    assert.deepEqual(
      q("q_district").options!.map((o) => o.percent),
      [25, 25, 50],
    );
    // "Prefer not to say" is not raked on gender, so the known answers carry the 52 : 48 split.
    const gender = Object.fromEntries(q("q_gender").options!.map((o) => [o.value, o.percent as number]));
    const share = gender["woman"]! / (gender["woman"]! + gender["man"]!);
    assert.ok(Math.abs(share - 0.52) < 0.002, `woman share among known ${share}`);
  });

  it("when shares were raked to margins, then they carry no interval; a category outside the margins keeps one", async () => {
    const res = await analyst.get<Results>(`${path()}?weighted=true`);
    type Raked = Option & { ci95: unknown; raked?: true };
    const options = (id: string) =>
      res.body.weighted!.questions.find((x) => x.id === id)!.options! as Raked[];
    for (const o of options("q_district")) assert.deepEqual([o.ci95, o.raked], [null, true], String(o.value));
    const gender = new Map(options("q_gender").map((o) => [o.value, o]));
    for (const raked of ["woman", "man"])
      assert.deepEqual([gender.get(raked)!.ci95, gender.get(raked)!.raked], [null, true]);
    // "Prefer not to say" has no margin: its weighted share still varies with the sample.
    assert.ok(Array.isArray(gender.get("prefer_not")!.ci95), JSON.stringify(gender.get("prefer_not")));
    assert.equal(gender.get("prefer_not")!.raked, undefined);
    // An outcome question is untouched.
    const law = options("q_legit_law").find((o) => o.value === 5)!;
    assert.ok(Array.isArray(law.ci95));
  });

  it("when dates cover whole months, then weighting applies; when they cut a month, it says why not", async () => {
    const month = localDate(new Date(), "America/Chicago").slice(0, 7);
    const [y, m] = month.split("-").map(Number) as [number, number];
    const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
    const whole = await analyst.get<Results>(`${path()}?weighted=true&from=${month}-01&to=${last}`);
    assert.equal(whole.body.weighting["applied"], true, JSON.stringify(whole.body.weighting));
    assert.deepEqual(whole.body.weighting["coverage"], { n: 60, of: 60 });
    const cut = await analyst.get<Results>(`${path()}?weighted=true&from=${month}-02`);
    assert.equal(cut.body.weighting["applied"], false);
    assert.match(String(cut.body.weighting["reason"]), /whole months/);
  });

  it("when weighting is not requested, then the body says so and carries no weighted block", async () => {
    const res = await analyst.get<Results>(path());
    assert.deepEqual(res.body.weighting, { applied: false, reason: "not requested" });
    assert.equal(res.body.weighted, undefined);
  });

  it("when an analyst looks, then counts are exact, small cells included", async () => {
    const res = await analyst.get<Results>(path());
    const district = res.body.questions.find((q) => q.id === "q_district")!;
    assert.deepEqual(
      district.options!.map((o) => o.count),
      [30, 6, 24],
    );
    assert.equal(res.body.suppression.applied, false);
  });

  it("when a designer looks, then the small cell and its complement read suppressed and nothing small leaks", async () => {
    const res = await designer.get<Results>(`${path()}?weighted=true`);
    assert.equal(res.status, 200);
    assert.equal(res.body.suppression.label, "fewer than 10");
    const district = res.body.questions.find((q) => q.id === "q_district")!;
    assert.equal(district.options![0]!.count, 30);
    assert.ok(hidden(district.options![1]!.count) && hidden(district.options![1]!.percent));
    assert.ok(hidden(district.options![2]!.count), "the complement D3 is hidden too");
    const weightedDistrict = res.body.weighted!.questions.find((q) => q.id === "q_district")!;
    assert.ok(hidden(weightedDistrict.options![1]!.percent) && hidden(weightedDistrict.options![2]!.percent));
    assertNoSmallCellLeaks(res.body);
  });

  it("when a designer filters to a district with fewer than 10 responses, then the whole body is suppressed", async () => {
    const res = await designer.get<Results>(`${path()}?district=D2&weighted=true`);
    assert.equal(res.status, 200);
    assert.equal(res.body.suppressed, true);
    assert.ok(hidden(res.body.n));
    assert.deepEqual(res.body.questions, []);
    assert.equal(res.body.weighted, null);
    assert.doesNotMatch(JSON.stringify(res.body), /"n":6\b/);
    const exact = await analyst.get<Results>(`${path()}?district=D2`);
    assert.equal(exact.body.n, 6);
  });

  it("when a district filter is weighted, then district is not raked on and only its cells are used", async () => {
    const res = await analyst.get<Results>(`${path()}?district=D1&weighted=true`);
    assert.deepEqual(res.body.weighting["variables"], ["gender"]);
    assert.deepEqual(res.body.weighting["coverage"], { n: 30, of: 30 });
  });

  it("when another agency's survey is asked for, then it is 404 like a missing one", async () => {
    const other = await buildAgency(server.url, ["analyst"]);
    const res = await other.clients.analyst.get(`${path()}?weighted=true`);
    assert.equal(res.status, 404);
  });
});

describe("results: weighting a handful of respondents", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let surveyId: string;

  before(async () => {
    server = await startTestServer();
    const { clients } = await buildAgency(server.url, ["admin", "analyst"]);
    const admin = clients.admin;
    analyst = clients.analyst;
    const survey = await publishFromTemplate(admin);
    surveyId = survey.id;
    // Seven respondents, six young women and one older man, raked to even age and gender.
    for (let i = 0; i < 7; i++) {
      const older = i === 6;
      const reply = await submit(server.url, survey.slug, {
        ...communityAnswers(i),
        q_age: older ? "65_plus" : "18_24",
        q_gender: older ? "man" : "woman",
      });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
    }
    const saved = await admin.post("/api/v1/agency/margins/from-counts", {
      counts: { age: { "18_24": 500, "65_plus": 500 }, gender: { woman: 500, man: 500 } },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });
  after(() => server.stop());

  it("when 7 respondents are raked on age and gender, then the body says the estimates are not reliable", async () => {
    const res = await analyst.get<Results>(`/api/v1/surveys/${surveyId}/results?weighted=true`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const w = res.body.weighting;
    assert.equal(w["applied"], true, JSON.stringify(w));
    assert.equal(w["converged"], true, "converging says nothing about the sample size");
    // Weights 7/12 for each woman and 3.5 for the man: (Σw)² / Σw² = 49 / 14.29 = 3.43.
    assert.equal(w["effectiveN"], 3.4);
    assert.equal(w["reliable"], false);
    assert.equal(w["warning"], "Too few answers for a reliable range: the effective n is 3.4, below 30.");
    const indices = (res.body.weighted as unknown as { indices: Record<string, { reliable: boolean }> })
      .indices;
    assert.ok(Object.keys(indices).length > 0);
    for (const [key, index] of Object.entries(indices)) assert.equal(index.reliable, false, key);
  });
});
