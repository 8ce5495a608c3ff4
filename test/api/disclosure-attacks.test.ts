import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { localDate } from "@shared/periods.js";
import { buildDigest } from "@server/digests/digest-data.js";
import { auditSurveys } from "@server/disclosure/audit.service.js";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers, Question } from "@shared/survey.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/**
 * The six ways an outside audit recovered hidden small groups, each played as the attacker
 * would: a resident reading the public page and JSON, or a designer subtracting one view from
 * another. The threshold is the default k = 10.
 */
const K = 10;
type Cell = number | { suppressed: true; protects?: "others" } | null;
const shown = (x: unknown): x is number => typeof x === "number";

interface Option {
  value: unknown;
  count: Cell;
  percent: Cell;
}
interface Body {
  n: Cell;
  suppressed: boolean;
  questions: Array<{ id: string; n: Cell; options?: Option[]; mean?: Cell }>;
  indices: Record<string, { score: Cell; n: Cell }>;
  suppression?: { reason?: string };
}

/** Every count of a body by figure name, shown ones only. */
function counts(body: Body): Map<string, number> {
  const out = new Map<string, number>();
  if (shown(body.n)) out.set("N", body.n);
  for (const q of body.questions) {
    if (shown(q.n)) out.set(`${q.id}.n`, q.n);
    for (const o of q.options ?? []) if (shown(o.count)) out.set(`${q.id}.${String(o.value)}`, o.count);
  }
  for (const [key, index] of Object.entries(body.indices)) if (shown(index.n)) out.set(`${key}.n`, index.n);
  return out;
}

const likert = (id: string, theme: string, extra: Partial<Question> = {}): Question => ({
  id,
  type: "likert",
  prompt: { en: id },
  theme,
  ...extra,
});

