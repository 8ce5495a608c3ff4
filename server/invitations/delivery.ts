import { findAgencyById } from "@server/accounts/accounts.service.js";
import { enqueueJob } from "@server/jobs/queue.js";
import type { JobOutcome } from "@server/jobs/worker.js";
import { clock } from "@server/platform/clock.js";
import { MailDeliveryError, mailer } from "@server/platform/mailer.js";
import { getSurvey } from "@server/surveys/surveys.service.js";
import type { LocalizedText } from "@shared/survey.js";
import { estimatedMinutes } from "@shared/survey-length.js";
import { isOptedOut } from "./contact-marks.js";
import { closeInvitation, PURGED_CONTACT, reminderJobKeys, sendJobKey } from "./closing.js";
import { decryptText, emailKey, encryptText, hashToken, invitationToken, phoneKey } from "./crypto.js";
import { InvitationModel, type InvitationRecord } from "./invitation.model.js";
import { renderInvitationMail } from "./invitation-mail.js";
import { inQuietHours, nextReminderAt, outsideQuietHours, resolveRules } from "./rules.js";
import { invitationSettings } from "./settings.js";
import { sendText, type OutgoingInvitation } from "./text-delivery.js";

export const SEND_JOB = "invitation.send";
/** With backoff capped at an hour, about two days of an unreachable mail server or SMS provider. */
export const SEND_MAX_ATTEMPTS = 50;

export { PURGED_CONTACT, reminderJobKeys, sendJobKey };

/** The job that sends an invitation's first message at `runAt`. */
export const firstSendJob = (invitationId: string, runAt: Date) => ({
  name: SEND_JOB,
  key: sendJobKey(invitationId, 0),
  payload: { invitationId, reminder: 0 },
  runAt,
  maxAttempts: SEND_MAX_ATTEMPTS,
});

/** The sealed token of an opt-out link: who (keyed hash) at which agency, readable only by us. */
export function optOutCode(agencyId: string, key: string, invitationId: string): string {
  return encryptText(invitationSettings().keys, JSON.stringify({ a: agencyId, k: key, i: invitationId }));
}

/**
 * Sends one invitation or reminder, by mail or by text as the invitation's channel says. Safe
 * to run again after a crash: a message already recorded as sent is not sent twice. Quiet
 * hours postpone it; an opt-out, a closed survey or an answer stops it; a permanent refusal
 * marks the invitation bounced; any other failure is thrown so the queue retries with backoff.
 */
