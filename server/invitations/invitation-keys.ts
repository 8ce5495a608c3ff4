import type { Types } from "mongoose";
import { lookupKeys } from "@server/platform/lookup-keys.js";
import { InvitationModel } from "./invitation.model.js";

/**
 * Where a link token leads: `invitationkeys` has `_id` = the token's hash → the invitation,
 * so opening or answering through a link is a read by key, which the embedded engine serves
 * from its index (a filter on `tokenHash` would scan every invitation).
 */
const invitationKeys = lookupKeys({
  name: "invitation-keys",
  collection: "invitationkeys",
  records: InvitationModel,
  field: "tokenHash",
  targetField: "invitation",
});

/**
 * The keys of new invitations, written before the invitations themselves; a key already
 * there (a retried upload, or the backfill) leads to the same invitation and is kept.
 */
export async function insertInvitationKeys(
  invitations: ReadonlyArray<{ _id: Types.ObjectId; tokenHash: string }>,
): Promise<void> {
  await invitationKeys.insert(invitations.map((i) => ({ value: i.tokenHash, target: i._id })));
}

export async function deleteInvitationKeys(tokenHashes: string[]): Promise<void> {
  await invitationKeys.remove(tokenHashes);
}

/**
 * The id of the invitation a token hash leads to, by key. Until the backfill has keyed every
 * older invitation, a token without a key is looked up by its hash field (the old scan).
 */
export async function invitationIdFor(tokenHash: string): Promise<Types.ObjectId | null> {
  return invitationKeys.targetOf(tokenHash);
}

/** Keys every invitation stored before keys existed, once per database; run at start. */
export async function ensureInvitationKeys(): Promise<{ keyed: number }> {
  return invitationKeys.backfill();
}
