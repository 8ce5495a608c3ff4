import type { Agency } from "@server/accounts/accounts.service.js";
import { smsProvider } from "@server/sms/provider.js";
import { createShortCode, isUnreachable, noteTextSent, noteUnreachable } from "@server/sms/sms.service.js";
import type { Survey } from "@server/surveys/surveys.service.js";
import { surveyText } from "@shared/sms-text.js";
import { closeInvitation } from "./closing.js";
import { InvitationModel, type InvitationRecord } from "./invitation.model.js";
import { invitationSettings } from "./settings.js";

/** One invitation or reminder ready to go: everything the channel needs to word and address it. */
export interface OutgoingInvitation {
  invitation: InvitationRecord;
  reminder: number;
  agency: Agency;
  survey: Survey;
  language: string;
  token: string;
  /** The contact's keyed hash (opt-outs). */
  key: string;
}

/**
 * A provider's temporary refusal, thrown so the job queue retries: with exponential backoff,
 * and not before the provider's Retry-After when it gave one.
 */
export class SmsRetryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = "SmsRetryError";
  }
}

/**
 * One text of an invitation, with a fresh short link. A number known to be unable to receive
 * texts is not tried; a permanent refusal bounces the invitation (and marks the number when
 * the refusal is about the number); false in both cases. A temporary failure throws.
 */
export async function sendText(message: OutgoingInvitation & { phone: string }): Promise<boolean> {
  const { invitation, reminder, agency, language, phone } = message;
  const invitationId = String(invitation._id);
  if (await isUnreachable(phone)) {
    await InvitationModel.updateOne({ _id: invitation._id }, { $set: { smsStatus: "undeliverable" } });
    await closeInvitation(invitationId, "bounced", "the number cannot receive texts");
    return false;
  }
  const { publicUrl } = invitationSettings();
  const code = await createShortCode(invitation._id);
  const { text } = surveyText({
    kind: reminder === 0 ? "invitation" : "reminder",
    language,
    agencyName: agency.name,
    link: `${publicUrl}/i/${code}`,
  });
  const result = await smsProvider().send({
    to: phone,
    body: text,
    statusCallback: `${publicUrl}/api/v1/sms/status`,
  });
  if (result.outcome === "temporary") throw new SmsRetryError(result.message, result.retryAfterMs);
  if (result.outcome === "permanent") {
    if (result.numberUnreachable && result.code !== null) await noteUnreachable(phone, result.code);
    await InvitationModel.updateOne(
      { _id: invitation._id },
      { $set: { smsStatus: result.numberUnreachable ? "undeliverable" : "failed" } },
    );
    await closeInvitation(invitationId, "bounced", result.message);
    return false;
  }
  await noteTextSent({
    providerId: result.providerId,
    invitationId: invitation._id,
    agencyId: invitation.agency,
    phone,
  });
  await InvitationModel.updateOne({ _id: invitation._id }, { $set: { smsStatus: "sent" } });
  return true;
}
