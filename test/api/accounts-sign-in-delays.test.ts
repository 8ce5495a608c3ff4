import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { clock } from "@server/platform/clock.js";
import { ApiClient, type ApiResponse } from "../helpers/api-client.js";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface ErrorBody {
  error: { code: string; message: string };
}

const OWNER = "198.51.100.7";
const ATTACKER = "203.0.113.66";

describe("sign-in delays per account and client (no lockout), and session expiry", () => {
  let server: TestServer;
  let slug: string;
  const email = (role: string) => `${role}-${slug}@example.org`;
  /** One sign-in from the client at `from` (the server trusts X-Forwarded-For here). */
  const attempt = (address: string, password: string, from: string): Promise<ApiResponse> =>
    new ApiClient(server.url).request(
      "POST",
      "/api/v1/auth/login",
      { email: address, password },
      { "x-forwarded-for": from },
    );
  const retryAfter = (reply: ApiResponse) => Number(reply.headers.get("retry-after"));
  /** Wrong passwords from one client, each sent as soon as the client may try again. */
  async function failRepeatedly(address: string, from: string, failures: number): Promise<number[]> {
    const waits: number[] = [];
    for (let failed = 0; failed < failures;) {
      const reply = await attempt(address, `wrong-password-${failed}`, from);
      if (reply.status === 429) {
        waits.push(retryAfter(reply));
        clock.advance(retryAfter(reply) * 1000);
        continue;
      }
      assert.equal(reply.status, 401);
      failed++;
    }
    return waits;
  }

  before(async () => {
    server = await startTestServer({
      TRUST_PROXY: "1",
      LOGIN_FREE_FAILURES: "3",
      LOGIN_MAX_DELAY_MINUTES: "1",
      LOGIN_ACCOUNT_FAILURES_PER_HOUR: "12",
      SESSION_TTL_HOURS: "2",
    });
    ({ slug } = await buildAgency(server.url, ["admin", "designer", "analyst"]));
  });
  beforeEach(() => clock.set(new Date()));
  afterEach(() => clock.reset());
  after(async () => {
    clock.reset();
    await server.stop();
  });

  it("when one client keeps failing, then its own wait doubles from 1 s up to the cap, and the right password gets in once the wait is over", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt(email("designer"), `wrong-${i}`, OWNER)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401], "3 free failures, and the 4th is still checked");

    const refused = await attempt(email("designer"), TEST_PASSWORD, OWNER);
    assert.equal(refused.status, 429, "even the right password waits: it is not checked");
    assert.equal((refused.body as unknown as ErrorBody).error.code, "sign_in_delayed");
    assert.match((refused.body as unknown as ErrorBody).error.message, /Try again in 1 second\./);
    assert.equal(retryAfter(refused), 1);
    assert.equal(
      (await attempt(email("designer").toUpperCase(), TEST_PASSWORD, OWNER)).status,
      429,
      "any spelling",
    );
    clock.advance(1000);

    assert.deepEqual(await failRepeatedly(email("designer"), OWNER, 7), [2, 4, 8, 16, 32, 60]);
    const stillWaiting = await attempt(email("designer"), TEST_PASSWORD, OWNER);
    assert.equal(stillWaiting.status, 429);
    assert.equal(retryAfter(stillWaiting), 60, "LOGIN_MAX_DELAY_MINUTES caps the wait");
    clock.advance(59_000);
    assert.equal((await attempt(email("designer"), TEST_PASSWORD, OWNER)).status, 429, "one second early");
    clock.advance(1000);
    assert.equal((await attempt(email("designer"), TEST_PASSWORD, OWNER)).status, 200, "in after the wait");
  });

  it("when an attacker hammers an admin's account from one client, then the admin signs in at once from their own client", async () => {
    const waits = await failRepeatedly(email("admin"), ATTACKER, 15);
    assert.ok(waits.length > 0, "the attacker was made to wait");
    assert.equal((await attempt(email("admin"), TEST_PASSWORD, ATTACKER)).status, 429, "the attacker waits");

    assert.equal((await attempt(email("admin"), TEST_PASSWORD, OWNER)).status, 200, "the owner does not");
    assert.equal((await attempt(email("admin"), TEST_PASSWORD, OWNER)).status, 200);
  });

  it("when an account passes LOGIN_ACCOUNT_FAILURES_PER_HOUR from all clients, then a new client's first failure already waits a minute, but its right password still gets in", async () => {
    const clients = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"];
    const statuses: number[] = [];
    for (const from of clients) {
      for (let i = 0; i < 3; i++) statuses.push((await attempt(email("analyst"), `wrong-${i}`, from)).status);
    }
    assert.deepEqual(statuses, Array(12).fill(401), "below the cap every client has its free failures");

    const fresh = "192.0.2.50";
    assert.equal(
      (await attempt(email("analyst"), "wrong-again", fresh)).status,
      401,
      "the first attempt is checked",
    );
    const capped = await attempt(email("analyst"), "wrong-again", fresh);
    assert.equal(capped.status, 429, "but no free failures under the cap");
    assert.equal(retryAfter(capped), 60);
    assert.equal(
      (await attempt(email("analyst"), TEST_PASSWORD, "192.0.2.51")).status,
      200,
      "throttled, not locked",
    );

    clock.advance(60 * 60_000);
    const afterHour = [];
    for (let i = 0; i < 3; i++)
      afterHour.push((await attempt(email("analyst"), `wrong-${i}`, "192.0.2.52")).status);
    assert.deepEqual(afterHour, [401, 401, 401], "the account's count starts afresh each hour");
  });

  it("when a client sends a burst of attempts at once while past its free failures, then only one is checked", async () => {
    const from = "192.0.2.77";
    await failRepeatedly(`burst-${slug}@example.org`, from, 3);
    const burst = await Promise.all(
      Array.from({ length: 5 }, (_, i) => attempt(`burst-${slug}@example.org`, `wrong-burst-${i}`, from)),
    );
    assert.deepEqual(burst.map((reply) => reply.status).sort(), [401, 429, 429, 429, 429]);
  });

  it("when an address has no account, then it is delayed the same way, so delays do not reveal which accounts exist", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await attempt("nobody-here@example.org", `wrong-${i}`, OWNER)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
  });

  it("when a sign-in succeeds, then that client's earlier failures are forgotten", async () => {
    const from = "192.0.2.90";
    const address = `forgetful-${slug}@example.org`;
    await createStaff(address);
    await failRepeatedly(address, from, 3);
    assert.equal((await attempt(address, TEST_PASSWORD, from)).status, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt(address, `wrong-${i}`, from)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401], "three free failures again");
  });

  it("when a client's last failure is a day old, then its failures no longer count", async () => {
    const from = "192.0.2.91";
    await failRepeatedly("someone-else@example.org", from, 5);
    assert.equal((await attempt("someone-else@example.org", "wrong", from)).status, 429);
    clock.advance(24 * 3_600_000);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await attempt("someone-else@example.org", `wrong-${i}`, from)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401]);
  });

  it("when a session is older than SESSION_TTL_HOURS, then it no longer signs anyone in", async () => {
    const client = new ApiClient(server.url);
    const login = await client.login(email("admin"), TEST_PASSWORD);
    assert.match(login.headers.get("set-cookie") ?? "", /Expires=/i, "the cookie ends with the session");
    clock.advance(2 * 3_600_000 - 60_000);
    assert.equal((await client.get("/api/v1/auth/me")).status, 200);
    clock.advance(120_000);
    assert.equal((await client.get("/api/v1/auth/me")).status, 401);
  });

  async function createStaff(address: string): Promise<void> {
    const admin = new ApiClient(server.url);
    assert.equal((await admin.login(email("admin"), TEST_PASSWORD)).status, 200);
    const created = await admin.post("/api/v1/users", {
      email: address,
      password: TEST_PASSWORD,
      role: "analyst",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
});
