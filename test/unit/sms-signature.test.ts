import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { twilioSignature, validTwilioSignature } from "@server/sms/signature.js";
import { maskSender } from "@server/sms/sms.service.js";
import { retryAfterMs } from "@server/sms/twilio.js";

// The worked example of Twilio's webhook security documentation.
const URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const PARAMS = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+12349013030",
  Digits: "1234",
  From: "+12349013030",
  To: "+18005551212",
};

describe("provider webhook signatures", () => {
  it("when Twilio's documented example is signed, then the signature is the documented one", () => {
    assert.equal(twilioSignature("12345", URL, PARAMS), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });

  it("when a parameter, the URL or the token differs, then the signature does not validate", () => {
    const good = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    assert.ok(validTwilioSignature("12345", URL, PARAMS, good));
    assert.ok(!validTwilioSignature("12345", URL, { ...PARAMS, Digits: "1235" }, good));
    assert.ok(!validTwilioSignature("12345", `${URL}&baz=3`, PARAMS, good));
    assert.ok(!validTwilioSignature("54321", URL, PARAMS, good));
    assert.ok(!validTwilioSignature("12345", URL, PARAMS, ""));
  });
});

describe("provider answers", () => {
  it("when Retry-After is seconds or a date, then it is read as milliseconds to wait; otherwise as none", () => {
    assert.equal(retryAfterMs("2"), 2000);
    assert.equal(
      retryAfterMs("Wed, 21 Oct 2026 07:28:10 GMT", Date.parse("Wed, 21 Oct 2026 07:28:00 GMT")),
      10_000,
    );
    assert.equal(retryAfterMs(null), null);
    assert.equal(retryAfterMs("soon"), null);
  });

  it("when the sender is a number, then all but its country prefix and last four digits are hidden", () => {
    assert.equal(maskSender("+15551234567"), "+1••••••4567");
    assert.equal(maskSender("CityPD"), "CityPD");
  });
});
