import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { isReliable } from "@shared/flags.js";
import { lastDayOf, latestCompleteMonth } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { submitResponse } from "@server/responses/responses.service.js";
import { previousMonthOf } from "@server/briefs/brief.service.js";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Hidden = { suppressed: true };
type Cell<T> = T | Hidden;
interface Results {
  n: Cell<number>;
  indices: Record<
    string,
    { score: Cell<number | null>; ci95: Cell<[number, number] | null>; n: Cell<number> }
  >;
}
interface Change {
  change: number | null;
  significant: boolean;
  testName: string;
  pAdjusted: number | null;
}
interface Comparison {
  indices?: Record<string, Cell<Change>>;
  questions?: Array<{ id: string; mean?: Cell<Change> }>;
}

const hidden = (x: unknown): x is Hidden => typeof x === "object" && x !== null && "suppressed" in x;
const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(1)}`;
const TZ = "America/Chicago";
const MONTH = latestCompleteMonth(new Date(), TZ);
const PREVIOUS = previousMonthOf(MONTH);
const HOSTILE_TITLE = `<img src=x onerror="alert(1)"> & more`;

/** Trust and safety lower in the earlier month, so some changes are large and significant. */
function answersFor(i: number, later: boolean): Answers {
  return {
    ...communityAnswers(i),
    q_trust_overall: later ? 5 : (i % 3) + 1,
    q_safe_night: later ? 4 : 2,
    q_comment: `Officer O'Brien's patrol near the park ${i}`,
  } as Answers;
}

/** The row of one index in the brief's table. */
function indexRow(html: string, key: string): string {
  const match = new RegExp(`<tr id="index-${key}">(.*?)</tr>`).exec(html);
  assert.ok(match, `a row for ${key}`);
  return match[1]!;
}

describe("the monthly brief (GET /api/v1/surveys/:id/brief)", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let designer: ApiClient;
  let admin: ApiClient;
  let outsider: ApiClient;
  let surveyId: string;
  let quietId: string;

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "analyst", "designer"]);
    ({ analyst, designer, admin } = built.clients);
    outsider = (await buildAgency(server.url, ["analyst"])).clients.analyst;
    const survey = await publishFromTemplate(admin);
    const quiet = await publishFromTemplate(admin);
    surveyId = survey.id;
    quietId = quiet.id;
    const store = (slug: string, month: string, i: number, later: boolean) =>
      submitResponse(
        slug,
        { submissionId: randomUUID(), language: "en", answers: answersFor(i, later) },
        new Date(`${month}-15T18:00:00Z`),
      );
    for (let i = 0; i < 36; i++) await store(survey.slug, PREVIOUS, i, false);
    for (let i = 0; i < 40; i++) await store(survey.slug, MONTH, i, true);
    for (let i = 0; i < 5; i++) await store(quiet.slug, MONTH, i, true);
    const action = await admin.post("/api/v1/actions", {
      title: HOSTILE_TITLE,
      date: `${MONTH}-03`,
      status: "planned",
      surveyId,
    });
    assert.equal(action.status, 201, JSON.stringify(action.body));
  });
  after(async () => {
    await server?.stop();
  });

  it("when an analyst opens the brief of the latest complete month, then each index shows the results' score, interval and n and the comparison's change", async () => {
    const reply = await analyst.get<string>(`/api/v1/surveys/${surveyId}/brief`);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal(reply.headers.get("cache-control"), "no-store");
    assert.match(reply.headers.get("content-security-policy") ?? "", /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const range = `from=${MONTH}-01&to=${lastDayOf(MONTH)}`;
    const results = (await analyst.get<Results>(`/api/v1/surveys/${surveyId}/results?${range}`)).body;
    const compare = (
      await analyst.get<Comparison>(
        `/api/v1/surveys/${surveyId}/compare?a_from=${PREVIOUS}-01&a_to=${lastDayOf(PREVIOUS)}&b_from=${MONTH}-01&b_to=${lastDayOf(MONTH)}`,
      )
    ).body;
    const html = reply.body;
    assert.ok(html.includes(`${results.n as number} responses`), "the month's n");
    let compared = 0;
    for (const [key, index] of Object.entries(results.indices)) {
      const row = indexRow(html, key);
      assert.ok(row.includes(`>${(index.score as number).toFixed(1)}<`), `${key} score in ${row}`);
      assert.ok(row.includes(`>${index.n as number}<`), `${key} n`);
      if (isReliable(index.n as number)) {
        const [lo, hi] = index.ci95 as [number, number];
        assert.ok(row.includes(`${lo.toFixed(1)}–${hi.toFixed(1)}`), `${key} interval in ${row}`);
      } else assert.ok(row.includes("too few answers"), `${key} has no interval`);
      const change = compare.indices?.[key];
      if (!change || hidden(change) || change.change === null) continue;
      compared += 1;
      assert.ok(row.includes(signed(change.change)), `${key} change in ${row}`);
      assert.ok(row.includes(change.significant ? ">yes<" : ">no<"), `${key} significance`);
      assert.ok(
        html.includes(`tested with ${change.testName.replaceAll("'", "&#39;")}`),
        `${key} test named`,
      );
    }
    assert.ok(compared > 0, "some index is compared");
    const movements = /Three largest movements.*?<ol>(.*?)<\/ol>/s.exec(html);
    assert.ok(movements, "movements listed");
    assert.equal(movements[1]!.match(/<li>/g)?.length, 3);
    // The largest: trust in the police went from a mean of 2 to 5 on its 1–5 scale, as compared.
    const trust = compare.questions?.find((q) => q.id === "q_trust_overall")?.mean;
    assert.ok(trust && !hidden(trust) && trust.change === 3 && trust.significant, JSON.stringify(trust));
    const first = /<li>(.*?)<\/li>/.exec(movements[1]!)![1]!;
    assert.match(
      first,
      /^<strong>I trust the police in my community\.<\/strong> 2\.00 → 5\.00 \(\+3\.00 on a 1–5 scale\); <strong>significant after correction<\/strong>/,
    );
  });

  it("when a comment term or an action title holds markup, then the brief shows it as text", async () => {
    const html = (await analyst.get<string>(`/api/v1/surveys/${surveyId}/brief?month=${MONTH}`)).body;
    assert.ok(
      html.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more"),
      "the title, escaped",
    );
    assert.ok(!html.includes("<img"), "no element made of the title");
    assert.match(html, /O&#39;Brien&#39;s/i, "the term, escaped");
    assert.ok(!/O'Brien/i.test(html));
  });

  it("when an analyst opens the brief, then the month's top comment themes come with their comments' tone; a designer is told why not", async () => {
    const html = (await analyst.get<string>(`/api/v1/surveys/${surveyId}/brief?month=${MONTH}`)).body;
    const section = /<section aria-labelledby="h-themes">(.*?)<\/section>/s.exec(html)?.[1] ?? "";
    // Every comment of the month is about a patrol near the park: 40, none with a scored word.
    assert.match(section, /<li>Patrol presence: 40 \(0 negative, 0 positive\)<\/li>/);
    const designerHtml = (await designer.get<string>(`/api/v1/surveys/${surveyId}/brief?month=${MONTH}`))
      .body;
    assert.ok(designerHtml.includes("Themes for a single month are shown to analysts and admins only."));
  });

  it("when a designer opens the brief, then it shows only what the designer's results show", async () => {
    const range = `from=${MONTH}-01&to=${lastDayOf(MONTH)}`;
    const results = (await designer.get<Results>(`/api/v1/surveys/${quietId}/results?${range}`)).body;
    assert.ok(hidden(results.n), "five responses are hidden from a designer");
    const html = (await designer.get<string>(`/api/v1/surveys/${quietId}/brief?month=${MONTH}`)).body;
    assert.ok(html.includes("hidden at your role responses"));
    assert.ok(!/\b5 responses/.test(html));
    for (const key of Object.keys(results.indices)) {
      const row = indexRow(html, key);
      assert.ok(!/>\d+\.\d</.test(row), `no score for ${key}: ${row}`);
    }
    assert.ok(html.includes("hidden to protect") || html.includes("are hidden at your role"));
    const exact = (await analyst.get<string>(`/api/v1/surveys/${quietId}/brief?month=${MONTH}`)).body;
    assert.ok(exact.includes("5 responses"), "an analyst sees the exact n");
  });

  it("returns 404 when the survey belongs to another agency", async () => {
    const reply = await outsider.get<{ error: { code: string } }>(`/api/v1/surveys/${surveyId}/brief`);
    assert.equal(reply.status, 404);
    assert.equal(reply.body.error.code, "not_found");
  });

  it("returns 400 naming the month when it is not YYYY-MM", async () => {
    for (const month of ["2026-13", "2026-1", "last"]) {
      const reply = await analyst.get<{
        error: { code: string; details: Array<{ path: string; message: string }> };
      }>(`/api/v1/surveys/${surveyId}/brief?month=${month}`);
      assert.equal(reply.status, 400, month);
      assert.equal(reply.body.error.code, "validation_failed");
      assert.equal(reply.body.error.details[0]?.path, "query.month");
      assert.equal(
        reply.body.error.details[0]?.message,
        `month with value ${month} fails to match the YYYY-MM pattern`,
      );
    }
  });
});
