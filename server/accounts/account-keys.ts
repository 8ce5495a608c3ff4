import { lookupKeys } from "@server/platform/lookup-keys.js";
import { AgencyModel } from "./agency.model.js";
import { UserModel } from "./user.model.js";

/** `agencyslugs`: `_id` = an agency's slug → the agency; every public page starts from a slug. */
export const agencySlugKeys = lookupKeys({
  name: "agency-slug-keys",
  collection: "agencyslugs",
  records: AgencyModel,
  field: "slug",
});

/** `useremails`: `_id` = a lowercased sign-in email → the account; sign-in looks it up by email. */
export const userEmailKeys = lookupKeys({
  name: "user-email-keys",
  collection: "useremails",
  records: UserModel,
  field: "email",
});

/** Keys every agency and account stored before these keys existed, once per database; run at start. */
export async function ensureAccountKeys(): Promise<{ keyed: number }> {
  const [agencies, users] = await Promise.all([agencySlugKeys.backfill(), userEmailKeys.backfill()]);
  return { keyed: agencies.keyed + users.keyed };
}
