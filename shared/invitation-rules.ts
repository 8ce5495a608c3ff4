import type { PhoneCountry } from "./phone.js";

/** A call (contact) type code: "traffic_stop", "call_for_service". */
export const CONTACT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * An agency's rules for post-contact invitations, as the sender applies them and as the
 * settings screen edits them (`invitationRules` of the agency).
 */
export interface InvitationRules {
  /** Local wall-clock window ("20:00"–"08:00" may wrap midnight) in which no mail leaves. */
  quietHours: { start: string; end: string } | null;
  /** Minutes to wait after the contact before inviting. */
  delayMinutes: number;
  /** Contact types never invited, whatever the upload says. */
  excludedContactTypes: string[];
  /** At most one invitation per person per this many days, across the agency's surveys. */
  minDaysBetween: number;
  /** Days between the invitation and each reminder. */
  reminderDays: number;
  /** Reminders to those who have not answered: 0, 1 or 2. */
  maxReminders: number;
  /** Country whose national phone numbers (no `+`) contacts carry, e.g. "US" (see shared/phone.ts). */
  phoneCountry: PhoneCountry;
}
