/*
 * The agency's invitation rules as the sender applies them. Pure: no database, no clock of its
 * own, so every rule can be tested with plain dates.
 */
import type { InvitationRules } from "@shared/invitation-rules.js";
import { DEFAULT_PHONE_COUNTRY } from "@shared/phone.js";

export type { InvitationRules };

/**
 * Defaults that are safe before an agency has chosen: calls about domestic violence and sexual
 * assault are never surveyed (the guidance is explicit), no mail arrives at night, and the
 * invitation comes a day after the contact (what residents know from other agencies: soon
 * enough to remember the call, late enough not to arrive while it is still going on).
 */
export const DEFAULT_RULES: Readonly<InvitationRules> = Object.freeze({
  quietHours: { start: "20:00", end: "08:00" },
  delayMinutes: 1440,
  excludedContactTypes: ["domestic_violence", "sexual_assault"],
  minDaysBetween: 90,
  reminderDays: 3,
  maxReminders: 2,
  phoneCountry: DEFAULT_PHONE_COUNTRY,
});

export const MAX_REMINDERS = 2;

/** The agency's stored (possibly partial) rules over the defaults. */
export function resolveRules(stored: Record<string, unknown> | null | undefined): InvitationRules {
  const s = stored ?? {};
  const pick = <K extends keyof InvitationRules>(key: K): InvitationRules[K] =>
    (s[key] === undefined ? DEFAULT_RULES[key] : s[key]) as InvitationRules[K];
  return {
    quietHours: pick("quietHours"),
    delayMinutes: pick("delayMinutes"),
    excludedContactTypes: pick("excludedContactTypes"),
    minDaysBetween: pick("minDaysBetween"),
    reminderDays: pick("reminderDays"),
    maxReminders: Math.min(MAX_REMINDERS, pick("maxReminders")),
    phoneCountry: pick("phoneCountry"),
  };
}

const minutesOf = (clock: string): number => {
  const [h, m] = clock.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of an instant in a timezone. */
export function localMinutes(instant: Date, timezone: string): number {
  let formatter = partsFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partsFormatters.set(timezone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

/** True when the local time of `instant` falls in the quiet window [start, end). */
export function inQuietHours(instant: Date, timezone: string, quiet: InvitationRules["quietHours"]): boolean {
  if (!quiet) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const now = localMinutes(instant, timezone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * The first instant at or after `instant` outside quiet hours: unchanged when already outside,
 * else the local end of the window. DST shifts are corrected by re-reading the local time.
 */
export function outsideQuietHours(
  instant: Date,
  timezone: string,
  quiet: InvitationRules["quietHours"],
): Date {
  if (!quiet || !inQuietHours(instant, timezone, quiet)) return instant;
  const end = minutesOf(quiet.end);
  const wait = (end - localMinutes(instant, timezone) + 1440) % 1440;
  const startOfMinute = instant.getTime() - (instant.getTime() % 60_000);
  let candidate = new Date(startOfMinute + wait * 60_000);
  const drift = localMinutes(candidate, timezone) - end;
  if (drift !== 0) candidate = new Date(candidate.getTime() - drift * 60_000);
  // A DST gap can swallow the end minute itself; never return a quiet instant.
  while (inQuietHours(candidate, timezone, quiet)) candidate = new Date(candidate.getTime() + 15 * 60_000);
  return candidate;
}

/** When an invitation for a contact may go out: after the delay, never before now, never in quiet hours. */
export function firstSendAt(contactedAt: Date, now: Date, timezone: string, rules: InvitationRules): Date {
  const earliest = Math.max(now.getTime(), contactedAt.getTime() + rules.delayMinutes * 60_000);
  return outsideQuietHours(new Date(earliest), timezone, rules.quietHours);
}

/** When the next reminder is due: `reminderDays` after the last mail, outside quiet hours. */
export function nextReminderAt(lastMailAt: Date, timezone: string, rules: InvitationRules): Date {
  return outsideQuietHours(
    new Date(lastMailAt.getTime() + rules.reminderDays * 86_400_000),
    timezone,
    rules.quietHours,
  );
}
