import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];
interface ErrorBody {
  error: { code: string; details?: Array<{ path: string; message: string }> };
}
interface SurveyBody {
  survey: { id: string; slug: string; status: string; version: number; questions: Array<{ id: string }> };
}

const likert = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: "likert",
  prompt: { en: `Statement ${id}` },
  required: true,
  ...extra,
});

const definition = (questions: unknown[]) => ({
  title: { en: "Custom survey" },
  kind: "community",
  languages: ["en"],
  questions,
});

describe("designing surveys through the API", () => {
  let server: TestServer;
  let clients: Clients;

  before(async () => {
    server = await startTestServer();
    ({ clients } = await buildAgency(server.url, ["admin", "designer", "analyst"]));
  });
  after(() => server.stop());

  const rejects = async (body: unknown, path: string, message: RegExp) => {
    const reply = await clients.designer.post<ErrorBody>("/api/v1/surveys", body);
    assert.equal(reply.status, 400, JSON.stringify(reply.body));
    const detail = reply.body.error.details?.find((d) => d.path === path);
    assert.ok(detail, `no detail at ${path}: ${JSON.stringify(reply.body.error.details)}`);
    assert.match(detail.message, message);
  };

  it("creates a draft from a full definition", async () => {
    const reply = await clients.designer.post<SurveyBody>(
      "/api/v1/surveys",
      definition([likert("q_one"), { id: "q_two", type: "text", prompt: { en: "Anything else?" } }]),
    );
    assert.equal(reply.status, 201);
    assert.equal(reply.body.survey.status, "draft");
    assert.deepEqual(
      reply.body.survey.questions.map((q) => q.id),
      ["q_one", "q_two"],
    );
  });

  it("when question ids repeat, then the second is named", () =>
    rejects(
      definition([likert("q_a"), likert("q_a")]),
      "questions[1].id",
      /duplicates the id "q_a" of questions\[0\]/,
    ));

  it("when a choice question has no options, then options are named", () =>
    rejects(
      definition([{ id: "q_pick", type: "single", prompt: { en: "Pick" } }]),
      "questions[0].options",
      /at least two options/,
    ));

  it("when showIf points forward, then it says skip logic looks back", () =>
    rejects(
      definition([likert("q_a", { showIf: { question: "q_b", in: [1] } }), likert("q_b")]),
      "questions[0].showIf.question",
      /comes later/,
    ));

  it("when showIf names an unknown question, then it says so", () =>
    rejects(
      definition([likert("q_a"), likert("q_b", { showIf: { question: "q_zz", in: [1] } })]),
      "questions[1].showIf.question",
      /not a question of this survey/,
    ));

  it("when the type is unknown or the id malformed, then the schema names them all at once", async () => {
    const reply = await clients.designer.post<ErrorBody>(
      "/api/v1/surveys",
      definition([{ id: "Bad Id", type: "slider", prompt: { en: "x" } }]),
    );
    assert.equal(reply.status, 400);
    const paths = reply.body.error.details!.map((d) => d.path).sort();
    assert.deepEqual(paths, ["questions.0.id", "questions.0.type"]);
  });

  it("when the template is unknown, then 400 names it", () =>
    rejects({ template: "no-such-template" }, "template", /not a known template/));

  it("when an analyst tries to create a survey, then 403", async () => {
    const reply = await clients.analyst.post<ErrorBody>("/api/v1/surveys", { template: "post-contact" });
    assert.equal(reply.status, 403);
  });

  it("lists, gets, patches, publishes and closes", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", { template: "post-contact" });
    const id = created.body.survey.id;
    const listed = await clients.analyst.get<{ surveys: Array<{ id: string }> }>("/api/v1/surveys");
    assert.ok(listed.body.surveys.some((s) => s.id === id));
    const patched = await clients.designer.patch<SurveyBody & { survey: { title: Record<string, string> } }>(
      `/api/v1/surveys/${id}`,
      { title: { en: "After your call", es: "Después de su llamada" } },
    );
    assert.equal(patched.status, 200);
    assert.equal(patched.body.survey.title["en"], "After your call");
    const published = await clients.designer.post<SurveyBody>(`/api/v1/surveys/${id}/publish`);
    assert.equal(published.body.survey.status, "open");
    // The draft's slug followed its new title, and publishing keeps it.
    assert.equal(published.body.survey.slug, patched.body.survey.slug);
    assert.match(published.body.survey.slug, /^after-your-call-[a-f0-9]{6}$/);
    const closed = await clients.designer.post<SurveyBody>(`/api/v1/surveys/${id}/close`);
    assert.equal(closed.body.survey.status, "closed");
  });

  it("when a draft is renamed, then its slug follows the title; once published, a rename keeps the slug and its link", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      ...definition([likert("q_a")]),
      title: { en: "Untitled survey" },
    });
    assert.match(created.body.survey.slug, /^untitled-survey-[a-f0-9]{6}$/);
    const id = created.body.survey.id;
    const renamed = await clients.designer.patch<SurveyBody>(`/api/v1/surveys/${id}`, {
      title: { en: "Night-time safety on Main St." },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.match(renamed.body.survey.slug, /^night-time-safety-on-main-st-[a-f0-9]{6}$/);
    const same = await clients.designer.patch<SurveyBody>(`/api/v1/surveys/${id}`, {
      title: { en: "Night-time safety on Main St" },
    });
    assert.equal(same.body.survey.slug, renamed.body.survey.slug, "same words, same slug");
    assert.equal((await fetch(`${server.url}/s/${created.body.survey.slug}`)).status, 404);

    await clients.designer.post(`/api/v1/surveys/${id}/publish`);
    const later = await clients.designer.patch<SurveyBody>(`/api/v1/surveys/${id}`, {
      title: { en: "Safety after dark" },
    });
    assert.equal(later.status, 200);
    assert.equal(later.body.survey.slug, renamed.body.survey.slug, "a shared link never changes");
    assert.equal((await fetch(`${server.url}/s/${renamed.body.survey.slug}`)).status, 200);
  });

  it("when a translation is missing, then publishing names the missing text", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      ...definition([likert("q_a", { prompt: { en: "Safe?", es: "¿Seguro?" } }), likert("q_b")]),
      languages: ["en", "es"],
      title: { en: "Two languages", es: "Dos idiomas" },
    });
    assert.equal(created.status, 201);
    const reply = await clients.designer.post<ErrorBody>(`/api/v1/surveys/${created.body.survey.id}/publish`);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, "incomplete_translation");
    assert.deepEqual(
      reply.body.error.details!.map((d) => d.path),
      ["questions[1].prompt.es"],
    );
  });

  it("when an open survey is edited with a text in one language only, then 400 incomplete_translation names it and nothing changes", async () => {
    const survey = await publishFromTemplate(clients.designer);
    const current = await clients.designer.get<
      SurveyBody & { survey: { questions: Array<{ prompt: object }> } }
    >(`/api/v1/surveys/${survey.id}`);
    const questions = current.body.survey.questions.map((q, i) =>
      i === 1 ? { ...q, prompt: { en: "A new English-only statement." } } : q,
    );
    const edited = await clients.designer.patch<ErrorBody>(`/api/v1/surveys/${survey.id}`, { questions });
    assert.equal(edited.status, 400, JSON.stringify(edited.body));
    assert.equal(edited.body.error.code, "incomplete_translation");
    assert.deepEqual(
      edited.body.error.details!.map((d) => d.path),
      ["questions[1].prompt.es"],
    );
    const retitled = await clients.designer.patch<ErrorBody>(`/api/v1/surveys/${survey.id}`, {
      title: { en: "English only", es: "" },
    });
    assert.equal(retitled.status, 400);
    assert.deepEqual(
      retitled.body.error.details!.map((d) => d.path),
      ["title.es"],
    );
    const after = await clients.designer.get<SurveyBody>(`/api/v1/surveys/${survey.id}`);
    assert.deepEqual(after.body.survey, current.body.survey);
  });

  it("when a draft is edited with a text in one language only, then it is saved (translation waits for publishing)", async () => {
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      template: "community-trust",
    });
    const reply = await clients.designer.patch(`/api/v1/surveys/${created.body.survey.id}`, {
      title: { en: "Work in progress" },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });

  it("when questions change after responses exist, then a new version starts", async () => {
    const survey = await publishFromTemplate(clients.designer);
    assert.equal((await submit(server.url, survey.slug, communityAnswers(0))).status, 201);
    const current = await clients.designer.get<SurveyBody>(`/api/v1/surveys/${survey.id}`);
    const questions = current.body.survey.questions.filter((q) => q.id !== "q_comment");
    const patched = await clients.designer.patch<SurveyBody>(`/api/v1/surveys/${survey.id}`, { questions });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.survey.version, 2);
    const unchanged = await clients.designer.patch<SurveyBody>(`/api/v1/surveys/${survey.id}`, { questions });
    assert.equal(unchanged.body.survey.version, 2);
  });

  it("only admins choose what the public page shows", async () => {
    const survey = await publishFromTemplate(clients.designer);
    const body = { public: { published: true, questions: ["q_safe_night"] } };
    assert.equal((await clients.designer.patch(`/api/v1/surveys/${survey.id}`, body)).status, 403);
    assert.equal((await clients.admin.patch(`/api/v1/surveys/${survey.id}`, body)).status, 200);
    const unknown = await clients.admin.patch<ErrorBody>(`/api/v1/surveys/${survey.id}`, {
      public: { published: true, questions: ["q_missing"] },
    });
    assert.equal(unknown.status, 400);
  });

  it("the public view of an open survey lists the agency's districts as options", async () => {
    const survey = await publishFromTemplate(clients.designer);
    const response = await fetch(`${server.url}/api/v1/public/surveys/${survey.slug}`);
    const body = (await response.json()) as {
      survey: {
        questions: Array<{ id: string; options?: Array<{ value: string }> }>;
        agency: { name: string };
      };
    };
    const district = body.survey.questions.find((q) => q.id === "q_district")!;
    assert.deepEqual(
      district.options!.map((o) => o.value),
      ["D1", "D2", "D3"],
    );
    assert.match(body.survey.agency.name, /^Test Agency/);
  });
});

