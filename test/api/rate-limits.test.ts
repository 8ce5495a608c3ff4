import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

describe("rate limits on sign-in and submission", () => {
  let server: TestServer;
  let slug: string;
  let adminEmail: string;

  before(async () => {
    server = await startTestServer({ SUBMIT_RATE_LIMIT_PER_MINUTE: "3", LOGIN_RATE_LIMIT_PER_MINUTE: "4" });
    const built = await buildAgency(server.url); // one sign-in spent here
    const clients = built.clients;
    adminEmail = `admin-${built.slug}@example.org`;
    slug = (await publishFromTemplate(clients.admin)).slug;
  });
  after(() => server.stop());

  it("when one client floods submissions, then it gets 429 with the contract's error body", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await submit(server.url, slug, communityAnswers(i))).status);
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    const limited = await submit(server.url, slug, communityAnswers(9));
    assert.equal((limited.body as { error: { code: string } }).error.code, "rate_limited");
  });

  it("when sign-in is tried too often, then 429 even with the right password", async () => {
    const attempt = (email: string, password: string) =>
      fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      }).then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await attempt("nobody@example.org", "wrong-password-123"));
    statuses.push(await attempt(adminEmail, TEST_PASSWORD));
    assert.deepEqual(statuses, [401, 401, 401, 429]);
  });
});
