import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { passwordProblems } from "@server/accounts/password-rules.js";

describe("password rules", () => {
  const weak: Array<[string, RegExp, string?]> = [
    ["short-pw", /at least 12/],
    ["aaaaaaaaaaaaaaaa", /too few different/],
    ["abcdabcdabcdabcd", /repeats/],
    ["abcdefghijklmnop", /sequence/],
    ["123456789012", /sequence/],
    ["9876543210987", /sequence/],
    ["qwertyuiopasdf", /sequence/],
    ["Password123456", /most common/],
    ["P@ssw0rd2024!!", /most common/],
    ["welcome12345678", /most common/],
    ["PasswordPassword", /most common/],
    ["police-department-1", /most common/],
    ["maria.lopez-rocks", /email/, "maria.lopez@agency.gov"],
    ["x-maria.lopez@agency.gov", /email/, "Maria.Lopez@agency.gov"],
  ];
  for (const [password, reason, email] of weak) {
    it(`refuses "${password}" (${reason.source})`, () => {
      const problems = passwordProblems(password, email);
      assert.ok(
        problems.some((p) => reason.test(p)),
        `expected ${reason} in ${JSON.stringify(problems)}`,
      );
    });
  }

  for (const password of [
    "a-long-test-password",
    "violet-harbour-lantern",
    "metro-password-123",
    "Tr4ffic&Coffee#Night",
  ]) {
    it(`accepts "${password}"`, () => {
      assert.deepEqual(passwordProblems(password, "chief@metro.example"), []);
    });
  }
});
