import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

describe("submitting a response: every rule of the contract, enforced on the server", () => {
  let server: TestServer;
  let survey: { id: string; slug: string };
  let admin: Awaited<ReturnType<typeof buildAgency>>["clients"]["admin"];

  const storedCount = async (): Promise<number> =>
    ((await admin.get(`/api/v1/surveys/${survey.id}/results`)).body as { n: number }).n;

  before(async () => {
    server = await startTestServer();
    ({
      clients: { admin },
    } = await buildAgency(server.url));
    survey = await publishFromTemplate(admin);
  });
  after(() => server.stop());

  const badInputs: Array<[string, (a: Record<string, unknown>) => void, string, RegExp]> = [
    ["an unknown question", (a) => (a["q_nope"] = 3), "answers.q_nope", /not a question/],
    ["a wrong type", (a) => (a["q_safe_night"] = "4"), "answers.q_safe_night", /whole number/],
    [
      "an option not offered",
      (a) => (a["q_priorities"] = ["traffic", "aliens"]),
      "answers.q_priorities",
      /not an offered option/,
    ],
    ["a value off the scale", (a) => (a["q_safe_day"] = 6), "answers.q_safe_day", /1 to 5/],
    ["a missing required answer", (a) => delete a["q_trust_overall"], "answers.q_trust_overall", /required/],
    [
      "an answer to a question hidden by showIf",
      (a) => {
        a["q_contact"] = false;
        a["q_contact_satisfaction"] = 3;
      },
      "answers.q_contact_satisfaction",
      /hidden by its skip logic/,
    ],
    ["text over 5,000 characters", (a) => (a["q_comment"] = "x".repeat(5001)), "answers.q_comment", /5000/],
    ["an operator-like key", (a) => (a["$where"] = "1"), "answers.$where", /not allowed/],
    ["a dotted key", (a) => (a["q_safe_day.x"] = 1), "answers.q_safe_day.x", /not allowed/],
    [
      "a district the agency does not have",
      (a) => (a["q_district"] = "D9"),
      "answers.q_district",
      /agency's districts/,
    ],
  ];

  for (const [kind, spoil, path, message] of badInputs) {
    it(`when a response has ${kind}, then it answers 400 naming ${path} and stores nothing`, async () => {
      const before = await storedCount();
      const answers = communityAnswers(0);
      spoil(answers);
      const reply = await submit(server.url, survey.slug, answers);
      assert.equal(reply.status, 400);
      const { error } = reply.body as unknown as ErrorBody;
      assert.equal(error.code, "invalid_response");
      assert.equal(error.details?.length, 1, JSON.stringify(error.details));
      assert.equal(error.details![0]!.path, path);
      assert.match(error.details![0]!.message, message);
      assert.equal(await storedCount(), before);
    });
  }

  it("when several answers are wrong, then there is one detail per bad answer", async () => {
    const answers = communityAnswers(1);
    answers["q_safe_day"] = 9;
    answers["q_priorities"] = "traffic";
    delete answers["q_legit_law"];
    const reply = await submit(server.url, survey.slug, answers);
    assert.equal(reply.status, 400);
    const paths = (reply.body as unknown as ErrorBody).error.details!.map((d) => d.path).sort();
    assert.deepEqual(paths, ["answers.q_legit_law", "answers.q_priorities", "answers.q_safe_day"]);
  });

  it("when the envelope is wrong, then each problem is named", async () => {
    const response = await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ language: "klingon", extra: 1, answers: {} }),
    });
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as ErrorBody;
    const paths = error.details!.map((d) => d.path).sort();
    assert.deepEqual(paths, ["extra", "language", "submissionId"]);
  });

  it("when the language is not one of the survey's, then it is refused", async () => {
    const reply = await submit(server.url, survey.slug, communityAnswers(2), { language: "fr" });
    assert.equal(reply.status, 400);
    assert.equal((reply.body as unknown as ErrorBody).error.details![0]!.path, "language");
  });

  it("when the slug is unknown, then 404", async () => {
    const reply = await submit(server.url, "no-such-survey", communityAnswers(0));
    assert.equal(reply.status, 404);
    const fetched = await fetch(`${server.url}/api/v1/public/surveys/no-such-survey`);
    assert.equal(fetched.status, 404);
  });

  it("when the survey is still a draft, then it is not found; once closed, 410", async () => {
    const draft = await admin.post<{ survey: { id: string; slug: string } }>("/api/v1/surveys", {
      template: "post-contact",
    });
    assert.equal((await submit(server.url, draft.body.survey.slug, {})).status, 404);
    assert.equal((await fetch(`${server.url}/api/v1/public/surveys/${draft.body.survey.slug}`)).status, 404);
    const other = await publishFromTemplate(admin, "community-trust");
    assert.equal((await fetch(`${server.url}/api/v1/public/surveys/${other.slug}`)).status, 200);
    assert.equal((await admin.post(`/api/v1/surveys/${other.id}/close`)).status, 200);
    const closed = await submit(server.url, other.slug, communityAnswers(0));
    assert.equal(closed.status, 410);
    assert.equal((closed.body as unknown as ErrorBody).error.code, "survey_closed");
  });

  it("when an invitation token is unknown, then 403", async () => {
    const reply = await submit(server.url, survey.slug, communityAnswers(0), { token: "not-a-real-token" });
    assert.equal(reply.status, 403);
  });

  it("when the body is 2 MB, then 413 and nothing is stored", async () => {
    const before = await storedCount();
    const response = await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        submissionId: randomUUID(),
        answers: { q_comment: "x".repeat(2 * 1024 * 1024) },
      }),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as ErrorBody).error.code, "payload_too_large");
    assert.equal(await storedCount(), before);
  });

  it("when the body is not JSON, then 400 malformed_json", async () => {
    const response = await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as ErrorBody).error.code, "malformed_json");
  });
});
