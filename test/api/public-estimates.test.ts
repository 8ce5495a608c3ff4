import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers, Question } from "@shared/survey.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/**
 * What the public estimates mean (issue 12, items 6, 7 and 10): no interval on a share the
 * weights were raked to, a trend from the headline's own estimator, margins rounded as the
 * staff body rounds them, and notes that describe an opt-in sample honestly.
 *
 * Designed data, 80 people over two months. Who says they feel safe (5) or not (1) depends on
 * the district: D1 80% safe, D2 20%, D3 50%, so the safety index is 80, 20 and 50 by district.
 *   January:  D1 20 (16 safe), D2 10 (2), D3 10 (5)  → 23 safe of 40, index 57.5
 *   February: D1 10 (8 safe),  D2 20 (4), D3 10 (5)  → 17 safe of 40, index 42.5
 *   All time: D1 30, D2 30, D3 20; 40 safe of 80      → index 50
 * Every count is 0 or at least 10, so the release hides nothing. With district margins
 * 0.5 / 0.3 / 0.2 every month and the whole weigh to 0.5·80 + 0.3·20 + 0.2·50 = 56: the
 * unweighted trend moves only because the district mix moved.
 */
type Hidden = { suppressed: true; protects?: "others" };
type Cell = number | Hidden | null;
interface Option {
  value: unknown;
  percent: Cell;
  ci95: [number, number] | Hidden | null;
  marginOfError: Cell;
  raked?: true;
}
interface PublicQuestion {
  id: string;
  mean?: Cell;
  ci95?: [number, number] | null;
  marginOfError?: Cell;
  options?: Option[];
}
interface PublicSurvey {
  slug: string;
  estimates: string;
  questions: PublicQuestion[];
  indices: Array<{
    key: string;
    score: Cell;
    marginOfError: Cell;
    latestMonth: { period: string; score: Cell; ci95: unknown; marginOfError: Cell; n: Cell } | null;
  }>;
  trends: {
    estimates: string;
    points: Array<{
      period: string;
      n: Cell;
      indices: Record<string, Cell>;
      intervals: Record<string, unknown>;
      unweightedReason?: string;
    }>;
  };
  methodology: { note: string };
}

const QUESTIONS: Question[] = [
  { id: "q_district", type: "district", prompt: { en: "District" }, demographic: "district" },
  { id: "q_safe", type: "likert", prompt: { en: "I feel safe at night" }, theme: "safety.night" },
];
const SAFE_SHARE = { D1: 0.8, D2: 0.2, D3: 0.5 } as const;
const MONTHS = { "2026-01": { D1: 20, D2: 10, D3: 10 }, "2026-02": { D1: 10, D2: 20, D3: 10 } } as const;

