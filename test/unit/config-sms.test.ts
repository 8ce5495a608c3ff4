import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "@server/platform/config.js";

const ACCOUNT = {
  SMS_ACCOUNT_SID: "AC0123456789abcdef",
  SMS_AUTH_TOKEN: "a-test-auth-token",
  SMS_FROM: "+15005550006",
};

describe("SMS configuration", () => {
  it("when no SMS variable is set, then texts go to the outbox and the API base is Twilio's", () => {
    const config = loadConfig({});
    assert.equal(config.smsAccountSid, null);
    assert.equal(config.smsProviderUrl, "https://api.twilio.com");
  });

  it("when all three account variables are set, then they are read, and the API base loses its trailing slash", () => {
    const config = loadConfig({ ...ACCOUNT, SMS_PROVIDER_URL: "http://127.0.0.1:9999/" });
    assert.equal(config.smsFrom, "+15005550006");
    assert.equal(config.smsProviderUrl, "http://127.0.0.1:9999");
  });

  it("when only some account variables are set, then the server refuses to start and names the missing ones", () => {
    assert.throws(
      () => loadConfig({ SMS_ACCOUNT_SID: ACCOUNT.SMS_ACCOUNT_SID }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /SMS_AUTH_TOKEN/.test(error.message) &&
        /SMS_FROM/.test(error.message),
    );
  });

  it("when the sender is neither E.164 nor a sender id with a letter, then the server refuses to start", () => {
    for (const from of ["5551234567", "555", "+0123456789", "A-VERY-LONG-SENDER"]) {
      assert.throws(() => loadConfig({ ...ACCOUNT, SMS_FROM: from }), /SMS_FROM/, from);
    }
    assert.equal(loadConfig({ ...ACCOUNT, SMS_FROM: "CityPD" }).smsFrom, "CityPD");
  });
});
