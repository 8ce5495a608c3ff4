import { enqueueJobs, pruneJobHistory } from "@server/jobs/queue.js";
import { clock } from "@server/platform/clock.js";
import { firstSendJob, PURGED_CONTACT } from "./delivery.js";
import { pruneSmsRecords } from "@server/sms/sms.service.js";
import { InvitationModel } from "./invitation.model.js";
import { invitationSettings } from "./settings.js";

export const MAINTENANCE_JOB = "invitations.maintenance";
export const MAINTENANCE_EVERY_MS = 5 * 60_000;

const ORPHAN_GRACE_MS = 10 * 60_000;
const ORPHAN_BATCH = 500;
const CLAIM_HISTORY_DAYS = 7;
const KEY_HISTORY_DAYS = 30;

/**
 * The periodic sweep: expires invitations past their date and purges their addresses, purges
 * any address left on a finished invitation (e.g. after a crash between two writes),
 * forgets texts' short links and status records after their invitations expired,
 * re-creates the send job of any invitation that lost it (a crash between the upload's
 * writes), so no upload is silently dropped, and forgets old job history.
 */
export async function maintainInvitations(): Promise<void> {
  const now = clock.now();
  await InvitationModel.updateMany(
    { status: { $in: ["scheduled", "sent"] }, expiresAt: { $lte: now } },
    { $set: { status: "expired", ...PURGED_CONTACT } },
  );
  await InvitationModel.updateMany(
    {
      status: { $in: ["completed", "bounced", "expired", "opted_out"] },
      $or: [{ emailEncrypted: { $ne: null } }, { phoneEncrypted: { $ne: null } }],
    },
    { $set: PURGED_CONTACT },
  );
  const orphans = await InvitationModel.find(
    { status: "scheduled", sendAt: { $lte: new Date(now.getTime() - ORPHAN_GRACE_MS) } },
    { _id: 1, sendAt: 1 },
  )
    .limit(ORPHAN_BATCH)
    .lean();
  await enqueueJobs(
    orphans.map((o) => firstSendJob(String(o._id), o.sendAt)),
    // The send job's key was reserved when it was lost; only a live duplicate is refused.
    { force: true },
  );
  // A text's short link and status record are of no use once its invitation has expired.
  await pruneSmsRecords(new Date(now.getTime() - (invitationSettings().expiryDays + 2) * 86_400_000));
  await pruneJobHistory(
    new Date(Date.now() - CLAIM_HISTORY_DAYS * 86_400_000),
    new Date(Date.now() - KEY_HISTORY_DAYS * 86_400_000),
  );
}
