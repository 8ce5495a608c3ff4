import { createHash, randomBytes } from "node:crypto";
import type { Types } from "mongoose";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { closeInvitation } from "@server/invitations/closing.js";
import { liftOptOuts, recordOptOut } from "@server/invitations/contact-marks.js";
import { invitationToken, numberKey, phoneKey } from "@server/invitations/crypto.js";
import { InvitationModel, type SmsStatus } from "@server/invitations/invitation.model.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { clock } from "@server/platform/clock.js";
import { AppError, notFound } from "@server/platform/errors.js";
import { DUPLICATE_KEY } from "@server/platform/insert-ignoring-duplicates.js";
import { findSurveyById } from "@server/surveys/surveys.service.js";
import { keywordOf, keywordReply } from "@shared/sms-text.js";
import { smsProvider } from "./provider.js";
import { ShortLinkModel, SmsMessageModel, SmsNumberModel } from "./sms.model.js";
import { UNREACHABLE_NUMBER_CODES } from "./twilio.js";

/** 12 random bytes: 96 bits, 16 characters of base64url. */
const SHORT_CODE_BYTES = 12;
export const SHORT_CODE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

const hashCode = (code: string): string => createHash("sha256").update(code).digest("hex");

/** A fresh short link code for a text of an invitation; only its hash is stored. */
export async function createShortCode(invitationId: Types.ObjectId): Promise<string> {
  const code = randomBytes(SHORT_CODE_BYTES).toString("base64url");
  await ShortLinkModel.collection.insertOne({
    _id: hashCode(code) as unknown as Types.ObjectId,
    invitation: invitationId,
    createdAt: clock.now(),
  });
  return code;
}

/**
 * Where a short link leads: the survey in the invitation's language with its token, as the
 * mail's link does. An unknown code is 404; an invitation answered or expired is 410, so the
 * link is as single-use as its token.
 */
export async function resolveShortCode(code: string): Promise<{ location: string; language: string }> {
  const link = SHORT_CODE_PATTERN.test(code) ? await ShortLinkModel.findById(hashCode(code)).lean() : null;
  const invitation = link
    ? await InvitationModel.findById(link.invitation, {
        survey: 1,
        status: 1,
        expiresAt: 1,
        language: 1,
      }).lean()
    : null;
  const survey = invitation ? await findSurveyById(String(invitation.survey)) : null;
  if (!invitation || !survey) throw notFound("link");
  if (
    invitation.status === "completed" ||
    invitation.status === "expired" ||
    invitation.expiresAt.getTime() <= clock.nowMs()
  ) {
    throw new AppError(410, "link_used", "This survey link has already been used or has expired.");
  }
  const token = invitationToken(invitationSettings().keys, String(invitation._id));
  const language = encodeURIComponent(invitation.language);
  return {
    location: `/s/${encodeURIComponent(survey.slug)}?lang=${language}&t=${token}`,
    language: invitation.language,
  };
}

/** Whether a network said the number cannot receive texts (then nobody texts it again). */
export async function isUnreachable(phone: string): Promise<boolean> {
  const known = await SmsNumberModel.findById(numberKey(invitationSettings().keys, phone), {
    unreachable: 1,
  }).lean();
  return Boolean(known?.unreachable);
}

async function markUnreachable(key: string, code: number): Promise<void> {
  await SmsNumberModel.updateOne(
    { _id: key },
    { $set: { unreachable: { code, at: clock.now() } } },
    { upsert: true },
  ).catch(ignoreDuplicate);
}

function ignoreDuplicate(error: unknown): void {
  // Two writers upserting one number: the second finds it there, and the state is the same.
  if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
}

/** A number the provider refused for good when sending: remembered, so it is not tried again. */
export async function noteUnreachable(phone: string, code: number): Promise<void> {
  await markUnreachable(numberKey(invitationSettings().keys, phone), code);
}

/** Records a text the provider took: which invitation its status updates belong to, and who texted the number. */
export async function noteTextSent(input: {
  providerId: string;
  invitationId: Types.ObjectId;
  agencyId: Types.ObjectId;
  phone: string;
}): Promise<void> {
  const key = numberKey(invitationSettings().keys, input.phone);
  await SmsMessageModel.collection
    .insertOne({
      _id: input.providerId as unknown as Types.ObjectId,
      invitation: input.invitationId,
      numberKey: key,
      at: clock.now(),
    })
    .catch(ignoreDuplicate);
  await SmsNumberModel.updateOne(
    { _id: key },
    { $addToSet: { agencies: input.agencyId }, $set: { lastAgency: input.agencyId } },
    { upsert: true },
  ).catch(ignoreDuplicate);
}

