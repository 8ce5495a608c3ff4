import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_RULES,
  firstSendAt,
  inQuietHours,
  nextReminderAt,
  outsideQuietHours,
  resolveRules,
} from "@server/invitations/rules.js";

const TZ = "America/Chicago";
const night = { start: "20:00", end: "08:00" };
const rules = { ...DEFAULT_RULES, quietHours: night, delayMinutes: 120, reminderDays: 3 };

describe("invitation rules", () => {
  it("when an agency has not set rules, then domestic violence and sexual assault contacts are still never surveyed", () => {
    const resolved = resolveRules(null);
    assert.deepEqual(resolved.excludedContactTypes, ["domestic_violence", "sexual_assault"]);
    assert.ok(resolved.quietHours);
  });

  it("fills the keys an agency left out and caps reminders at two", () => {
    const resolved = resolveRules({ delayMinutes: 30, maxReminders: 5, quietHours: null });
    assert.equal(resolved.delayMinutes, 30);
    assert.equal(resolved.quietHours, null);
    assert.equal(resolved.maxReminders, 2);
    assert.equal(resolved.minDaysBetween, DEFAULT_RULES.minDaysBetween);
  });

  it("quiet hours wrap midnight and are read in the agency's timezone", () => {
    // 2026-11-25 is CST (UTC-6): 02:30 UTC is 20:30 local the day before.
    assert.equal(inQuietHours(new Date("2026-11-25T02:30:00Z"), TZ, night), true);
    assert.equal(inQuietHours(new Date("2026-11-25T13:59:00Z"), TZ, night), true); // 07:59
    assert.equal(inQuietHours(new Date("2026-11-25T14:00:00Z"), TZ, night), false); // 08:00
    assert.equal(inQuietHours(new Date("2026-11-25T01:59:00Z"), TZ, night), false); // 19:59
    // 20:00Z is 14:00 in Chicago but 21:00 in Berlin: the same instant, quiet for one agency only.
    assert.equal(inQuietHours(new Date("2026-11-25T20:00:00Z"), TZ, night), false);
    assert.equal(inQuietHours(new Date("2026-11-25T20:00:00Z"), "Europe/Berlin", night), true);
  });

  it("moves an instant in quiet hours to the local end of the window, and leaves others alone", () => {
    assert.equal(
      outsideQuietHours(new Date("2026-11-25T03:17:00Z"), TZ, night).toISOString(),
      "2026-11-25T14:00:00.000Z",
    );
    const noon = new Date("2026-11-25T18:00:00Z");
    assert.equal(outsideQuietHours(noon, TZ, night), noon);
    assert.equal(outsideQuietHours(noon, TZ, null), noon);
  });

  it("keeps the local end of quiet hours across a daylight-saving change", () => {
    // The night of 2026-11-01 (CDT → CST): 22:00 CDT is 03:00Z; 08:00 CST is 14:00Z.
    assert.equal(
      outsideQuietHours(new Date("2026-11-01T03:00:00Z"), TZ, night).toISOString(),
      "2026-11-01T14:00:00.000Z",
    );
    // The night of 2026-03-08 (CST → CDT): 22:00 CST on the 7th is 04:00Z; 08:00 CDT is 13:00Z.
    assert.equal(
      outsideQuietHours(new Date("2026-03-08T04:00:00Z"), TZ, night).toISOString(),
      "2026-03-08T13:00:00.000Z",
    );
  });

  it("sends after the delay from the contact, never before now, never in quiet hours", () => {
    const now = new Date("2026-11-25T16:00:00Z"); // 10:00 local
    assert.equal(
      firstSendAt(new Date("2026-11-25T15:00:00Z"), now, TZ, rules).toISOString(),
      "2026-11-25T17:00:00.000Z",
    );
    assert.equal(
      firstSendAt(new Date("2026-11-20T15:00:00Z"), now, TZ, rules).toISOString(),
      now.toISOString(),
    );
    // Contact at 19:30 local + 2 h = 21:30: quiet, so 08:00 the next morning.
    assert.equal(
      firstSendAt(
        new Date("2026-11-26T01:30:00Z"),
        new Date("2026-11-26T01:31:00Z"),
        TZ,
        rules,
      ).toISOString(),
      "2026-11-26T14:00:00.000Z",
    );
  });

  it("spaces reminders by the agency's days and keeps them out of quiet hours", () => {
    const sent = new Date("2026-11-25T16:00:00Z");
    assert.equal(nextReminderAt(sent, TZ, rules).toISOString(), "2026-11-28T16:00:00.000Z");
    const lateSend = new Date("2026-11-25T03:00:00Z"); // 21:00 local
    assert.equal(nextReminderAt(lateSend, TZ, rules).toISOString(), "2026-11-28T14:00:00.000Z");
  });
});
