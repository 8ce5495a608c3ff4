import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { auditSurveys } from "@server/disclosure/audit.service.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, submitComments } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Cell = number | { suppressed: true; protects?: "others" };
interface ThemeFigure {
  theme: string;
  count: Cell;
  share: Cell;
  sentiment: Record<"positive" | "neutral" | "negative", Cell>;
}
interface Comments {
  total: Cell;
  suppressed: boolean;
  comments: Array<{ text: string; themes: string[]; sentiment: string; district: string | null }>;
  themes: Record<
    string,
    { comments: number; themes: ThemeFigure[]; byDistrict?: Record<string, ThemeFigure[]> }
  >;
  suppression: { reason?: string };
}

// 26 comments: 12 in D1 about dark streets (lighting, negative), 10 in D2 asking for patrols
// (patrol presence, neutral), 3 in D3 about a rude officer (respect, negative) and one in D3, in
// Spanish, about a patrol car that took two hours (response time and patrol presence, negative).
const COMMENTS = [
  ...Array.from({ length: 12 }, (_, i) => ({
    district: "D1",
    language: "en",
    text: `The street lights are out and it is dark on our block (${i})`,
  })),
  ...Array.from({ length: 10 }, () => ({
    district: "D2",
    language: "en",
    text: "More patrols at night, please",
  })),
  ...Array.from({ length: 3 }, () => ({
    district: "D3",
    language: "en",
    text: "The officer was rude to me",
  })),
  { district: "D3", language: "es", text: "La patrulla se tardó dos horas en llegar" },
];

describe("comment themes", () => {
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
    await submitComments(server.url, survey.slug, COMMENTS);
  });
  after(() => server.stop());

  const comments = (client: ApiClient, query = "") =>
    client.get<Comments>(`/api/v1/surveys/${surveyId}/comments?question=q_comment${query}`);
  const theme = (body: Comments, id: string) => body.themes["q_comment"]!.themes.find((t) => t.theme === id)!;

  it("when an analyst lists comments, then each comment carries its themes and sentiment and themes are counted overall and by district", async () => {
    const res = await comments(analyst, "&pageSize=100");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const spanish = res.body.comments.find((c) => c.text.startsWith("La patrulla"))!;
    assert.deepEqual(spanish.themes, ["response_time", "patrol_presence"]);
    assert.equal(spanish.sentiment, "negative");
    assert.equal(res.body.themes["q_comment"]!.comments, 26);
    assert.deepEqual(theme(res.body, "lighting"), {
      theme: "lighting",
      label: { en: "Lighting", es: "Alumbrado" },
      count: 12,
      share: 46.2,
      sentiment: { positive: 0, neutral: 0, negative: 12 },
      sentimentShare: { positive: 0, neutral: 0, negative: 100 },
    });
    assert.equal(theme(res.body, "patrol_presence").count, 11);
    assert.deepEqual(theme(res.body, "patrol_presence").sentiment, { positive: 0, neutral: 10, negative: 1 });
    assert.equal(theme(res.body, "respect").count, 3);
    // Most comments first.
    assert.deepEqual(
      res.body.themes["q_comment"]!.themes.slice(0, 3).map((t) => t.theme),
      ["lighting", "patrol_presence", "respect"],
    );
    const d3 = res.body.themes["q_comment"]!.byDistrict!["D3"]!;
    assert.equal(d3.find((t) => t.theme === "respect")!.count, 3);
    assert.equal(d3.find((t) => t.theme === "lighting")!.count, 0);
  });

  it("when an analyst filters by a theme, then exactly the comments it counts come back", async () => {
    const res = await comments(analyst, "&theme=respect");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.total, 3);
    assert.ok(res.body.comments.every((c) => c.text === "The officer was rude to me"));
    const d1 = await comments(analyst, "&theme=lighting&district=D1&pageSize=5");
    assert.equal(d1.body.total, 12);
    assert.equal(d1.body.comments.length, 5);
  });

  it("when a designer lists comments, then small theme and sentiment counts are hidden and no district counts come", async () => {
    const res = await comments(designer);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.themes["q_comment"]!.byDistrict, undefined);
    assert.deepEqual(theme(res.body, "lighting").sentiment, { positive: 0, neutral: 0, negative: 12 });
    // 11 patrol comments are shown, but one negative among ten neutral would stand out: all three
    // hidden (the zero too, or the other two would add up to the count).
    const patrol = theme(res.body, "patrol_presence");
    assert.equal(patrol.count, 11);
    assert.deepEqual(patrol.sentiment, {
      positive: { suppressed: true, protects: "others" },
      neutral: { suppressed: true, protects: "others" },
      negative: { suppressed: true },
    });
    assert.deepEqual(theme(res.body, "respect").count, { suppressed: true });
    assert.deepEqual(theme(res.body, "respect").share, { suppressed: true });
    assert.deepEqual(theme(res.body, "response_time").count, { suppressed: true });
    assert.equal(theme(res.body, "drugs").count, 0);
  });

  it("when a designer filters by a theme, then only a shown theme over the whole survey is answered", async () => {
    const shown = await comments(designer, "&theme=lighting&pageSize=100");
    assert.equal(shown.body.total, 12);
    assert.ok(shown.body.comments.every((c) => c.district === null && c.themes.includes("lighting")));
    const small = await comments(designer, "&theme=respect");
    assert.equal(small.body.suppressed, true);
    assert.deepEqual(small.body.comments, []);
    assert.match(small.body.suppression.reason ?? "", /theme/);
    const cut = await comments(designer, "&theme=lighting&district=D1");
    assert.equal(cut.status, 400);
  });

  it("when the theme is unknown, then it is a 400 naming it and listing the themes", async () => {
    const res = await analyst.get<{ error: { details: Array<{ path: string; message: string }> } }>(
      `/api/v1/surveys/${surveyId}/comments?question=q_comment&theme=parking`,
    );
    assert.equal(res.status, 400);
    const detail = res.body.error.details.find((d) => d.path === "query.theme")!;
    assert.match(detail.message, /"parking" is not a theme/);
    assert.match(detail.message, /response_time/);
  });

  it("when the auditor checks the survey, then the theme figures a designer sees expose no small count", async () => {
    const [report] = await auditSurveys(surveyId);
    assert.deepEqual(report!.violations, []);
    assert.deepEqual(report!.exposed, []);
    // The small theme counts (respect in D3, response time) were among the checked figures.
    assert.ok(report!.checked > 0);
  });
});