describe("public estimates: raked shares, one estimator, honest words", () => {
  let server: TestServer;
  let admin: ApiClient;
  let analyst: ApiClient;
  let agencySlug: string;
  let surveyId: string;
  let slug: string;

  const store = (district: string, safe: boolean, at: string) =>
    submitResponse(
      slug,
      {
        submissionId: randomUUID(),
        language: "en",
        answers: { q_district: district, q_safe: safe ? 5 : 1 } as Answers,
      },
      new Date(`${at}T18:00:00Z`),
    );

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "analyst"]);
    ({ admin, analyst } = built.clients);
    agencySlug = built.slug;
    const created = await admin.post<{ survey: { id: string } }>("/api/v1/surveys", {
      title: { en: "Safety by district" },
      kind: "community",
      languages: ["en"],
      questions: QUESTIONS,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    surveyId = created.body.survey.id;
    const published = await admin.post<{ survey: { slug: string } }>(`/api/v1/surveys/${surveyId}/publish`);
    slug = published.body.survey.slug;
    const put = await admin.request("PUT", `/api/v1/surveys/${surveyId}/publication`, {
      published: true,
      questions: ["q_district", "q_safe"],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    for (const [month, districts] of Object.entries(MONTHS))
      for (const [district, n] of Object.entries(districts)) {
        const safe = Math.round(n * SAFE_SHARE[district as keyof typeof SAFE_SHARE]);
        for (let i = 0; i < n; i++)
          await store(district, i < safe, `${month}-${String(1 + i).padStart(2, "0")}`);
      }
  });
  after(() => server.stop());

  const publicSurvey = async (): Promise<PublicSurvey> => {
    const res = await fetch(`${server.url}/api/v1/public/agencies/${agencySlug}/results`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { surveys: PublicSurvey[] };
    return body.surveys.find((s) => s.slug === slug)!;
  };
  const page = async (lang = "en") => (await fetch(`${server.url}/p/${agencySlug}?lang=${lang}`)).text();
  const question = (s: PublicSurvey, id: string) => s.questions.find((q) => q.id === id)!;
  const safety = (s: PublicSurvey) => s.indices.find((i) => i.key === "safety")!;

  it("when nothing is weighted, then headline and trend are both unweighted (57.5, 42.5; all time 50)", async () => {
    const s = await publicSurvey();
    assert.equal(s.estimates, "unweighted");
    assert.equal(s.trends.estimates, "unweighted");
    assert.equal(safety(s).score, 50);
    assert.deepEqual(
      s.trends.points.map((p) => [p.period, p.n, p.indices["safety"]]),
      [
        ["2026-01", 40, 57.5],
        ["2026-02", 40, 42.5],
      ],
    );
  });

  it("when February is the latest complete month, then it leads with all time beside it, and months carry ranges", async () => {
    // February: 17 of 40 at 100, 23 at 0. s² = (17·57.5² + 23·42.5²)/39 = 2506.4, se = 7.916,
    // t(39) = 2.0227 → 42.5 ± 16.01 = [26.5, 58.5].
    const s = await publicSurvey();
    assert.deepEqual(safety(s).latestMonth, {
      period: "2026-02",
      score: 42.5,
      ci95: [26.5, 58.5],
      marginOfError: 16,
      n: 40,
    });
    assert.equal(safety(s).score, 50, "all time stays beside it");
    const february = s.trends.points.find((p) => p.period === "2026-02")!;
    assert.deepEqual(february.intervals["safety"], [26.5, 58.5]);
    const html = await page();
    assert.match(html, /Feeling safe: 43 out of 100 in February 2026/);
    assert.match(html, /All months together: 50 out of 100 \(likely between \d+ and \d+\), from 80 people\./);
    assert.match(html, /<td>43 <span class="trend-range">\(27–59\)<\/span><\/td>/);
    // The trend is also drawn: a line through both months and their ranges as a band
    // (y = 0.4 × (100 − value): 57.5 → 17, 42.5 → 23; February's range 26.5–58.5 → 29.4 and 16.6).
    assert.match(html, /<polyline class="line" points="0,17 100,23"/);
    assert.match(html, /<polygon class="band" points="0,[\d.]+ 100,16.6 100,29.4 0,[\d.]+"/);
    assert.match(await page("es"), /Sentirse seguro: 43 de 100 en febrero de 2026/);
  });

  it("when a mean's margin is 0.45, then the public JSON says 0.45 (two decimals, as staff see it), not 0.5", async () => {
    // 40 fives and 40 ones: mean 3, s² = 80·4/79, se = √(s²/80) = 0.2250, t(79) = 1.9905 →
    // half-width 0.4479: the staff interval is [2.55, 3.45].
    const safe = question(await publicSurvey(), "q_safe");
    assert.equal(safe.mean, 3);
    assert.deepEqual(safe.ci95, [2.55, 3.45]);
    assert.equal(safe.marginOfError, 0.45);
  });

  it("when the agency gives district margins, then the district shares have no margin and say they match by design", async () => {
    const patch = await admin.patch("/api/v1/agency", {
      margins: { district: { D1: 0.5, D2: 0.3, D3: 0.2 } },
    });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    const s = await publicSurvey();
    assert.equal(s.estimates, "weighted");
    const district = question(s, "q_district");
    assert.deepEqual(
      district.options!.map((o) => [o.value, o.percent, o.ci95, o.marginOfError, o.raked]),
      [
        ["D1", 50, null, null, true],
        ["D2", 30, null, null, true],
        ["D3", 20, null, null, true],
      ],
    );
    // Safety was not raked on: its shares keep their ranges.
    for (const o of question(s, "q_safe").options!.filter((x) => x.percent !== 0)) {
      assert.equal(o.raked, undefined);
      assert.equal(typeof o.marginOfError, "number", JSON.stringify(o));
    }
    const html = await page();
    const section = html.slice(html.indexOf('-q-q_district"'), html.indexOf('-q-q_safe"'));
    // As read aloud: the markup around the share and its qualifier left out.
    assert.match(section.replace(/<[^>]+>/g, ""), /50%\s*\(matches the population by design \(weighted\)\)/);
    assert.doesNotMatch(section, /give or take/);
    assert.doesNotMatch(section, /class="ci"/, "no interval line on a raked share's bar");
  });

  it("when the headline is weighted, then each month is weighted too: 56 every month, as the headline", async () => {
    const s = await publicSurvey();
    assert.equal(safety(s).score, 56);
    assert.equal(s.trends.estimates, "weighted");
    assert.deepEqual(
      s.trends.points.map((p) => [p.period, p.n, p.indices["safety"]]),
      [
        ["2026-01", 40, 56],
        ["2026-02", 40, 56],
      ],
    );
    // The month's score is the staff weighted body of that month, through the same release.
    const january = await analyst.get<{ weighted: { indices: Record<string, { score: number }> } }>(
      `/api/v1/surveys/${surveyId}/results?weighted=true&from=2026-01-01&to=2026-01-31`,
    );
    assert.equal(january.body.weighted.indices["safety"]!.score, 56);
    // The headline month and each month's range come from the same weighted bodies.
    const february = await analyst.get<{
      weighted: {
        indices: Record<string, { score: number; effectiveN: number; reliable: boolean; ci95: unknown }>;
      };
    }>(`/api/v1/surveys/${surveyId}/results?weighted=true&from=2026-02-01&to=2026-02-28`);
    const staffFebruary = february.body.weighted.indices["safety"]!;
    // Raking 40 people whose district mix is far from the margins leaves an effective n below
    // 30 (the minimum for a range), so the month shows its score without one, as staff see it.
    assert.ok(staffFebruary.effectiveN < 30, `effective n ${staffFebruary.effectiveN}`);
    assert.equal(staffFebruary.reliable, false);
    assert.deepEqual(safety(s).latestMonth, {
      period: "2026-02",
      score: 56,
      ci95: null,
      marginOfError: null,
      n: 40,
    });
    assert.equal(s.trends.points.find((p) => p.period === "2026-02")!.intervals["safety"], null);
    assert.match(await page(), /each month weighted like the scores above/);
  });

  it("when a weighted mean's margin has two decimals, then the public one equals the staff body's", async () => {
    const staff = await analyst.get<{
      weighted: {
        questions: Array<{ id: string; marginOfError: number }>;
        indices: Record<string, { marginOfError: number }>;
      };
    }>(`/api/v1/surveys/${surveyId}/results?weighted=true`);
    const s = await publicSurvey();
    const staffSafe = staff.body.weighted.questions.find((q) => q.id === "q_safe")!.marginOfError;
    assert.equal(question(s, "q_safe").marginOfError, staffSafe);
    assert.notEqual(staffSafe, Math.round(staffSafe * 10) / 10, `${staffSafe} is not a one-decimal figure`);
    assert.equal(safety(s).marginOfError, staff.body.weighted.indices["safety"]!.marginOfError);
  });

  it("when a month cannot be weighted on its own, then it shows no score rather than an unweighted one", async () => {
    // March: 12 people, all in D1 (all feel safe): one district cannot be raked to three.
    for (let i = 0; i < 12; i++) await store("D1", true, `2026-03-${String(1 + i).padStart(2, "0")}`);
    const s = await publicSurvey();
    const march = s.trends.points.find((p) => p.period === "2026-03")!;
    assert.equal(march.n, 12);
    assert.equal(march.indices["safety"], null, "an unweighted 100 would mix estimators");
    assert.match(march.unweightedReason ?? "", /district/);
    const html = await page();
    assert.match(html, /could not be weighted on its own/);
    // March leads no headline with a raw score: the page falls back to all months together.
    assert.deepEqual(safety(s).latestMonth, {
      period: "2026-03",
      score: null,
      ci95: null,
      marginOfError: null,
      n: 12,
    });
    assert.doesNotMatch(html, /out of 100 in March 2026/);
    assert.match(html, /Feeling safe: \d+ out of 100<\/p>/);
  });

  it("when the page describes the results, then it says opt-in and what a range means, in English and Spanish", async () => {
    const s = await publicSurvey();
    assert.match(s.methodology.note, /people who chose to answer, not a random sample/);
    const en = await page("en");
    assert.match(en, /people who chose to answer, not a random sample of the community/);
    assert.match(en, /if the same kind of people were asked again/);
    assert.match(en, /Weighting fixes only that mix/);
    const es = await page("es");
    assert.match(es, /personas que eligieron responder, no una muestra al azar de la comunidad/);
    assert.match(es, /si se volviera a preguntar a personas del mismo tipo/);
    assert.match(es, /La ponderación solo corrige esa mezcla/);
    assert.match(es, /igual a la población por diseño \(ponderado\)/);
    for (const html of [en, es]) {
      assert.doesNotMatch(html, /95\s?%/, "no confidence level stated as certainty about the truth");
      assert.doesNotMatch(html, /we are .* sure|estamos .* seguros/);
    }
  });
});

describe("public estimates on thin data: no range below 30 people (issue 12, item 9)", () => {
  let server: TestServer;
  let admin: ApiClient;
  let agencySlug: string;
  let surveyId: string;
  let slug: string;

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin"]);
    agencySlug = built.slug;
    admin = built.clients.admin;
    const created = await admin.post<{ survey: { id: string } }>("/api/v1/surveys", {
      title: { en: "Safety, few answers" },
      kind: "community",
      languages: ["en"],
      questions: QUESTIONS,
    });
    surveyId = created.body.survey.id;
    slug = (await admin.post<{ survey: { slug: string } }>(`/api/v1/surveys/${surveyId}/publish`)).body.survey
      .slug;
    const put = await admin.request("PUT", `/api/v1/surveys/${surveyId}/publication`, {
      published: true,
      questions: ["q_district", "q_safe"],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    // 20 people in January, all in D1: 10 feel safe, 10 do not (no count below 10 to hide).
    for (let i = 0; i < 20; i++)
      await submitResponse(
        slug,
        {
          submissionId: randomUUID(),
          language: "en",
          answers: { q_district: "D1", q_safe: i < 10 ? 5 : 1 } as Answers,
        },
        new Date(`2026-01-${String(1 + i).padStart(2, "0")}T18:00:00Z`),
      );
  });
  after(() => server.stop());

  it("when a score rests on 20 people, then the JSON has no interval and the page says why", async () => {
    const res = await fetch(`${server.url}/api/v1/public/agencies/${agencySlug}/results`);
    const s = ((await res.json()) as { surveys: PublicSurvey[] }).surveys.find((x) => x.slug === slug)!;
    const safety = s.indices.find((i) => i.key === "safety")!;
    assert.equal(safety.score, 50);
    assert.equal(safety.marginOfError, null);
    assert.deepEqual(safety.latestMonth, {
      period: "2026-01",
      score: 50,
      ci95: null,
      marginOfError: null,
      n: 20,
    });
    assert.deepEqual(s.trends.points[0]!.intervals["safety"], null);
    const safe = s.questions.find((q) => q.id === "q_safe")!;
    assert.equal(safe.mean, 3);
    assert.equal(safe.ci95, null);
    for (const option of safe.options ?? []) {
      assert.equal(option.ci95, null, `option ${String(option.value)}`);
      assert.equal(option.marginOfError, null);
    }
    const en = await (await fetch(`${server.url}/p/${agencySlug}?lang=en`)).text();
    assert.match(en, /Based on 20 people: too few for a reliable range\./);
    assert.match(en, /All months together: 50 out of 100, from 20 people\./);
    assert.doesNotMatch(en, /give or take \d|likely between \d/i);
    const es = await (await fetch(`${server.url}/p/${agencySlug}?lang=es`)).text();
    assert.match(es, /Basado en 20 personas: demasiado pocas para un rango fiable\./);
  });

  it("when the agency leads with quarters, then the headline is the quarter's own figures, with the month still beside", async () => {
    // 15 more people in March who do not feel safe: the first quarter holds 35, 10 of them safe.
    for (let i = 0; i < 15; i++)
      await submitResponse(
        slug,
        { submissionId: randomUUID(), language: "en", answers: { q_district: "D1", q_safe: 1 } as Answers },
        new Date(`2026-03-${String(1 + i).padStart(2, "0")}T18:00:00Z`),
      );
    const patched = await admin.patch<{ agency: { headlinePeriod: string } }>("/api/v1/agency", {
      headlinePeriod: "quarter",
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const staff = (
      await admin.get<{ indices: Record<string, { score: number; ci95: [number, number]; n: number }> }>(
        `/api/v1/surveys/${surveyId}/results?from=2026-01-01&to=2026-03-31`,
      )
    ).body.indices["safety"]!;
    assert.equal(staff.n, 35);
    const res = await fetch(`${server.url}/api/v1/public/agencies/${agencySlug}/results`);
    const s = (
      (await res.json()) as { surveys: Array<PublicSurvey & { headlinePeriod: string }> }
    ).surveys.find((x) => x.slug === slug)!;
    assert.equal(s.headlinePeriod, "quarter");
    const safety = s.indices.find((i) => i.key === "safety")! as PublicSurvey["indices"][number] & {
      latestPeriod: unknown;
    };
    assert.deepEqual(safety.latestPeriod, {
      period: "2026-Q1",
      score: staff.score,
      ci95: staff.ci95,
      marginOfError: Math.round(((staff.ci95[1] - staff.ci95[0]) / 2) * 10) / 10,
      n: 35,
    });
    assert.equal(safety.latestMonth?.period, "2026-03", "the month stays in the JSON");
    const en = await (await fetch(`${server.url}/p/${agencySlug}?lang=en`)).text();
    assert.match(en, new RegExp(`Feeling safe: ${Math.round(staff.score)} out of 100 in January–March 2026`));
    const es = await (await fetch(`${server.url}/p/${agencySlug}?lang=es`)).text();
    assert.match(es, /de 100 en enero–marzo de 2026/);
    const bad = await admin.patch<{ error: { details: Array<{ path: string }> } }>("/api/v1/agency", {
      headlinePeriod: "year",
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0]!.path, "headlinePeriod");
  });
});
