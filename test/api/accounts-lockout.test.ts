import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { clock } from "@server/platform/clock.js";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface ErrorBody {
  error: { code: string; message: string };
}

describe("per-account lockout after failed sign-ins, and session expiry", () => {
  let server: TestServer;
  let slug: string;
  const email = (role: string) => `${role}-${slug}@example.org`;
  const attempt = (address: string, password: string) => new ApiClient(server.url).login(address, password);

  before(async () => {
    server = await startTestServer({
      LOGIN_LOCKOUT_THRESHOLD: "3",
      LOGIN_LOCKOUT_MINUTES: "10",
      SESSION_TTL_HOURS: "2",
    });
    ({ slug } = await buildAgency(server.url, ["admin", "designer", "analyst"]));
  });
  after(async () => {
    clock.reset();
    await server.stop();
  });

  it("when an account gets 3 wrong passwords, then even the right one is refused with 429 until the lock runs out", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await attempt(email("designer"), `wrong-password-${i}`)).status);
    assert.deepEqual(statuses, [401, 401, 401]);
    const locked = await attempt(email("designer"), TEST_PASSWORD);
    assert.equal(locked.status, 429);
    assert.equal((locked.body as unknown as ErrorBody).error.code, "account_locked");
    assert.ok(Number(locked.headers.get("retry-after")) > 500, "Retry-After gives the seconds left");
    assert.equal((await attempt(email("designer").toUpperCase(), TEST_PASSWORD)).status, 429, "any spelling");

    assert.equal(
      (await attempt(email("analyst"), TEST_PASSWORD)).status,
      200,
      "other accounts are not locked",
    );

    clock.advance(9 * 60_000);
    assert.equal(
      (await attempt(email("designer"), TEST_PASSWORD)).status,
      429,
      "still locked after 9 minutes",
    );
    clock.advance(61_000);
    assert.equal((await attempt(email("designer"), TEST_PASSWORD)).status, 200, "unlocked after 10 minutes");
  });

  it("when a sign-in succeeds, then earlier failures are forgotten", async () => {
    await attempt(email("admin"), "wrong-password-a");
    await attempt(email("admin"), "wrong-password-b");
    assert.equal((await attempt(email("admin"), TEST_PASSWORD)).status, 200);
    await attempt(email("admin"), "wrong-password-c");
    await attempt(email("admin"), "wrong-password-d");
    assert.equal(
      (await attempt(email("admin"), TEST_PASSWORD)).status,
      200,
      "two failures after a success do not lock",
    );
  });

  it("when an address has no account, then it locks the same way, so lockout does not reveal which accounts exist", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await attempt("nobody-here@example.org", `wrong-password-${i}`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 429]);
  });

  it("when failures are spread over more than one lock period, then they do not add up", async () => {
    await attempt(email("analyst"), "wrong-password-1");
    await attempt(email("analyst"), "wrong-password-2");
    clock.advance(11 * 60_000);
    await attempt(email("analyst"), "wrong-password-3");
    assert.equal((await attempt(email("analyst"), TEST_PASSWORD)).status, 200);
  });

  it("when a session is older than SESSION_TTL_HOURS, then it no longer signs anyone in", async () => {
    const client = new ApiClient(server.url);
    const login = await client.login(email("analyst"), TEST_PASSWORD);
    assert.match(login.headers.get("set-cookie") ?? "", /Expires=/i, "the cookie ends with the session");
    clock.advance(2 * 3_600_000 - 60_000);
    assert.equal((await client.get("/api/v1/auth/me")).status, 200);
    clock.advance(120_000);
    assert.equal((await client.get("/api/v1/auth/me")).status, 401);
  });
});