export async function deliverInvitation(payload: Record<string, unknown>): Promise<JobOutcome> {
  const invitationId = String(payload["invitationId"]);
  const reminder = Number(payload["reminder"] ?? 0);
  const invitation = await InvitationModel.findById(invitationId).lean<InvitationRecord>();
  const byText = invitation?.channel === "sms";
  const sealed = byText ? invitation?.phoneEncrypted : invitation?.emailEncrypted;
  if (!invitation || !sealed) return;
  const due =
    reminder === 0
      ? invitation.status === "scheduled" && !invitation.sent
      : invitation.status === "sent" && invitation.remindersSent === reminder - 1;
  if (!due) return;
  const now = clock.now();
  if (invitation.expiresAt.getTime() <= now.getTime()) return; // maintenance expires it
  const agencyId = String(invitation.agency);
  const [survey, agency] = await Promise.all([
    getSurvey(agencyId, String(invitation.survey)),
    findAgencyById(agencyId),
  ]);
  if (survey.status !== "open") {
    await closeInvitation(invitationId, "expired");
    return;
  }
  const rules = resolveRules(agency.invitationRules);
  if (inQuietHours(now, agency.timezone, rules.quietHours)) {
    return { postponeUntil: outsideQuietHours(now, agency.timezone, rules.quietHours) };
  }
  const { keys } = invitationSettings();
  let contact: string;
  try {
    contact = decryptText(keys, sealed);
  } catch {
    await closeInvitation(
      invitationId,
      "bounced",
      `the ${byText ? "number" : "address"} cannot be decrypted (was DATA_ENCRYPTION_KEY changed?)`,
    );
    return;
  }
  const key = byText ? phoneKey(keys, agencyId, contact) : emailKey(keys, agencyId, contact);
  if (await isOptedOut(agencyId, key)) {
    await closeInvitation(invitationId, "opted_out");
    return;
  }
  const token = invitationToken(keys, invitationId);
  if (hashToken(token) !== invitation.tokenHash) {
    await closeInvitation(
      invitationId,
      "bounced",
      "the link token cannot be rebuilt (was DATA_ENCRYPTION_KEY changed?)",
    );
    return;
  }
  // The contact's language, while the survey still offers it (its languages may have changed).
  const language = survey.languages.includes(invitation.language)
    ? invitation.language
    : survey.languages[0]!;
  const message = { invitation, reminder, agency, survey, language, token, key };
  const sent = byText
    ? await sendText({ ...message, phone: contact })
    : await sendMail({ ...message, email: contact });
  if (!sent) return;
  if (reminder === 0) {
    // By _id alone: this job holds the invitation, and a filter on more than _id scans the
    // whole collection on the embedded engine.
    await InvitationModel.updateOne(
      { _id: invitation._id },
      { $set: { status: "sent", sent: true, sendAt: now } },
    );
  } else {
    await InvitationModel.updateOne({ _id: invitation._id }, { $set: { remindersSent: reminder } });
  }
  if (reminder < rules.maxReminders) {
    const next = nextReminderAt(now, agency.timezone, rules);
    if (next.getTime() < invitation.expiresAt.getTime()) {
      await enqueueJob({
        name: SEND_JOB,
        key: sendJobKey(invitationId, reminder + 1),
        payload: { invitationId, reminder: reminder + 1 },
        runAt: next,
        maxAttempts: SEND_MAX_ATTEMPTS,
      });
    }
  }
}

/** One mail of an invitation; false when the server refused it for good (the invitation is then bounced). */
async function sendMail(message: OutgoingInvitation & { email: string }): Promise<boolean> {
  const { invitation, reminder, agency, survey, language, token, key, email } = message;
  const invitationId = String(invitation._id);
  const { publicUrl, mailFrom } = invitationSettings();
  const optOutUrl = `${publicUrl}/opt-out?c=${optOutCode(String(agency._id), key, invitationId)}`;
  const mail = renderInvitationMail({
    agencyName: agency.name,
    timezone: agency.timezone,
    surveyTitle: survey.title as LocalizedText,
    languages: survey.languages,
    language,
    minutes: estimatedMinutes(survey.questions),
    anonymous: (survey.settings as { anonymous?: boolean } | null)?.anonymous !== false,
    // The link names the language, so the survey opens in it whatever the browser prefers.
    surveyUrl: `${publicUrl}/s/${encodeURIComponent(survey.slug)}?lang=${encodeURIComponent(language)}&t=${token}`,
    optOutUrl,
    expiresAt: invitation.expiresAt,
    reminder,
  });
  try {
    await mailer().send({
      from: { name: agency.name, address: mailFrom },
      to: email,
      ...mail,
      messageId: `<invitation-${invitationId}-${reminder}@community-pulse>`,
      headers: {
        "List-Unsubscribe": `<${optOutUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    });
  } catch (error) {
    if (error instanceof MailDeliveryError && error.permanent) {
      await closeInvitation(
        invitationId,
        "bounced",
        `${error.responseCode ?? ""} ${error.message}`.trim().slice(0, 300),
      );
      return false;
    }
    throw error;
  }
  return true;
}

/** After the last retry: the message could not be delivered, so the invitation counts as bounced. */
export async function giveUpInvitation(payload: Record<string, unknown>, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await closeInvitation(
    String(payload["invitationId"]),
    "bounced",
    `not delivered: ${message}`.slice(0, 300),
  );
}