describe("staff only ever see their own agency", () => {
  let server: TestServer;
  let mine: Clients;
  let theirs: Clients;
  let theirSurvey: { id: string; slug: string };

  before(async () => {
    server = await startTestServer();
    ({ clients: mine } = await buildAgency(server.url, ["admin", "designer", "analyst"]));
    ({ clients: theirs } = await buildAgency(server.url, ["admin"]));
    theirSurvey = await publishFromTemplate(theirs.admin);
  });
  after(() => server.stop());

  for (const role of ["admin", "designer", "analyst"] as const) {
    it(`when a ${role} asks for another agency's survey, then it answers 404 exactly like a missing one`, async () => {
      const client = mine[role];
      const missing = await client.get(`/api/v1/surveys/${"0".repeat(24)}`);
      for (const path of ["", "/results", "/trends"]) {
        const reply = await client.get(`/api/v1/surveys/${theirSurvey.id}${path}`);
        assert.equal(reply.status, 404, path);
        assert.deepEqual(reply.body, { error: { code: "not_found", message: "The survey was not found." } });
      }
      assert.deepEqual(missing.body, { error: { code: "not_found", message: "The survey was not found." } });
      if (role !== "analyst") {
        assert.equal(
          (await client.patch(`/api/v1/surveys/${theirSurvey.id}`, { title: { en: "Mine" } })).status,
          404,
        );
        assert.equal((await client.post(`/api/v1/surveys/${theirSurvey.id}/close`)).status, 404);
      }
      const list = await client.get<{ surveys: Array<{ id: string }> }>("/api/v1/surveys");
      assert.ok(!list.body.surveys.some((s) => s.id === theirSurvey.id));
    });
  }
});
