import type { Types } from "mongoose";
import { insertIgnoringDuplicates } from "@server/platform/insert-ignoring-duplicates.js";
import { runOnce } from "@server/platform/migrations.js";
import { InvitationKeyModel, InvitationModel } from "./invitation.model.js";

const BATCH = 1_000;

/** Set once every invitation stored before keys existed has one (see ensureInvitationKeys). */
let everyInvitationKeyed = false;

/**
 * The keys of new invitations, written before the invitations themselves; a key already
 * there (a retried upload, or the backfill) leads to the same invitation and is kept.
 */
export async function insertInvitationKeys(
  invitations: ReadonlyArray<{ _id: Types.ObjectId; tokenHash: string }>,
): Promise<void> {
  const keys = invitations.map((i) => ({ _id: i.tokenHash, invitation: i._id }));
  await insertIgnoringDuplicates(InvitationKeyModel.collection, keys);
}

export async function deleteInvitationKeys(tokenHashes: string[]): Promise<void> {
  if (tokenHashes.length > 0) await InvitationKeyModel.deleteMany({ _id: { $in: tokenHashes } });
}

/**
 * The id of the invitation a token hash leads to, by key. Until the backfill has keyed every
 * older invitation, a token without a key is looked up by its hash field (the old scan).
 */
export async function invitationIdFor(tokenHash: string): Promise<Types.ObjectId | null> {
  const key = await InvitationKeyModel.findById(tokenHash, { invitation: 1 }).lean();
  if (key) return key.invitation;
  if (everyInvitationKeyed) return null;
  const found = await InvitationModel.findOne({ tokenHash }, { _id: 1 }).lean();
  return found?._id ?? null;
}

/**
 * Gives every invitation stored before keys existed its key, once per database (one read of
 * the invitations, in batches); a crash midway repeats it at the next start, which is safe
 * because a key already there is left as it is. Run at start, before the server listens.
 */
export async function ensureInvitationKeys(): Promise<{ keyed: number }> {
  let keyed = 0;
  await runOnce("invitation-keys", async () => {
    let batch: Array<{ _id: Types.ObjectId; tokenHash: string }> = [];
    const cursor = InvitationModel.find({}, { _id: 1, tokenHash: 1 }).lean().cursor();
    for await (const invitation of cursor) {
      batch.push(invitation as { _id: Types.ObjectId; tokenHash: string });
      if (batch.length < BATCH) continue;
      await insertInvitationKeys(batch);
      keyed += batch.length;
      batch = [];
    }
    await insertInvitationKeys(batch);
    keyed += batch.length;
  });
  everyInvitationKeyed = true;
  return { keyed };
}
