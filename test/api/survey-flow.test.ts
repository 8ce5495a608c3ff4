import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { localDate } from "@shared/periods.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface OptionCount {
  value: unknown;
  count: number;
  percent: number;
}
interface QuestionResult {
  id: string;
  n: number;
  options?: OptionCount[];
  mean?: number | null;
  ci95?: [number, number] | null;
  items?: Array<{ id: string; n: number; options: OptionCount[] }>;
}
interface Results {
  n: number;
  questions: QuestionResult[];
  indices: Record<string, { score: number; ci95: [number, number]; n: number }>;
}

const RESPONSES = 40;

describe("the whole path: login → template → publish → responses → results", () => {
  let server: TestServer;
  let survey: { id: string; slug: string };
  let admin: Awaited<ReturnType<typeof buildAgency>>["clients"]["admin"];

  before(async () => {
    server = await startTestServer();
    ({
      clients: { admin },
    } = await buildAgency(server.url, ["admin"]));
    const templates = await admin.get<{ templates: Array<{ id: string }> }>("/api/v1/templates");
    assert.equal(templates.status, 200);
    const ids = templates.body.templates.map((t) => t.id);
    assert.ok(
      ids.includes("community-trust") && ids.includes("post-contact"),
      `templates: ${ids.join(", ")}`,
    );
    survey = await publishFromTemplate(admin, "community-trust");
    const responses = await Promise.all(
      Array.from({ length: RESPONSES }, (_, i) => submit(server.url, survey.slug, communityAnswers(i))),
    );
    for (const r of responses) assert.equal(r.status, 201, JSON.stringify(r.body));
  });
  after(() => server.stop());

  const expectedCount = (predicate: (answers: Record<string, unknown>) => boolean): number =>
    Array.from({ length: RESPONSES }, (_, i) => communityAnswers(i)).filter(predicate).length;

  it("counts every response and every option exactly", async () => {
    const results = await admin.get<Results>(`/api/v1/surveys/${survey.id}/results`);
    assert.equal(results.status, 200);
    assert.equal(results.body.n, RESPONSES);
    const byId = new Map(results.body.questions.map((q) => [q.id, q]));

    const night = byId.get("q_safe_night")!;
    assert.equal(night.n, RESPONSES);
    for (const value of [0, 1, 2, 3, 4, 5]) {
      const option = night.options!.find((o) => o.value === value)!;
      assert.equal(
        option.count,
        expectedCount((a) => a["q_safe_night"] === value),
        `q_safe_night=${value}`,
      );
    }
    const contact = byId.get("q_contact")!;
    assert.equal(
      contact.options!.find((o) => o.value === true)!.count,
      expectedCount((a) => a["q_contact"] === true),
    );
    const satisfaction = byId.get("q_contact_satisfaction")!;
    assert.equal(
      satisfaction.n,
      expectedCount((a) => a["q_contact"] === true),
    );

    const priorities = byId.get("q_priorities")!;
    assert.equal(priorities.options!.find((o) => o.value === "traffic")!.count, RESPONSES / 2);
    assert.equal(priorities.options!.find((o) => o.value === "violent_crime")!.count, RESPONSES / 2);

    const district = byId.get("q_district")!;
    assert.deepEqual(
      district.options!.map((o) => [o.value, o.count]),
      ["D1", "D2", "D3"].map((d) => [d, expectedCount((a) => a["q_district"] === d)]),
    );
    const matrix = byId.get("q_pj_general")!;
    const respect = matrix.items!.find((item) => item.id === "respect")!;
    assert.equal(respect.n, RESPONSES);
    assert.equal(respect.options.find((o) => o.value === 5)!.count, RESPONSES);
    assert.equal(
      byId.get("q_comment")!.n,
      expectedCount((a) => typeof a["q_comment"] === "string"),
    );
  });

  it("computes means and indices from the same counts", async () => {
    const results = await admin.get<Results>(`/api/v1/surveys/${survey.id}/results`);
    const legitLaw = results.body.questions.find((q) => q.id === "q_legit_law")!;
    assert.equal(legitLaw.mean, 4);
    const pj = results.body.indices["procedural_justice_respect"]!;
    assert.equal(pj.n, RESPONSES);
    assert.equal(pj.score, 100); // respect item is always 5, the top of the scale
    const trust = results.body.indices["trust"]!;
    assert.ok(trust.score > 0 && trust.score < 100);
    assert.ok(trust.ci95[0] < trust.score && trust.score < trust.ci95[1]);
  });

  it("filters by district and by local date", async () => {
    const d2 = await admin.get<Results>(`/api/v1/surveys/${survey.id}/results?district=D2`);
    assert.equal(d2.status, 200);
    assert.equal(
      d2.body.n,
      expectedCount((a) => a["q_district"] === "D2"),
    );
    const today = localDate(new Date(), "America/Chicago");
    const sameDay = await admin.get<Results>(
      `/api/v1/surveys/${survey.id}/results?from=${today}&to=${today}`,
    );
    assert.equal(sameDay.body.n, RESPONSES);
    const future = await admin.get<Results>(`/api/v1/surveys/${survey.id}/results?from=2999-01-01`);
    assert.equal(future.body.n, 0);
    const unknownDistrict = await admin.get(`/api/v1/surveys/${survey.id}/results?district=D9`);
    assert.equal(unknownDistrict.status, 400);
  });

  it("groups responses by ISO week and by month for trends", async () => {
    const weekly = await admin.get<{ points: Array<{ period: string; n: number }> }>(
      `/api/v1/surveys/${survey.id}/trends?interval=week`,
    );
    assert.equal(weekly.status, 200);
    assert.equal(weekly.body.points.length, 1);
    assert.match(weekly.body.points[0]!.period, /^\d{4}-W\d{2}$/);
    assert.equal(weekly.body.points[0]!.n, RESPONSES);
    const monthly = await admin.get<{ points: Array<{ period: string; n: number }> }>(
      `/api/v1/surveys/${survey.id}/trends?interval=month`,
    );
    assert.match(monthly.body.points[0]!.period, /^\d{4}-\d{2}$/);
  });

  it("when a submissionId is replayed, then it answers with the first id and counts nothing twice", async () => {
    const submissionId = randomUUID();
    const body = { submissionId, language: "es", answers: communityAnswers(7) };
    const post = () =>
      fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { id: string; duplicate?: boolean },
      }));
    const first = await post();
    assert.equal(first.status, 201);
    const again = await post();
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { id: first.body.id, duplicate: true });
    const results = await admin.get<Results>(`/api/v1/surveys/${survey.id}/results`);
    assert.equal(results.body.n, RESPONSES + 1);
  });

  it("when 50 identical submissions race, then exactly one is stored", async () => {
    const before = (await admin.get<Results>(`/api/v1/surveys/${survey.id}/results`)).body.n;
    const body = JSON.stringify({ submissionId: randomUUID(), answers: communityAnswers(3) });
    const replies = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } })),
      ),
    );
    assert.equal(replies.filter((r) => r.status === 201).length, 1);
    assert.equal(replies.filter((r) => r.status === 200).length, 49);
    assert.equal(new Set(replies.map((r) => r.body.id)).size, 1);
    const after = (await admin.get<Results>(`/api/v1/surveys/${survey.id}/results`)).body.n;
    assert.equal(after, before + 1);
  });
});
