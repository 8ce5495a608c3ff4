import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers } from "@shared/survey.js";
import { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
type Hidden = { suppressed: true };
interface PublicOption {
  value: unknown;
  label: string;
  count: number | Hidden;
  percent: number | Hidden;
  marginOfError: number | null | Hidden;
}
interface PublicQuestion {
  id: string;
  prompt: string;
  n: number | Hidden;
  options?: PublicOption[];
}
interface PublicSurvey {
  slug: string;
  n: number;
  estimates: string;
  questions: PublicQuestion[];
  indices: Array<{ key: string; score: number | Hidden }>;
  trends: { points: Array<{ period: string; n: number | Hidden }> };
  methodology: {
    sampleSize: number;
    from: string | null;
    to: string | null;
    weighting: { applied: boolean; reason?: string; variables?: string[] };
    suppressionThreshold: number;
    note: string;
  };
  actions: Array<{ id: string; title: string; indicator: string | null }>;
}
interface PublicBody {
  agency: { slug: string; name: string };
  surveys: PublicSurvey[];
  actions: Array<{ id: string; title: string }>;
}

const PUBLISHED = ["q_safe_day", "q_safe_night", "q_safe_overall", "q_trust_overall", "q_district"];
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
const hidden = (x: unknown): boolean => typeof x === "object" && x !== null && "suppressed" in x;

describe("public results: publication, suppression, actions", () => {
  let server: TestServer;
  let a: Built;
  let b: Built;
  let survey: { id: string; slug: string };

  before(async () => {
    server = await startTestServer({ PUBLIC_URL: "https://pulse.example.gov" });
    a = await buildAgency(server.url, ["admin", "designer", "analyst"]);
    b = await buildAgency(server.url, ["admin"]);
    survey = await publishFromTemplate(a.clients.admin);
    // 40 responses over two months: D1 19, D2 18, D3 3 (a small cell).
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      const district = i < 3 ? "D3" : i % 2 ? "D1" : "D2";
      const day =
        i < 20
          ? `2026-01-${String(1 + (i % 28)).padStart(2, "0")}`
          : `2026-02-${String(1 + (i % 28)).padStart(2, "0")}`;
      const answers = { ...communityAnswers(i), q_district: district } as Answers;
      jobs.push(
        submitResponse(
          survey.slug,
          { submissionId: randomUUID(), language: "en", answers },
          new Date(`${day}T18:00:00Z`),
        ),
      );
    }
    await Promise.all(jobs);
  });
  after(() => server.stop());

  const results = async (slug = a.slug) => {
    const response = await fetch(`${server.url}/api/v1/public/agencies/${slug}/results`);
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as PublicBody,
    };
  };
  const publish = (client: ApiClient, id: string, body: unknown) =>
    client.request<{ publication: { published: boolean; questions: string[] } }>(
      "PUT",
      `/api/v1/surveys/${id}/publication`,
      body,
    );

  it("when nothing is published, then the agency's public results list no survey", async () => {
    const res = await results();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.surveys, []);
    assert.match(res.headers.get("cache-control") ?? "", /max-age=\d+/);
  });

  it("when an admin publishes some questions, then only those (and indices fed only by them) are public", async () => {
    const put = await publish(a.clients.admin, survey.id, { published: true, questions: PUBLISHED });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.publication, { published: true, questions: PUBLISHED });
    const got = await a.clients.admin.get(`/api/v1/surveys/${survey.id}/publication`);
    assert.deepEqual(got.body, { publication: { published: true, questions: PUBLISHED } });

    const res = await results();
    assert.equal(res.body.surveys.length, 1);
    const [s] = res.body.surveys;
    assert.equal(s!.n, 40);
    assert.deepEqual(
      s!.questions.map((q) => q.id),
      PUBLISHED,
    );
    // Safety comes only from published questions; trust also from unpublished ones, so it stays out.
    assert.deepEqual(
      s!.indices.map((i) => i.key),
      ["safety"],
    );
    assert.deepEqual(
      s!.trends.points.map((p) => [p.period, p.n]),
      [
        ["2026-01", 20],
        ["2026-02", 20],
      ],
    );
    assert.equal(s!.estimates, "unweighted");
    assert.equal(s!.methodology.weighting.applied, false);
    assert.match(s!.methodology.weighting.reason ?? "", /margins/);
    assert.equal(s!.methodology.sampleSize, 40);
    assert.deepEqual([s!.methodology.from, s!.methodology.to], ["2026-01", "2026-02"]);
    assert.match(s!.methodology.note, /fewer than 10/);
  });

  it("when a district has fewer than 10 responses, then it and a complementary cell are hidden", async () => {
    const [s] = (await results()).body.surveys;
    const district = s!.questions.find((q) => q.id === "q_district")!;
    const byValue = new Map(district.options!.map((o) => [o.value, o]));
    assert.deepEqual(byValue.get("D3")!.count, { suppressed: true }, "D3 (3) hidden as small");
    assert.ok(hidden(byValue.get("D3")!.percent));
    // Showing D1 and D2 with n = 40 would give D3 away: the smaller one (D2, 18) goes too, and
    // is labelled as hiding to protect others. (D1 may go as well: January's 3 of D3 would
    // otherwise follow from the whole less February.)
    assert.deepEqual(byValue.get("D2")!.count, { suppressed: true, protects: "others" });
    const d1 = byValue.get("D1")!.count;
    assert.ok(d1 === 19 || (hidden(d1) && "protects" in (d1 as object)), JSON.stringify(d1));
    assert.equal(byValue.get("D3")!.label, "South");
    const json = JSON.stringify(s);
    assert.doesNotMatch(json, /"count":3\b/);
  });

  it("when the agency gives population margins, then results are weighted and suppression still holds", async () => {
    const patch = await a.clients.admin.patch("/api/v1/agency", {
      margins: { district: { D1: 0.4, D2: 0.4, D3: 0.2 } },
    });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    const [s] = (await results()).body.surveys;
    assert.equal(s!.estimates, "weighted");
    assert.deepEqual(s!.methodology.weighting.variables, ["district"]);
    const district = s!.questions.find((q) => q.id === "q_district")!;
    const d3 = district.options!.find((o) => o.value === "D3")!;
    assert.ok(hidden(d3.percent), "a weighted share of a small cell is hidden too");
    // A weighted share is shown exactly where its count is, and then equals the margin.
    for (const option of district.options!) {
      if (hidden(option.count))
        assert.ok(hidden(option.percent), `${String(option.value)} weighted share hidden`);
      else assert.equal(option.percent, option.value === "D1" ? 40 : option.percent);
    }
  });

  it("leaks no staff field: no emails, no staff or agency ids, no internal survey id", async () => {
    const text = JSON.stringify((await results()).body);
    assert.doesNotMatch(text, /@example\.org/);
    assert.ok(!text.includes(a.agencyId), "agency id");
    assert.ok(!text.includes(survey.id), "survey id");
  });

  it("when the agency is unknown, then the JSON and the page answer 404", async () => {
    const res = await results("no-such-agency");
    assert.equal(res.status, 404);
    assert.equal((res.body as unknown as { error: { code: string } }).error.code, "not_found");
    const page = await fetch(`${server.url}/p/no-such-agency`);
    assert.equal(page.status, 404);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await page.text(), /Page not found/);
  });

  it("when another agency's admin changes this agency's publication, then it is a 404 and nothing changes", async () => {
    const put = await publish(b.clients.admin, survey.id, { published: false, questions: [] });
    assert.equal(put.status, 404);
    const get = await b.clients.admin.get(`/api/v1/surveys/${survey.id}/publication`);
    assert.equal(get.status, 404);
    const missing = await publish(b.clients.admin, "0123456789abcdef01234567", {
      published: false,
      questions: [],
    });
    assert.deepEqual(put.body, missing.body, "same body as an id that does not exist");
    assert.equal((await results()).body.surveys.length, 1);
  });

  it("when a designer or analyst changes publication or actions, then it is a 403", async () => {
    for (const role of ["designer", "analyst"] as const) {
      const client = a.clients[role];
      assert.equal((await publish(client, survey.id, { published: false, questions: [] })).status, 403);
      const post = await client.post("/api/v1/actions", { title: "x", date: "2026-03-01", status: "done" });
      assert.equal(post.status, 403);
    }
    const anonymous = new ApiClient(server.url);
    assert.equal((await publish(anonymous, survey.id, { published: false, questions: [] })).status, 401);
    assert.equal((await results()).body.surveys.length, 1);
  });

  it("when the publication names an unknown question or bad fields, then a 400 names them and nothing changes", async () => {
    const bad = await publish(a.clients.admin, survey.id, {
      published: "yes",
      questions: ["q_nope"],
      extra: 1,
    });
    assert.equal(bad.status, 400);
    const paths = (bad.body as unknown as { error: { details: Array<{ path: string }> } }).error.details.map(
      (d) => d.path,
    );
    assert.ok(paths.includes("published") && paths.includes("extra"), paths.join());
    const unknown = await publish(a.clients.admin, survey.id, { published: true, questions: ["q_nope"] });
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.body), /questions\.0.*not a question of this survey/);
    assert.deepEqual(
      (await results()).body.surveys[0]!.questions.map((q) => q.id),
      PUBLISHED,
    );
  });

  it("when an action is invalid, then a 400 names every bad field and nothing is stored", async () => {
    const res = await a.clients.admin.post("/api/v1/actions", {
      title: "",
      body: "x".repeat(4001),
      date: "2026-02-30",
      status: "finished",
      indicator: "Not An Id!",
      owner: "me",
    });
    assert.equal(res.status, 400);
    const paths = (res.body as unknown as { error: { details: Array<{ path: string }> } }).error.details.map(
      (d) => d.path,
    );
    for (const field of ["title", "body", "date", "status", "indicator", "owner"])
      assert.ok(paths.includes(field), `${field} named in ${paths.join()}`);
    const noSurvey = await a.clients.admin.post("/api/v1/actions", {
      title: "More lights",
      date: "2026-03-01",
      status: "done",
      indicator: "q_safe_night",
    });
    assert.equal(noSurvey.status, 400);
    assert.match(JSON.stringify(noSurvey.body), /indicator.*needs a surveyId/);
    const otherSurvey = await publishFromTemplate(b.clients.admin);
    const foreign = await a.clients.admin.post("/api/v1/actions", {
      title: "More lights",
      date: "2026-03-01",
      status: "done",
      surveyId: otherSurvey.id,
    });
    assert.equal(foreign.status, 400);
    assert.match(JSON.stringify(foreign.body), /surveyId.*not a survey of this agency/);
    const list = await a.clients.admin.get<{ actions: unknown[] }>("/api/v1/actions");
    assert.deepEqual(list.body.actions, []);
  });

  it("admins create, list, edit and delete actions; another agency's admin gets 404 for them", async () => {
    const created = await a.clients.admin.post<{ action: { id: string; title: string; surveyId: string } }>(
      "/api/v1/actions",
      {
        title: "Brighter street lights on Main St",
        body: "You told us the night felt unsafe.\n\nWe replaced 40 lamps.",
        surveyId: survey.id,
        indicator: "q_safe_night",
        date: "2026-03-01",
        status: "in_progress",
      },
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.action.id;
    assert.equal(created.body.action.surveyId, survey.id);

    const edited = await a.clients.admin.patch<{ action: { status: string; title: string } }>(
      `/api/v1/actions/${id}`,
      { status: "done" },
    );
    assert.equal(edited.status, 200);
    assert.equal(edited.body.action.status, "done");
    assert.equal(edited.body.action.title, "Brighter street lights on Main St");

    assert.equal((await b.clients.admin.patch(`/api/v1/actions/${id}`, { status: "planned" })).status, 404);
    assert.equal((await b.clients.admin.request("DELETE", `/api/v1/actions/${id}`)).status, 404);
    assert.deepEqual((await b.clients.admin.get<{ actions: unknown[] }>("/api/v1/actions")).body.actions, []);

    const [s] = (await results()).body.surveys;
    assert.deepEqual(
      s!.actions.map((x) => [x.title, x.indicator]),
      [["Brighter street lights on Main St", "q_safe_night"]],
    );

    const removed = await a.clients.admin.request("DELETE", `/api/v1/actions/${id}`);
    assert.equal(removed.status, 204);
    assert.equal((await a.clients.admin.request("DELETE", `/api/v1/actions/${id}`)).status, 404);
    assert.deepEqual((await results()).body.surveys[0]!.actions, []);
    const audit = await a.clients.admin.get<{ entries: Array<{ action: string }> }>("/api/v1/audit");
    const actions = audit.body.entries.map((e) => e.action);
    for (const name of [
      "results.publication_changed",
      "public_action.created",
      "public_action.updated",
      "public_action.deleted",
    ])
      assert.ok(actions.includes(name), `${name} audited`);
  });

  it("when an action's text is hostile, then JSON carries it verbatim and the page shows it as text", async () => {
    const created = await a.clients.admin.post<{ action: { id: string } }>("/api/v1/actions", {
      title: HOSTILE,
      body: HOSTILE,
      date: "2026-03-02",
      status: "planned",
      indicator: "safety",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const body = (await results()).body;
    assert.equal(body.actions.find((x) => x.id === created.body.action.id)?.title, HOSTILE);

    const page = await fetch(`${server.url}/p/${a.slug}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(!html.includes("<script>alert"), "no live script");
    assert.ok(!html.includes("<img src=x"), "no live image");
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), "escaped text shown");
    assert.doesNotMatch(html, /style=/, "no inline style attributes (strict CSP)");
    assert.doesNotMatch(html, /<script/, "the page needs no script");
    assert.match(html, /<link rel="canonical" href="https:\/\/pulse\.example\.gov\/p\/agency-[a-f0-9]+">/);
    assert.match(html, /<meta name="description" content="[^"]+">/);
    assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const css = await fetch(`${server.url}/p/assets/public.css`);
    assert.equal(css.status, 200);
    assert.match(await css.text(), /@media print/);
  });

  it("when the page is asked in Spanish, then its own words are Spanish", async () => {
    const page = await fetch(`${server.url}/p/${a.slug}?lang=es`);
    const html = await page.text();
    assert.match(html, /<html lang="es"/);
    assert.match(html, /Ustedes dijeron, nosotros hicimos/);
    assert.equal((await fetch(`${server.url}/p/${a.slug}?lang=xx`)).status, 404);
  });

  it("when districts are named in Spanish, then Spanish readers see those names on the public and respondent pages, and a body without names still works", async () => {
    const named = await a.clients.admin.patch<{ agency: { districts: unknown[] } }>("/api/v1/agency", {
      districts: [
        { code: "D1", name: "North", names: { es: "Distrito Norte" } },
        { code: "D2", name: "Central", names: { es: "Distrito Centro" } },
        { code: "D3", name: "South" },
      ],
    });
    assert.equal(named.status, 200, JSON.stringify(named.body));
    assert.deepEqual(named.body.agency.districts, [
      { code: "D1", name: "North", names: { es: "Distrito Norte" } },
      { code: "D2", name: "Central", names: { es: "Distrito Centro" } },
      { code: "D3", name: "South", names: {} },
    ]);
    const spanish = await (await fetch(`${server.url}/p/${a.slug}?lang=es`)).text();
    assert.match(spanish, /Distrito Norte/);
    assert.match(spanish, /Distrito Centro/);
    const english = await (await fetch(`${server.url}/p/${a.slug}?lang=en`)).text();
    assert.doesNotMatch(english, /Distrito Norte/);
    assert.match(english, />North</);

    const form = await (await fetch(`${server.url}/s/${survey.slug}?lang=es`)).text();
    assert.match(form, /Distrito Norte/);
    assert.match(form, /South/, "a district without a Spanish name keeps its name");
    const view = (await (await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}`)).json()) as {
      survey: {
        questions: Array<{ id: string; options?: Array<{ value: string; label: Record<string, string> }> }>;
      };
    };
    const options = view.survey.questions.find((q) => q.id === "q_district")!.options!;
    assert.deepEqual(options[0], { value: "D1", label: { en: "North", es: "Distrito Norte" } });

    const old = await a.clients.admin.patch("/api/v1/agency", {
      districts: [
        { code: "D1", name: "North" },
        { code: "D2", name: "Central" },
        { code: "D3", name: "South" },
      ],
    });
    assert.equal(old.status, 200, JSON.stringify(old.body));
    const bad = await a.clients.admin.patch("/api/v1/agency", {
      districts: [{ code: "D1", name: "North", names: { "not a language": "x", es: "" } }],
    });
    assert.equal(bad.status, 400);
  });
});