/** Provider statuses as our four: queued and accepted are not news; only the ones that move a text on. */
const STATUS_OF: Record<string, SmsStatus> = {
  sent: "sent",
  delivered: "delivered",
  failed: "failed",
  undelivered: "failed",
};

/**
 * Applies one status callback. Delivered and failed are recorded on the invitation; an error
 * code meaning the number cannot receive texts marks the number (no agency texts it again)
 * and ends the invitation as bounced. An unknown message id changes nothing.
 */
export async function applyStatus(input: {
  messageId: string;
  status: string;
  errorCode: number | null;
}): Promise<void> {
  const message = await SmsMessageModel.findById(input.messageId).lean();
  if (!message) return;
  const invitationId = String(message.invitation);
  if (input.errorCode !== null && UNREACHABLE_NUMBER_CODES.has(input.errorCode)) {
    await markUnreachable(message.numberKey, input.errorCode);
    await InvitationModel.updateOne({ _id: message.invitation }, { $set: { smsStatus: "undeliverable" } });
    await closeInvitation(invitationId, "bounced", `the number cannot receive texts (${input.errorCode})`);
    return;
  }
  const status = STATUS_OF[input.status];
  if (!status) return;
  // A late "sent" must not overwrite "delivered" (callbacks may arrive out of order).
  const invitation = await InvitationModel.findById(message.invitation, { smsStatus: 1 }).lean();
  if (!invitation || (status === "sent" && invitation.smsStatus === "delivered")) return;
  if (invitation.smsStatus === "undeliverable") return;
  await InvitationModel.updateOne({ _id: message.invitation }, { $set: { smsStatus: status } });
}

/** The agency's public page: what a HELP reply points to. */
function contactOf(agency: { slug: string }): string {
  return `${invitationSettings().publicUrl}/p/${encodeURIComponent(agency.slug)}`;
}

/**
 * Honours an inbound text. STOP (and its synonyms) opts the number out of every agency that
 * texted it, at once and until START; START lifts those opt-outs; HELP names the agency that
 * texted last and where to learn more. Returns the reply text, or null for no reply.
 */
export async function handleInbound(input: { from: string; body: string }): Promise<string | null> {
  const keyword = keywordOf(input.body);
  if (!keyword) return null;
  const { keys } = invitationSettings();
  const known = await SmsNumberModel.findById(numberKey(keys, input.from)).lean();
  const agencies = (known?.agencies ?? []).map(String);
  const last = known?.lastAgency ? await findAgencyById(known.lastAgency).catch(() => null) : null;
  if (!last) return keywordReply(keyword === "help" ? "unknown" : keyword, "Community survey", "");
  if (keyword === "stop") {
    for (const agency of agencies)
      await recordOptOut(agency, phoneKey(keys, agency, input.from), clock.now());
  }
  if (keyword === "start") await liftOptOuts(agencies.map((agency) => phoneKey(keys, agency, input.from)));
  return keywordReply(keyword, last.name, contactOf(last));
}

/** What the settings screen shows: where texts go, and the sender with all but its last digits hidden. */
export function smsSettings() {
  const provider = smsProvider();
  return {
    mode: provider.kind === "outbox" ? ("outbox" as const) : ("provider" as const),
    provider: provider.kind === "outbox" ? null : provider.kind,
    from: provider.from ? maskSender(provider.from) : null,
  };
}

/** "+15551234567" → "+1•••••••4567"; an alphanumeric sender is not secret and stays. */
export function maskSender(from: string): string {
  if (!from.startsWith("+")) return from;
  return `${from.slice(0, 2)}${"•".repeat(Math.max(0, from.length - 6))}${from.slice(-4)}`;
}

/** Forgets short links and sent-text records made before `before` (their invitations have expired). */
export async function pruneSmsRecords(before: Date): Promise<void> {
  await ShortLinkModel.deleteMany({ createdAt: { $lt: before } });
  await SmsMessageModel.deleteMany({ at: { $lt: before } });
}
