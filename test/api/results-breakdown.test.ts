import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface Breakdown {
  by: string;
  question: string | null;
  suppressed: boolean;
  groups: Array<{
    value: string;
    n: number;
    indices: Record<string, { score: number | null; n: number }>;
    questions: Array<{ id: string; n: number; mean: number | null }>;
  }>;
  suppression: { applied: boolean; reason?: string };
}

describe("breakdowns by age, gender and race", () => {
  let server: TestServer;
  let analyst: ApiClient;
  let designer: ApiClient;
  let stranger: ApiClient;
  let surveyId: string;

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "analyst", "designer"]);
    ({ analyst, designer } = built.clients);
    stranger = (await buildAgency(server.url, ["analyst"])).clients.analyst;
    const survey = await publishFromTemplate(built.clients.admin);
    surveyId = survey.id;
    // 12 responses: two per age band (i % 6), women for even i, men for odd i.
    for (let i = 0; i < 12; i++) {
      const answers = { ...communityAnswers(i), q_gender: i % 2 === 0 ? "woman" : "man" };
      assert.equal((await submit(server.url, survey.slug, answers)).status, 201);
    }
  });
  after(() => server.stop());

  const breakdown = (client: ApiClient, query: string) =>
    client.get<Breakdown>(`/api/v1/surveys/${surveyId}/breakdown?${query}`);

  it("when an analyst breaks results down by age, then each band has its own n, means and indices", async () => {
    const { status, body } = await breakdown(analyst, "by=age");
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.question, "q_age");
    assert.deepEqual(
      body.groups.map((g) => [g.value, g.n]),
      [
        ["18_24", 2],
        ["25_34", 2],
        ["35_44", 2],
        ["45_54", 2],
        ["55_64", 2],
        ["65_plus", 2],
        ["prefer_not", 0],
      ],
    );
    // Responses 0 and 6 are 18–24; both answered 4 to q_trust_overall ((i + 4) % 6).
    const young = body.groups[0]!;
    assert.deepEqual(
      young.questions.find((q) => q.id === "q_trust_overall"),
      { id: "q_trust_overall", n: 2, mean: 4, ci95: [4, 4] },
    );
    assert.equal(young.indices["trust"]?.n, 2);
    assert.equal(body.groups[6]!.questions.find((q) => q.id === "q_trust_overall")?.mean, null);
    assert.equal(body.suppression.applied, false);
  });

  it("when an analyst breaks results down by gender, then the groups add up to who answered", async () => {
    const { body } = await breakdown(analyst, "by=gender");
    assert.deepEqual(
      body.groups.filter((g) => g.n > 0).map((g) => [g.value, g.n]),
      [
        ["woman", 6],
        ["man", 6],
      ],
    );
  });

  it("when a designer asks for a breakdown, then nothing is shown and the reason says who may see it", async () => {
    const { status, body } = await breakdown(designer, "by=race");
    assert.equal(status, 200);
    assert.equal(body.suppressed, true);
    assert.deepEqual(body.groups, []);
    assert.match(body.suppression.reason ?? "", /for analysts and admins/);
  });

  it("when the grouping is unknown or the dates are backwards, then it is a 400 naming them", async () => {
    const bad = await breakdown(analyst, "by=district");
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /query\.by/);
    const backwards = await breakdown(analyst, "by=age&from=2026-03-01&to=2026-01-01");
    assert.equal(backwards.status, 400);
  });

  it("when another agency's analyst asks, then the survey does not exist for them", async () => {
    assert.equal((await breakdown(stranger, "by=age")).status, 404);
  });
});
