import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "@server/platform/config.js";

describe("sign-in delay settings", () => {
  it("when nothing is set, then 3 free failures, a 15-minute longest wait and 20 failures per account and hour", () => {
    const config = loadConfig({});
    assert.equal(config.loginFreeFailures, 3);
    assert.equal(config.loginMaxDelayMinutes, 15);
    assert.equal(config.loginAccountFailuresPerHour, 20);
  });

  it("when a setting of the old lockout is still set, then start is refused naming its replacement", () => {
    assert.throws(
      () => loadConfig({ LOGIN_LOCKOUT_THRESHOLD: "5", LOGIN_LOCKOUT_MINUTES: "15" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /LOGIN_LOCKOUT_THRESHOLD: .*LOGIN_FREE_FAILURES/.test(error.message) &&
        /LOGIN_LOCKOUT_MINUTES: .*LOGIN_MAX_DELAY_MINUTES/.test(error.message),
    );
  });
});
