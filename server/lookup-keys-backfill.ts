import { ensureAccountKeys } from "./accounts/account-keys.js";
import { ensureKeyedContactMarks } from "./invitations/contact-marks.js";
import { ensureInvitationKeys } from "./invitations/invitation-keys.js";
import { forgetMigrations } from "./platform/migrations.js";
import { ensureSurveySlugKeys } from "./surveys/surveys.service.js";

/** The `migrations` records of the backfills below. */
const BACKFILLS = [
  "invitation-keys",
  "agency-slug-keys",
  "user-email-keys",
  "survey-slug-keys",
  "contact-mark-keys",
];

export interface KeyedCounts {
  invitationLinks: number;
  accounts: number;
  surveySlugs: number;
  contactMarksAndOptOuts: number;
}

/**
 * Gives records stored before their lookup keys existed their keys, once per database, before
 * the first request: from then on every hot lookup is a read by `_id` (issue 14). `again` runs
 * every backfill even if it ran before: for records an older process wrote during a rolling
 * upgrade (each backfill leaves what is already keyed as it is).
 */
export async function keyEveryLookup(options: { again?: boolean } = {}): Promise<KeyedCounts> {
  if (options.again) await forgetMigrations(BACKFILLS);
  return {
    invitationLinks: (await ensureInvitationKeys()).keyed,
    accounts: (await ensureAccountKeys()).keyed,
    surveySlugs: (await ensureSurveySlugKeys()).keyed,
    contactMarksAndOptOuts: (await ensureKeyedContactMarks()).keyed,
  };
}
