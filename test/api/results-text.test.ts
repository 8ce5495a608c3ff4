import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit, submitComments } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface Comments {
  total: number | { suppressed: true };
  pages: number;
  suppressed: boolean;
  comments: Array<{ question: string; text: string; district: string | null; date: string }>;
  terms: Record<
    string,
    {
      terms: Array<{ term: string; count: number }>;
      phrases: Array<{ term: string; count: number }>;
      byDistrict?: Record<string, { terms: Array<{ term: string; count: number }> }>;
    }
  >;
}

// 24 responses with comments: 12 in D1 ask for street lights, 8 in D2 for more patrols, 4 in D3
// leave contact details. Four more responses leave no comment.
const COMMENTS = [
  ...Array.from({ length: 12 }, (_, i) => ({
    district: "D1",
    text: `Street lights are out on our block (${i})`,
  })),
  ...Array.from({ length: 8 }, () => ({ district: "D2", text: "More patrols at night, please" })),
  { district: "D3", text: "Email me at ana.perez@example.org" },
  { district: "D3", text: "Call (555) 123-4567 any time" },
  { district: "D3", text: "I live at 4512 N Maple Ave and nobody came" },
  { district: "D3", text: '=HYPERLINK("http://evil.example","click")' },
];

describe("open text and export", () => {
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
    for (let i = 0; i < 4; i++) {
      const { q_comment: _none, ...answers } = communityAnswers(i + 1);
      await submit(server.url, survey.slug, { ...answers, q_district: "D1" });
    }
  });
  after(() => server.stop());

  const comments = (client: ApiClient, query = "") =>
    client.get<Comments>(`/api/v1/surveys/${surveyId}/comments?question=q_comment${query}`);

  it("when comments are listed, then emails, phone numbers and street addresses are redacted", async () => {
    const res = await comments(analyst, "&pageSize=200");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.total, COMMENTS.length);
    const texts = res.body.comments.map((c) => c.text);
    assert.ok(texts.includes("Email me at [email]"));
    assert.ok(texts.includes("Call [phone] any time"));
    assert.ok(texts.includes("I live at [address] and nobody came"));
    // Only the texts: ids are random hex and may contain "555" by chance.
    assert.doesNotMatch(JSON.stringify(texts), /ana\.perez|555|Maple/);
  });

  it("when comments are paged, then pages hold pageSize entries, newest first", async () => {
    const first = await comments(analyst, "&pageSize=10&page=1");
    const third = await comments(analyst, "&pageSize=10&page=3");
    assert.equal(first.body.comments.length, 10);
    assert.equal(third.body.comments.length, 4);
    assert.equal(first.body.pages, 3);
    assert.equal(third.body.comments.at(-1)!.text, "Street lights are out on our block (0)");
  });

  it("when terms are asked for, then frequent terms and phrases come per question and by district", async () => {
    const res = await comments(analyst);
    const terms = res.body.terms["q_comment"]!;
    assert.deepEqual(terms.terms.slice(0, 2), [
      { term: "block", count: 12 },
      { term: "lights", count: 12 },
    ]);
    assert.ok(terms.phrases.some((p) => p.term === "street lights" && p.count === 12));
    assert.ok(terms.phrases.some((p) => p.term === "more patrols" && p.count === 8));
    assert.deepEqual(
      terms.byDistrict!["D2"]!.terms.map((t) => t.term),
      ["night", "patrols", "please"],
    );
    assert.equal(terms.byDistrict!["D1"]!.terms[0]!.count, 12);
  });

  it("when a district filter is given, then only that district's comments and terms come back", async () => {
    const res = await comments(analyst, "&district=D2");
    assert.equal(res.body.total, 8);
    assert.ok(res.body.comments.every((c) => c.district === "D2"));
    assert.equal(res.body.terms["q_comment"]!.byDistrict, undefined);
  });

  it("when a designer looks, then a small district's comments lose their district and terms need 10 comments", async () => {
    const res = await comments(designer, "&pageSize=200");
    assert.equal(res.status, 200);
    const d3 = res.body.comments.filter((c) => c.text.startsWith("Call"));
    assert.equal(d3[0]!.district, null);
    const terms = res.body.terms["q_comment"]!;
    assert.ok(terms.terms.every((t) => t.count >= 10));
    assert.ok(!terms.phrases.some((p) => p.term === "more patrols"));
    const small = await comments(designer, "&district=D3");
    assert.equal(small.body.suppressed, true);
    assert.deepEqual(small.body.comments, []);
  });

  it("when comments are filtered by a listed term or phrase, then exactly the comments it counts come back", async () => {
    const phrase = await comments(analyst, "&term=Street%20Lights&pageSize=5");
    assert.equal(phrase.status, 200, JSON.stringify(phrase.body));
    assert.equal(phrase.body.total, 12);
    assert.equal(phrase.body.pages, 3);
    assert.equal(phrase.body.comments.length, 5);
    assert.ok(phrase.body.comments.every((c) => /street lights/i.test(c.text)));
    const word = await comments(analyst, "&term=patrols&district=D2");
    assert.equal(word.body.total, 8);
    // A part of a word is not the word.
    assert.equal((await comments(analyst, "&term=patrol")).body.total, 0);
  });

  it("when a designer filters by term, then only a term the terms list shows, over the whole survey, is answered", async () => {
    const shown = await comments(designer, "&term=lights");
    assert.equal(shown.body.total, 12);
    assert.ok(shown.body.comments.every((c) => c.district === null && /lights/i.test(c.text)));
    // "more patrols" is used by 8 comments, under the threshold of 10: not listed, not filterable.
    const small = await comments(designer, "&term=more%20patrols");
    assert.equal(small.body.suppressed, true);
    assert.deepEqual(small.body.comments, []);
    const cut = await comments(designer, "&term=lights&district=D1");
    assert.equal(cut.status, 400);
  });

  it("when the question is not an open-text question, then it is a 400 naming it", async () => {
    const res = await analyst.get<{ error: { details: Array<{ path: string }> } }>(
      `/api/v1/surveys/${surveyId}/comments?question=q_safe_day`,
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details[0]!.path, "query.question");
  });

  it("when the export is downloaded, then it has one row per response, one column per question and matrix item", async () => {
    const res = await analyst.get<string>(`/api/v1/surveys/${surveyId}/export.csv`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/csv/);
    assert.match(res.headers.get("content-disposition")!, /attachment; filename=".+-responses\.csv"/);
    const lines = res.body.trimEnd().split("\r\n");
    assert.equal(lines.length, 1 + COMMENTS.length + 4);
    const header = lines[0]!.split(",");
    assert.deepEqual(header.slice(0, 6), [
      "response_id",
      "submitted_on",
      "version",
      "language",
      "channel",
      "district",
    ]);
    assert.ok(header.includes("q_pj_general.listens") && header.includes("q_pj_general.motives"));
    assert.ok(!header.includes("q_pj_general"));
    assert.ok(header.includes("q_comment") && header.includes("q_priorities"));
  });

  it("when a cell starts with =, +, -, @, tab or CR, then it is neutralised, and contact details are redacted", async () => {
    const res = await analyst.get<string>(`/api/v1/surveys/${surveyId}/export.csv`);
    assert.ok(
      res.body.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`),
      "formula cell is prefixed and quoted",
    );
    assert.doesNotMatch(res.body, /(^|,)=HYPERLINK/m);
    assert.ok(res.body.includes("Email me at [email]"));
    assert.doesNotMatch(res.body, /ana\.perez|555-123|Maple/);
  });

  it("when a designer asks for the export, then it is refused: row-level answers are for analysts and admins", async () => {
    const res = await designer.get(`/api/v1/surveys/${surveyId}/export.csv`);
    assert.equal(res.status, 403);
  });

  it("when another agency asks for the export or comments, then it is 404", async () => {
    const other = await buildAgency(server.url, ["analyst"]);
    assert.equal((await other.clients.analyst.get(`/api/v1/surveys/${surveyId}/export.csv`)).status, 404);
    assert.equal((await other.clients.analyst.get(`/api/v1/surveys/${surveyId}/comments`)).status, 404);
  });
});

describe("CSV cells", () => {
  it("when a value starts with a formula character, then a leading apostrophe is added; headers likewise", async () => {
    const { csvCell, csvRow } = await import("@server/analytics/csv.js");
    for (const start of ["=", "+", "-", "@", "\t", "\r"])
      assert.equal(csvCell(`${start}1`).replace(/^"|"$/g, "").startsWith("'"), true, JSON.stringify(start));
    assert.equal(csvCell("plain"), "plain");
    assert.equal(csvCell('say "hi", ok'), '"say ""hi"", ok"');
    assert.equal(csvRow(["=cmd", 3, null]), "'=cmd,3,\r\n");
  });
});
