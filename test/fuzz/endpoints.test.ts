import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createUser } from "@server/accounts/accounts.service.js";
import { freePort, testSmtp } from "../api/invitations-smtp.js";
import { communityAnswers } from "../helpers/answers.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, submit, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { ENDPOINTS, SUBMISSION_PLACEHOLDER, type Endpoint, type FuzzContext } from "./endpoints.js";
import { fuzzLiveSocket } from "./live.js";
import type { Json } from "./mutations.js";
import { requestArbitrary, type FuzzRequest } from "./requests.js";
import { fuzzSettings } from "./settings.js";
import { snapshot } from "./snapshot.js";

const settings = fuzzSettings();
const smtp = testSmtp(await freePort());
const MISSING_ID = "0123456789abcdef01234567";

interface Session {
  email: string;
  cookie: string;
  csrf: string;
}
interface Reply {
  status: number;
  type: string;
  text: string;
}

let fresh = 0;

describe(`fuzz: every public and staff endpoint (seed ${settings.seed}, ${settings.runsPerEndpoint} runs each)`, () => {
  let server: TestServer;
  let ctx: FuzzContext;
  const sessions = {} as Record<"admin" | "spare" | "designer" | "analyst", Session>;

  async function signIn(email: string): Promise<Session> {
    const reply = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    assert.equal(reply.status, 200, `sign-in of ${email}`);
    const { csrfToken } = (await reply.json()) as { csrfToken: string };
    return { email, cookie: reply.headers.get("set-cookie")!.split(";")[0]!, csrf: csrfToken };
  }

  async function send(request: FuzzRequest, session: Session | null): Promise<Reply> {
    const headers = { ...request.headers };
    if (session && !request.noSession) {
      headers["cookie"] = session.cookie;
      if (request.method !== "GET" && request.csrf !== "missing")
        headers["x-csrf-token"] = request.csrf === "wrong" ? "x".repeat(session.csrf.length) : session.csrf;
    }
    // Bytes are copied into a plain ArrayBuffer view, which fetch sends with no content type.
    let body =
      typeof request.body === "string" || request.body === undefined
        ? request.body
        : new Uint8Array(request.body);
    if (typeof body === "string")
      body = body.replaceAll(SUBMISSION_PLACEHOLDER, `fuzz-${(fresh++).toString(36)}-id`);
    const reply = await fetch(`${server.url}${request.url}`, {
      method: request.method,
      headers,
      body,
      redirect: "manual",
    });
    return { status: reply.status, type: reply.headers.get("content-type") ?? "", text: await reply.text() };
  }

  /** The contract's error body: `{error: {code, message, details?}}` and nothing else. */
  function assertErrorBody(reply: Reply, label: string): void {
    assert.match(reply.type, /application\/json/, `error is JSON: ${label}`);
    const parsed = JSON.parse(reply.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ["error"], label);
    const error = parsed["error"] as Record<string, unknown>;
    assert.match(String(error["code"]), /^[a-z][a-z0-9_]*$/, label);
    assert.ok(typeof error["message"] === "string" && error["message"].length > 0, label);
    assert.ok(
      Object.keys(error).every((k) => ["code", "message", "details"].includes(k)),
      `only code, message, details: ${label}`,
    );
    if (error["details"] !== undefined) {
      assert.ok(Array.isArray(error["details"]), label);
      for (const detail of error["details"] as Array<Record<string, unknown>>) {
        assert.equal(typeof detail["path"], "string", label);
        assert.equal(typeof detail["message"], "string", label);
      }
    }
  }

  before(async () => {
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: "10000" });
    const a = await buildAgency(server.url, ["admin", "analyst"]);
    const b = await buildAgency(server.url, ["admin", "analyst"]);
    // Colleagues of their own: fuzzed role changes go to the analyst buildAgency made.
    const colleagues = { spare: "admin", login: "admin", designer: "designer", analyst: "analyst" } as const;
    for (const [name, role] of Object.entries(colleagues)) {
      const email = `${name}-fuzz-${a.slug}@example.org`;
      await createUser({ agencyId: a.agency._id, email, password: TEST_PASSWORD, role });
    }
    sessions.admin = await signIn(`admin-${a.slug}@example.org`);
    for (const name of ["spare", "designer", "analyst"] as const)
      sessions[name] = await signIn(`${name}-fuzz-${a.slug}@example.org`);
    const ofBoth = async <T>(make: (client: ApiClient) => Promise<T>): Promise<[T, T]> => [
      await make(a.clients.admin),
      await make(b.clients.admin),
    ];
    const post = async (client: ApiClient, path: string, body: unknown, key: string): Promise<string> => {
      const reply = await client.post<Record<string, { id: string }>>(path, body);
      assert.ok(reply.status < 300, `${path}: ${JSON.stringify(reply.body)}`);
      return reply.body[key]!.id;
    };

    const [survey, foreignSurvey] = await ofBoth((c) => publishFromTemplate(c));
    const [postContact, foreignPostContact] = await ofBoth((c) => publishFromTemplate(c, "post-contact"));
    for (let i = 0; i < 3; i++)
      assert.equal((await submit(server.url, survey.slug, communityAnswers(i))).status, 201);
    const publication = await a.clients.admin.request("PUT", `/api/v1/surveys/${survey.id}/publication`, {
      published: true,
      questions: ["q_safe_night", "q_district", "q_trust_overall"],
    });
    assert.equal(publication.status, 200);
    const scratch = await post(a.clients.admin, "/api/v1/surveys", { template: "youth-police" }, "survey");
    const action = (c: ApiClient) =>
      post(c, "/api/v1/actions", { title: "Lights", date: "2026-02-01", status: "planned" }, "action");
    const [actionId, foreignAction] = await ofBoth(action);
    const doomed = await action(a.clients.admin);
    const [resource, foreignResource] = await ofBoth((c) =>
      post(c, "/api/v1/resources", { category: "Ours", title: "T", kind: "video", summary: "S" }, "resource"),
    );
    const [apiKey, foreignKey] = await ofBoth((c) =>
      post(c, "/api/v1/api-keys", { name: "K", scopes: ["results:read"] }, "apiKey"),
    );
    const [invitation, foreignInvitation] = await ofBoth((c) =>
      post(
        c,
        "/api/v1/staff-invitations",
        { email: `pending-${fresh++}@example.org`, role: "analyst" },
        "invitation",
      ),
    );
    const users = async (built: typeof a) =>
      (
        await built.clients.admin.get<{ users: Array<{ id: string; role: string; email: string }> }>(
          "/api/v1/users",
        )
      ).body.users;
    const exported = await a.clients.admin.get(`/api/v1/surveys/${survey.id}/export.json`);
    assert.equal(exported.status, 200);

    ctx = {
      surveyId: survey.id,
      loginEmail: `login-fuzz-${a.slug}@example.org`,
      password: TEST_PASSWORD,
      exportedSurvey: exported.body as Json,
      ids: {
        survey: { valid: survey.id, foreign: foreignSurvey.id, missing: MISSING_ID },
        scratch: { valid: scratch, foreign: foreignSurvey.id, missing: MISSING_ID },
        postContact: { valid: postContact.id, foreign: foreignPostContact.id, missing: MISSING_ID },
        user: {
          valid: (await users(a)).find((u) => u.email === `analyst-${a.slug}@example.org`)!.id,
          foreign: (await users(b)).find((u) => u.role === "analyst")!.id,
          missing: MISSING_ID,
        },
        action: { valid: actionId, foreign: foreignAction, missing: MISSING_ID },
        doomedAction: { valid: doomed, foreign: foreignAction, missing: MISSING_ID },
        resource: { valid: resource, foreign: foreignResource, missing: MISSING_ID },
        apiKey: { valid: apiKey, foreign: foreignKey, missing: "0123456789ab" },
        staffInvitation: { valid: invitation, foreign: foreignInvitation, missing: "0".repeat(64) },
        surveySlug: { valid: survey.slug, missing: "no-such-survey-1a2b3c" },
        agencySlug: { valid: a.slug, missing: "no-such-agency" },
      },
    };
  });

  after(async () => {
    await server.stop();
    await smtp.stop();
  });

  it("regressions found by fuzzing: an undecodable path escape or a false gzip body is a 400, never a 500", async () => {
    const cases: Array<[string, string, Record<string, string>, string | undefined, number, string]> = [
      ["GET", `/api/v1/surveys/%E0%A4%A`, {}, undefined, 400, "malformed_url"],
      ["GET", `/api/v1/public/surveys/%ZZ`, {}, undefined, 400, "malformed_url"],
      [
        "POST",
        "/api/v1/api-keys",
        { "content-type": "application/json", "content-encoding": "gzip" },
        JSON.stringify({ name: "K", scopes: ["results:read"] }),
        400,
        "malformed_request",
      ],
    ];
    for (const [method, path, headers, body, status, code] of cases) {
      const reply = await send(
        { kind: "", where: "", mustRefuse: true, method, url: path, headers, body },
        sessions.admin,
      );
      assert.equal(reply.status, status, `${method} ${path}: ${reply.text}`);
      assert.equal((JSON.parse(reply.text) as { error: { code: string } }).error.code, code);
    }
    const page = await fetch(`${server.url}/s/%ZZ`);
    assert.equal(page.status, 400);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.equal((await fetch(`${server.url}/p/%ZZ/brand.css`)).status, 404);
  });

  it("live socket subscribe/unsubscribe: an invalid payload is refused by an ack per contract, the socket stays usable", async (t) => {
    if (!"live subscribe".includes(settings.only)) return t.skip("FUZZ_ONLY");
    await fuzzLiveSocket(server.url, sessions.admin.cookie, ctx, settings, settings.seed + ENDPOINTS.length);
  });

  ENDPOINTS.forEach((endpoint: Endpoint, index) => {
    const name = `${endpoint.method} ${endpoint.path}${endpoint.path === "/api/v1/surveys" && endpoint.rules ? " (definition)" : ""}`;
    if (!name.includes(settings.only)) return;
    it(`${name}: never a 5xx, never a 2xx for invalid input, errors per contract, nothing changed when refused`, async () => {
      const collections = endpoint.collections ?? [];
      let baseline = await snapshot(collections);
      await fc.assert(
        fc.asyncProperty(requestArbitrary(endpoint, ctx), async (request) => {
          const session = request.as
            ? sessions[request.as]
            : endpoint.caller === "anonymous"
              ? null
              : sessions[endpoint.caller];
          const reply = await send(request, session);
          // Read before any assertion, so a failure never leaves a stale baseline for shrinking.
          const before = baseline;
          const now = collections.length > 0 ? await snapshot(collections) : before;
          baseline = now;
          if (endpoint.caller === "spare" && (reply.status < 300 || reply.status === 401))
            sessions.spare = await signIn(sessions.spare.email);
          const label =
            `${request.method} ${request.url.slice(0, 160)} [${request.kind} at ${request.where}] → ` +
            `${reply.status} ${reply.text.slice(0, 300)}`;
          if (settings.verbose) process.stdout.write(`${label.slice(0, 200)}\n  ${JSON.stringify(now)}\n`);
          assert.ok(reply.status < 500, `a 5xx: ${label}`);
          if (request.mustRefuse) assert.ok(reply.status >= 400, `accepted invalid input: ${label}`);
          if (reply.status >= 400) {
            // Pages answer people with a page; a request no page sends may get the JSON error.
            if (endpoint.html && !reply.type.includes("json"))
              assert.match(reply.type, /text\/html/, `an error page: ${label}`);
            else assertErrorBody(reply, label);
            assert.deepEqual(now, before, `a refused request changed data: ${label}`);
          }
        }),
        { seed: settings.seed + index, numRuns: settings.runsPerEndpoint },
      );
    });
  });
});
