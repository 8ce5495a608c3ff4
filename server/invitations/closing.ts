import { cancelJobs } from "@server/jobs/queue.js";
import { InvitationModel } from "./invitation.model.js";

/** One job per message: the invitation is reminder 0, reminders are 1 and 2. */
export const sendJobKey = (invitationId: string, reminder: number): string =>
  reminder === 0 ? `invitation.send:${invitationId}` : `invitation.remind:${invitationId}:${reminder}`;

export const reminderJobKeys = (invitationId: string): string[] =>
  [1, 2].map((n) => sendJobKey(invitationId, n));

/** Fields that could single a person out, dropped as soon as the invitation has done its work. */
export const PURGED_CONTACT = { emailEncrypted: null, phoneEncrypted: null, contactedAt: null } as const;

/**
 * Ends an invitation that has not been answered: its contact details go and its reminders are
 * cancelled. An answered or already closed invitation is left as it is.
 */
export async function closeInvitation(
  invitationId: string,
  status: "bounced" | "expired" | "opted_out",
  reason: string | null = null,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await InvitationModel.updateOne(
    { _id: invitationId, status: { $in: ["scheduled", "sent"] } },
    { $set: { status, bounceReason: reason, ...PURGED_CONTACT, ...extra } },
  );
  await cancelJobs(reminderJobKeys(invitationId));
}
