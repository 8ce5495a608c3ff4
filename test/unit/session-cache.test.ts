import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { cachedSession, rememberSession, sessionGeneration } from "@server/accounts/session-cache.js";
import { domainEvents } from "@server/platform/events.js";

const staff = (sessionId: string, userId = "u1"): StaffContext => ({
  userId,
  agencyId: "a1",
  role: "analyst",
  email: "analyst@example.org",
  sessionId,
  csrfToken: "csrf",
});
const HOUR = 3_600_000;

describe("session cache", () => {
  it("when a session was read, then it answers from memory until its own expiry", () => {
    const now = Date.now();
    rememberSession(staff("s-read"), now + HOUR, sessionGeneration());
    assert.equal(cachedSession("s-read", now)?.userId, "u1");
    assert.equal(cachedSession("s-read", now + HOUR), null, "an expired session is never served");
  });

  it("when a sign-out races a lookup that read the session before it, then the lookup does not store it", () => {
    const readAt = sessionGeneration();
    domainEvents.emit("staff.sessions.changed", { sessionId: "s-raced" });
    rememberSession(staff("s-raced"), Date.now() + HOUR, readAt);
    assert.equal(cachedSession("s-raced", Date.now()), null);
  });

  it("when a person's sessions change, then every session of theirs is dropped and others stay", () => {
    const now = Date.now();
    rememberSession(staff("s-a1", "u-a"), now + HOUR, sessionGeneration());
    rememberSession(staff("s-a2", "u-a"), now + HOUR, sessionGeneration());
    rememberSession(staff("s-b", "u-b"), now + HOUR, sessionGeneration());
    domainEvents.emit("staff.sessions.changed", { userId: "u-a" });
    assert.equal(cachedSession("s-a1", now), null);
    assert.equal(cachedSession("s-a2", now), null);
    assert.equal(cachedSession("s-b", now)?.userId, "u-b");
  });

  it("when a caller changes the context it got, then the cached one is unaffected", () => {
    const now = Date.now();
    rememberSession(staff("s-copy"), now + HOUR, sessionGeneration());
    cachedSession("s-copy", now)!.role = "admin";
    assert.equal(cachedSession("s-copy", now)?.role, "analyst");
  });
});
