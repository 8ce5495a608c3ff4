import type { Role } from "@shared/accounts.js";
import { localDate } from "@shared/periods.js";
import {
  digestRecipients,
  findAgencyById,
  findUser,
  setDigestOptIn,
  type StaffContext,
} from "@server/accounts/accounts.service.js";
import { localMinutes } from "@server/invitations/rules.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { enqueueJobs, type NewJob } from "@server/jobs/queue.js";
import { clock } from "@server/platform/clock.js";
import { MailDeliveryError, mailer } from "@server/platform/mailer.js";
import { addDays, buildDigest, type DigestRecipient } from "./digest-data.js";
import { renderDigest } from "./digest-mail.js";
import { digestUnsubscribeUrl } from "./unsubscribe.js";

export const DIGEST_SCHEDULE_JOB = "digests.schedule";
export const DIGEST_AGENCY_JOB = "digest.agency";
export const DIGEST_SEND_JOB = "digest.send";
export const DIGEST_SCHEDULE_EVERY_MS = 3_600_000;

/** Digests go out on Monday at 07:00 in the agency's timezone, about the week that just ended. */
const SEND_AT = { hour: 7, minute: 0 };
/** A server that was down at 07:00 still sends that morning's digest if it is back within this. */
const CATCH_UP_MS = 6 * 3_600_000;

/** The instant whose wall-clock time in `timezone` is `date` at `hour:minute`. */
export function instantAt(date: string, hour: number, minute: number, timezone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const [ly, lm, ld] = localDate(new Date(guess), timezone).split("-").map(Number) as [
      number,
      number,
      number,
    ];
    const shownWall = Date.UTC(ly, lm - 1, ld) + localMinutes(new Date(guess), timezone) * 60_000;
    if (shownWall === wall) break;
    guess += wall - shownWall;
  }
  return new Date(guess);
}

/** The latest Monday-07:00 slot at or before `now` in the timezone: its Monday and its instant. */
export function latestSlot(now: Date, timezone: string): { monday: string; at: Date } {
  const today = localDate(now, timezone);
  const sinceMonday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  let monday = addDays(today, -sinceMonday);
  let at = instantAt(monday, SEND_AT.hour, SEND_AT.minute, timezone);
  if (at.getTime() > now.getTime()) {
    monday = addDays(monday, -7);
    at = instantAt(monday, SEND_AT.hour, SEND_AT.minute, timezone);
  }
  return { monday, at };
}

const toRecipient = (u: { _id: unknown; agency: unknown; email: string; role: string }): DigestRecipient => ({
  userId: String(u._id),
  agencyId: String(u.agency),
  email: u.email,
  role: u.role as Role,
});

/**
 * Hourly: for every agency with someone opted in, makes sure this Monday's digest (when just
 * due) and next Monday's exist as jobs. Job keys carry the agency and the week, so however
 * often this runs and however many processes run it, each week is sent once.
 */
export async function scheduleDigests(): Promise<void> {
  const now = clock.now();
  const agencyIds = [...new Set((await digestRecipients()).map((u) => String(u.agency)))];
  const jobs: NewJob[] = [];
  for (const agencyId of agencyIds) {
    const { timezone } = await findAgencyById(agencyId);
    const slot = latestSlot(now, timezone);
    const nextMonday = addDays(slot.monday, 7);
    const slots = [{ monday: nextMonday, at: instantAt(nextMonday, SEND_AT.hour, SEND_AT.minute, timezone) }];
    if (now.getTime() - slot.at.getTime() < CATCH_UP_MS) slots.push(slot);
    for (const { monday, at } of slots) {
      jobs.push({
        name: DIGEST_AGENCY_JOB,
        key: `digest:${agencyId}:${monday}`,
        payload: { agencyId, weekEnd: addDays(monday, -1) },
        runAt: at,
      });
    }
  }
  await enqueueJobs(jobs);
}

/** Fans an agency's digest out to one job per recipient, so one bad address delays no one else. */
export async function fanOutDigest(payload: Record<string, unknown>): Promise<void> {
  const agencyId = String(payload["agencyId"]);
  const weekEnd = String(payload["weekEnd"]);
  const recipients = (await digestRecipients()).filter((u) => String(u.agency) === agencyId);
  await enqueueJobs(
    recipients.map((u) => ({
      name: DIGEST_SEND_JOB,
      key: `digest:${agencyId}:${weekEnd}:${String(u._id)}`,
      payload: { userId: String(u._id), weekEnd },
      maxAttempts: 20,
    })),
  );
}

/** Builds and sends one recipient's digest; someone who opted out since is skipped. */
export async function sendDigest(payload: Record<string, unknown>): Promise<void> {
  const userId = String(payload["userId"]);
  const weekEnd = String(payload["weekEnd"]);
  const user = (await digestRecipients()).find((u) => String(u._id) === userId);
  if (!user) return;
  const recipient = toRecipient(user);
  const { publicUrl, mailFrom } = invitationSettings();
  const data = await buildDigest(recipient, weekEnd, publicUrl);
  const unsubscribeUrl = digestUnsubscribeUrl(publicUrl, userId);
  try {
    await mailer().send({
      from: { name: `${data.agencyName} (Community Pulse)`, address: mailFrom },
      to: recipient.email,
      ...renderDigest(data, unsubscribeUrl),
      messageId: `<digest-${weekEnd}-${userId}@community-pulse>`,
      // RFC 8058: mail clients offer their own unsubscribe button and POST to the link.
      headers: {
        "List-Unsubscribe": `<${unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    });
  } catch (error) {
    // A refused address will not accept next hour either; the next week's digest tries again.
    if (error instanceof MailDeliveryError && error.permanent) return;
    throw error;
  }
}

export async function digestSubscription(staff: StaffContext): Promise<{ weekly: boolean }> {
  const user = (await findUser(staff.userId)) as { digestOptIn?: boolean };
  return { weekly: user.digestOptIn === true };
}

/** Each person opts in (or out) for themselves only. */
export async function setDigestSubscription(
  staff: StaffContext,
  weekly: boolean,
): Promise<{ weekly: boolean }> {
  await setDigestOptIn(staff.userId, weekly);
  return { weekly };
}

/** The digest the signed-in person would get for the last complete week, as text and HTML. */
export async function previewDigest(staff: StaffContext) {
  const { timezone } = await findAgencyById(staff.agencyId);
  const weekEnd = addDays(latestSlot(clock.now(), timezone).monday, -1);
  const recipient: DigestRecipient = {
    userId: staff.userId,
    agencyId: staff.agencyId,
    email: staff.email,
    role: staff.role,
  };
  const { publicUrl } = invitationSettings();
  const data = await buildDigest(recipient, weekEnd, publicUrl);
  return { week: data.week, ...renderDigest(data, digestUnsubscribeUrl(publicUrl, staff.userId)) };
}