describe("disclosure control against the attacks an outside audit made", () => {
  let server: TestServer;
  let admin: ApiClient;
  let designer: ApiClient;
  let agencySlug: string;
  let agencyId: string;

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "designer"]);
    ({ admin, designer } = built.clients);
    agencySlug = built.slug;
    agencyId = built.agencyId;
  });
  after(() => server.stop());

  /** Creates, publishes and (optionally) publishes to the public a survey; answers are stored at `at`. */
  async function survey(questions: Question[], publicQuestions: string[] = []) {
    const created = await admin.post<{ survey: { id: string } }>("/api/v1/surveys", {
      title: { en: `Attack ${randomUUID().slice(0, 6)}` },
      kind: "community",
      languages: ["en"],
      questions,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.survey.id;
    const published = await admin.post<{ survey: { slug: string } }>(`/api/v1/surveys/${id}/publish`);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    if (publicQuestions.length > 0) {
      const put = await admin.request("PUT", `/api/v1/surveys/${id}/publication`, {
        published: true,
        questions: publicQuestions,
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
    }
    const slug = published.body.survey.slug;
    const store = (answers: Record<string, unknown>, at = new Date()) =>
      submitResponse(slug, { submissionId: randomUUID(), language: "en", answers: answers as Answers }, at);
    surveys.push(id);
    return { id, slug, store };
  }
  const surveys: string[] = [];

  const publicSurvey = async (slug: string) => {
    const res = await fetch(`${server.url}/api/v1/public/agencies/${agencySlug}/results`);
    const body = (await res.json()) as { surveys: Array<Record<string, unknown> & { slug: string }> };
    return body.surveys.find((s) => s.slug === slug)!;
  };

  it("1. when the only themed item has 12 fives and 3 ones, then no index score gives the 3 away (public and designer)", async () => {
    const s = await survey([likert("q_safe", "safety.night")], ["q_safe"]);
    for (let i = 0; i < 12; i++) await s.store({ q_safe: 5 });
    for (let i = 0; i < 3; i++) await s.store({ q_safe: 1 });
    const body = (await designer.get<Body>(`/api/v1/surveys/${s.id}/results`)).body;
    const q = body.questions.find((x) => x.id === "q_safe")!;
    assert.ok(!shown(q.options!.find((o) => o.value === 1)!.count), "the 3 is hidden");
    assert.ok(
      !shown(body.indices["safety"]!.score),
      `safety score ${JSON.stringify(body.indices["safety"])}`,
    );
    const pub = await publicSurvey(s.slug);
    const indices = pub["indices"] as Array<{ key: string; score: Cell }>;
    assert.ok(!indices.some((i) => i.key === "safety" && shown(i.score)), JSON.stringify(indices));
    const page = await fetch(`${server.url}/p/${agencySlug}`);
    assert.doesNotMatch(await page.text(), /\b80(\.0)? out of 100/);
  });

  it("2. when 20 said yes and 3 no, then the follow-up's count does not give the 3 away", async () => {
    const s = await survey(
      [
        { id: "q_contact", type: "yesno", prompt: { en: "Contact?" } },
        likert("q_sat", "procedural_justice.respect", { showIf: { question: "q_contact", in: [true] } }),
      ],
      ["q_contact", "q_sat"],
    );
    for (let i = 0; i < 20; i++) await s.store({ q_contact: true, q_sat: 4 + (i % 2) });
    for (let i = 0; i < 3; i++) await s.store({ q_contact: false });
    for (const body of [
      (await designer.get<Body>(`/api/v1/surveys/${s.id}/results`)).body,
      (await publicSurvey(s.slug)) as unknown as Body,
    ]) {
      const contact = body.questions.find((x) => x.id === "q_contact");
      const sat = body.questions.find((x) => x.id === "q_sat");
      const yes = contact?.options?.find((o) => o.value === true)?.count;
      // Either the yes count or the follow-up's count must be hidden, else n − yes = 3.
      assert.ok(!shown(yes), "the yes count is hidden with the 3 no");
      assert.ok(!shown(sat?.n), `follow-up n ${JSON.stringify(sat?.n)} would be the yes count`);
    }
  });

  it("3. when October has 3 answers and December 12, then months and the total cannot be subtracted", async () => {
    const s = await survey([likert("q_safe", "safety.night")], ["q_safe"]);
    for (let i = 0; i < 3; i++) await s.store({ q_safe: 2 }, new Date("2026-10-10T18:00:00Z"));
    for (let i = 0; i < 12; i++) await s.store({ q_safe: 4 }, new Date("2026-12-02T18:00:00Z"));
    const trends = await designer.get<{ points: Array<{ period: string; n: Cell }> }>(
      `/api/v1/surveys/${s.id}/trends?interval=month`,
    );
    const whole = (await designer.get<Body>(`/api/v1/surveys/${s.id}/results`)).body;
    const october = trends.body.points.find((p) => p.period === "2026-10")!;
    const december = trends.body.points.find((p) => p.period === "2026-12")!;
    assert.ok(!shown(october.n));
    assert.ok(!(shown(whole.n) && shown(december.n)), "total and December would give October's 3");
    const pub = await publicSurvey(s.slug);
    const points = (pub["trends"] as { points: Array<{ period: string; n: Cell }> }).points;
    assert.ok(!(shown(pub["n"]) && points.some((p) => p.period === "2026-12" && shown(p.n))));
    // A month range is answered from the same release: December alone shows nothing October hides.
    const decemberView = await designer.get<Body>(
      `/api/v1/surveys/${s.id}/results?from=2026-12-01&to=2026-12-31`,
    );
    assert.ok(!(shown(whole.n) && shown(decemberView.body.n)));
    const ragged = await designer.get<Body>(`/api/v1/surveys/${s.id}/results?from=2026-10-11&to=2026-12-31`);
    assert.equal(ragged.body.suppressed, true, "days are not offered outside the analyst role");
    assert.match(ragged.body.suppression!.reason!, /whole months/);
  });

  it("4. when D2 has 3 respondents, then the whole survey less D1 does not give D2's answers, nor its comments", async () => {
    const s = await survey([
      { id: "q_district", type: "district", prompt: { en: "District" }, demographic: "district" },
      likert("q_safe", "safety.night"),
      { id: "q_comment", type: "text", prompt: { en: "Anything else?" } },
    ]);
    for (let i = 0; i < 14; i++)
      await s.store({ q_district: "D1", q_safe: 1 + (i % 5), q_comment: `north ${i}` });
    for (let i = 0; i < 3; i++) await s.store({ q_district: "D2", q_safe: 5, q_comment: `central ${i}` });
    const whole = counts((await designer.get<Body>(`/api/v1/surveys/${s.id}/results`)).body);
    const d1 = counts((await designer.get<Body>(`/api/v1/surveys/${s.id}/results?district=D1`)).body);
    for (const [key, value] of whole) {
      const rest = d1.has(key) ? value - d1.get(key)! : null;
      assert.ok(rest === null || rest === 0 || rest >= K, `${key}: ${value} − ${d1.get(key)} = ${rest}`);
    }
    const all = await designer.get<{ total: Cell; comments: Array<{ text: string; district: unknown }> }>(
      `/api/v1/surveys/${s.id}/comments?question=q_comment&pageSize=100`,
    );
    const north = await designer.get<{ total: Cell; comments: Array<{ text: string }> }>(
      `/api/v1/surveys/${s.id}/comments?question=q_comment&district=D1&pageSize=100`,
    );
    const fromD2 = all.body.comments.filter((c) => !north.body.comments.some((n) => n.text === c.text));
    assert.ok(fromD2.length === 0 || fromD2.length >= K, `${fromD2.length} comments singled out as D2's`);
    assert.ok(
      all.body.comments.every((c) => c.district === null),
      "no comment carries its district",
    );
  });

  it("5. when a question is hidden in a wave, then the index built only from it shows no change either", async () => {
    const s = await survey([likert("q_safe", "safety.night")]);
    for (let i = 0; i < 15; i++) await s.store({ q_safe: i < 3 ? 1 : 4 }, new Date("2026-09-10T18:00:00Z"));
    for (let i = 0; i < 15; i++) await s.store({ q_safe: 4 + (i % 2) }, new Date("2026-10-10T18:00:00Z"));
    const res = await designer.get<{
      suppressed?: boolean;
      questions: Array<{
        id: string;
        mean?: { suppressed?: boolean };
        options?: Array<{ suppressed?: boolean }>;
      }>;
      indices: Record<string, { suppressed?: boolean; statistic?: number }>;
    }>(`/api/v1/surveys/${s.id}/compare?a_from=2026-09-01&a_to=2026-09-30&b_from=2026-10-01&b_to=2026-10-31`);
    assert.equal(res.status, 200);
    if (!res.body.suppressed) {
      const q = res.body.questions.find((x) => x.id === "q_safe")!;
      assert.equal(q.mean?.suppressed, true, "the mean over September's hidden 3 ones is hidden");
      assert.equal(res.body.indices["safety"]!.suppressed, true, JSON.stringify(res.body.indices["safety"]));
    }
    const weekly = await designer.get<{ suppressed?: boolean; suppression: { reason?: string } }>(
      `/api/v1/surveys/${s.id}/compare?a_from=2026-09-01&a_to=2026-09-07&b_from=2026-10-01&b_to=2026-10-07`,
    );
    assert.equal(weekly.body.suppressed, true);
    assert.match(weekly.body.suppression.reason!, /whole months/);
  });

  it("6. when a designer's digest covers a survey with 3 responses, then it names no score and flags nothing", async () => {
    const s = await survey([likert("q_safe", "safety.night")]);
    for (let i = 0; i < 3; i++) await s.store({ q_safe: 1 });
    const today = new Date().toISOString().slice(0, 10);
    const digest = await buildDigest(
      { userId: "u", agencyId, email: "designer@example.org", role: "designer" },
      today,
      "https://pulse.example.gov",
    );
    const entry = digest.surveys.find((x) => x.id === s.id);
    assert.ok(entry, "the survey is in the digest");
    assert.deepEqual(entry.indices, []);
    assert.deepEqual(entry.attention, []);
    assert.ok(entry.responses === null || entry.responses >= K || entry.responses === 0);
  });

  it("7. when a small month sits among weighted ones, then the public weighted trend hides it as the release does", async () => {
    const s = await survey(
      [
        { id: "q_district", type: "district", prompt: { en: "District" }, demographic: "district" },
        likert("q_safe", "safety.night"),
      ],
      ["q_district", "q_safe"],
    );
    const margins = await admin.patch("/api/v1/agency", {
      margins: { district: { D1: 0.7, D2: 0.3, D3: 0 } },
    });
    assert.equal(margins.status, 200, JSON.stringify(margins.body));
    for (let i = 0; i < 3; i++)
      await s.store({ q_district: "D1", q_safe: 1 }, new Date("2026-10-10T18:00:00Z"));
    for (const month of ["2026-11-10", "2026-12-10"])
      for (let i = 0; i < 20; i++)
        await s.store(
          i < 10 ? { q_district: "D1", q_safe: 4 } : { q_district: "D2", q_safe: 5 },
          new Date(`${month}T18:00:00Z`),
        );
    const pub = await publicSurvey(s.slug);
    assert.equal(pub["estimates"], "weighted");
    const trends = pub["trends"] as {
      estimates: string;
      points: Array<{
        period: string;
        n: Cell;
        indices: Record<string, Cell>;
        intervals: Record<string, unknown>;
      }>;
    };
    assert.equal(trends.estimates, "weighted");
    const designerTrend = await designer.get<{
      points: Array<{ period: string; n: Cell; indices: Record<string, { score: Cell }> }>;
    }>(`/api/v1/surveys/${s.id}/trends?interval=month`);
    for (const point of trends.points) {
      const released = designerTrend.body.points.find((p) => p.period === point.period)!;
      // A weighted score appears only where the release shows the month's own score.
      if (!shown(released.indices["safety"]?.score))
        assert.ok(!shown(point.indices["safety"]), `${point.period}: ${JSON.stringify(point)}`);
    }
    // October (3) is small; November goes with it, else the total less December gives it away.
    for (const period of ["2026-10", "2026-11"]) {
      const point = trends.points.find((p) => p.period === period)!;
      assert.ok(!shown(point.n), period);
      assert.deepEqual(point.indices, {}, period);
      assert.deepEqual(point.intervals, {}, `${period}: no range where no score`);
    }
    // The headline month is the latest complete one; when the release hides it, so does the headline.
    const current = localDate(new Date(), "America/Chicago").slice(0, 7);
    const latest = trends.points.filter((p) => p.period < current).at(-1)!;
    const headline = (pub["indices"] as Array<{ key: string; latestMonth: Record<string, Cell> }>).find(
      (i) => i.key === "safety",
    )?.latestMonth;
    if (headline && !shown(latest.n)) {
      assert.equal(headline["period"], latest.period);
      for (const field of ["score", "ci95", "marginOfError", "n"])
        assert.deepEqual(
          headline[field],
          latest.n,
          `${field} hidden as the month is: ${JSON.stringify(headline)}`,
        );
    }
    // December shows the weighted score of its own protected view: D1 (75) at 0.7 and D2 (100)
    // at 0.3 make 82.5, where the unweighted month reads 87.5.
    const december = await designer.get<{ weighted: { indices: Record<string, { score: Cell }> } }>(
      `/api/v1/surveys/${s.id}/results?weighted=true&from=2026-12-01&to=2026-12-31`,
    );
    const decemberPoint = trends.points.find((p) => p.period === "2026-12")!;
    assert.equal(decemberPoint.indices["safety"], 82.5);
    assert.equal(december.body.weighted.indices["safety"]!.score, 82.5);
    // The auditor reads every weighted body a designer may ask for, beside the unweighted ones:
    // here the whole survey's and December's (a single district cannot be raked to two, and
    // the release hides October and November whole).
    const [report] = await auditSurveys(s.id);
    assert.ok(report!.weightedViews >= 2, `weighted bodies audited: ${report!.weightedViews}`);
    assert.deepEqual(report!.violations, []);
    assert.deepEqual(report!.exposed, []);
    const reset = await admin.patch("/api/v1/agency", { margins: {} });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
  });

  it("when the auditor (npm run cli -- disclosure audit) checks every survey above, then each small count is protected", async () => {
    assert.ok(surveys.length >= 6);
    for (const id of surveys) {
      const [report] = await auditSurveys(id);
      assert.ok(report, `survey ${id} audited`);
      assert.deepEqual(report.violations, []);
      assert.deepEqual(report.exposed, [], `survey ${id}`);
    }
    // The auditor is not a formality: the survey of attack 1 had small counts to check.
    assert.ok((await auditSurveys(surveys[0]))[0]!.checked > 0);
  });
});
