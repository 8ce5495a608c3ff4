import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { enqueueJobs } from "@server/jobs/queue.js";
import { clock } from "@server/platform/clock.js";
import { conflict } from "@server/platform/errors.js";
import { insertIgnoringDuplicates } from "@server/platform/insert-ignoring-duplicates.js";
import { getSurvey } from "@server/surveys/surveys.service.js";
import { checkRow, type ContactRow, type RawRow, type Rejection } from "./contacts-input.js";
import { ContactMarkModel, OptOutModel } from "./contact-mark.model.js";
import {
  emailKey,
  encryptText,
  hashToken,
  invitationToken,
  normalizeEmail,
  normalizePhone,
  phoneKey,
} from "./crypto.js";
import { InvitationModel } from "./invitation.model.js";
import { firstSendAt, resolveRules } from "./rules.js";
import { invitationSettings } from "./settings.js";
import { SEND_JOB, sendJobKey, SEND_MAX_ATTEMPTS } from "./delivery.js";
import { deleteInvitationKeys, insertInvitationKeys } from "./invitation-keys.js";

export interface ImportResult {
  created: number;
  rejected: Rejection[];
  dryRun: boolean;
}

const DAY_MS = 86_400_000;
const CLOCK_SKEW_MS = 5 * 60_000;

const utcDay = (instant: Date): Date => new Date(instant.getTime() - (instant.getTime() % DAY_MS));

interface Accepted {
  row: number;
  contact: ContactRow;
  key: string;
}

/**
 * Imports contacts for one open survey of the caller's agency. Every row is checked before
 * anything is written; a row that breaks a rule (bad field, excluded contact type, duplicate in
 * this or an earlier upload, opted out, invited within the agency's N days) is listed in
 * `rejected` with its row number and the rest are scheduled.
 */
export async function importContacts(
  staff: StaffContext,
  surveyId: string,
  rows: RawRow[],
  dryRun = false,
): Promise<ImportResult> {
  const survey = await getSurvey(staff.agencyId, surveyId);
  if (survey.status !== "open") {
    throw conflict("survey_not_open", "Invitations can only be sent for an open survey; publish it first.");
  }
  const agency = await findAgencyById(staff.agencyId);
  const rules = resolveRules(agency.invitationRules);
  const { keys, expiryDays } = invitationSettings();
  const now = clock.now();
  const districts = new Set(agency.districts.map((d) => d.code));
  const excluded = new Set(rules.excludedContactTypes);
  const rejected: Rejection[] = [];
  const firstRowOf = new Map<string, number>();
  let accepted: Accepted[] = [];

  for (const raw of rows) {
    const checked = checkRow(raw);
    if ("message" in checked) {
      rejected.push({ row: raw.row, message: checked.message });
      continue;
    }
    const { contact } = checked;
    const problem = ruleProblem(contact, now, districts, excluded);
    if (problem) {
      rejected.push({ row: raw.row, message: problem });
      continue;
    }
    const key = contact.email
      ? emailKey(keys, staff.agencyId, contact.email)
      : phoneKey(keys, staff.agencyId, contact.phone!);
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      const same = contact.email ? "same email address" : "same phone number";
      rejected.push({ row: raw.row, message: `duplicate of row ${first} (${same})` });
      continue;
    }
    firstRowOf.set(key, raw.row);
    accepted.push({ row: raw.row, contact, key });
  }

  accepted = await dropKnownPeople(staff.agencyId, surveyId, accepted, rules.minDaysBetween, now, rejected);
  if (dryRun) return { created: accepted.length, rejected: sortRows(rejected), dryRun };

  // Marks first: their unique index settles races between concurrent uploads of one person.
  const invitedOn = utcDay(now);
  const marks = accepted.map((a) => ({
    _id: new Types.ObjectId(),
    agency: agency._id,
    survey: survey._id,
    emailKey: a.key,
    invitedOn,
  }));
  const lost = await insertIgnoringDuplicates(ContactMarkModel.collection, marks);
  const markIds = marks.filter((_, i) => !lost.has(i)).map((m) => m._id);
  for (const i of lost) rejected.push({ row: accepted[i]!.row, message: "already invited to this survey" });
  accepted = accepted.filter((_, i) => !lost.has(i));

  const uploadId = randomUUID();
  const invitations = accepted.map(({ contact }) => {
    const _id = new Types.ObjectId();
    const sendAt = firstSendAt(contact.contactedAt ?? now, now, agency.timezone, rules);
    const language =
      contact.language && survey.languages.includes(contact.language)
        ? contact.language
        : survey.languages[0]!;
    return {
      _id,
      survey: survey._id,
      agency: agency._id,
      tokenHash: hashToken(invitationToken(keys, String(_id))),
      emailEncrypted: contact.email ? encryptText(keys, normalizeEmail(contact.email)) : null,
      phoneEncrypted: contact.email ? null : encryptText(keys, normalizePhone(contact.phone!)),
      channel: contact.email ? "email" : "sms",
      smsStatus: null,
      district: contact.district,
      contactType: contact.contactType,
      contactedAt: contact.contactedAt ?? now,
      language,
      status: "scheduled",
      sent: false,
      opened: false,
      remindersSent: 0,
      sendAt,
      expiresAt: new Date(sendAt.getTime() + expiryDays * DAY_MS),
      bounceReason: null,
      uploadId,
      createdAt: now,
    };
  });
  try {
    // Keys first: an invitation is never stored without the key its link is looked up by.
    await insertInvitationKeys(invitations);
    if (invitations.length > 0) await InvitationModel.collection.insertMany(invitations, { ordered: true });
    await enqueueJobs(
      invitations.map((inv) => ({
        name: SEND_JOB,
        key: sendJobKey(String(inv._id), 0),
        payload: { invitationId: String(inv._id), reminder: 0 },
        runAt: inv.sendAt,
        maxAttempts: SEND_MAX_ATTEMPTS,
      })),
    );
  } catch (error) {
    // No transactions on every engine: undo by hand so a failed upload can simply be retried.
    await InvitationModel.deleteMany({ uploadId });
    await deleteInvitationKeys(invitations.map((i) => i.tokenHash));
    await ContactMarkModel.deleteMany({ _id: { $in: markIds } });
    throw error;
  }
  return { created: invitations.length, rejected: sortRows(rejected), dryRun };
}

function ruleProblem(
  contact: ContactRow,
  now: Date,
  districts: Set<string>,
  excluded: Set<string>,
): string | null {
  if (excluded.has(contact.contactType)) {
    return `contact type "${contact.contactType}" is never surveyed under the agency's rules`;
  }
  if (contact.district && districts.size > 0 && !districts.has(contact.district)) {
    return `district "${contact.district}" is not one of the agency's districts`;
  }
  if (contact.contactedAt && contact.contactedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return "contactedAt is in the future";
  }
  return null;
}

/** Removes people who opted out, were already invited to this survey, or were invited too recently. */
async function dropKnownPeople(
  agencyId: string,
  surveyId: string,
  accepted: Accepted[],
  minDaysBetween: number,
  now: Date,
  rejected: Rejection[],
): Promise<Accepted[]> {
  if (accepted.length === 0) return accepted;
  const keys = accepted.map((a) => a.key);
  const [optedOut, marks] = await Promise.all([
    OptOutModel.find({ agency: agencyId, emailKey: { $in: keys } }, { emailKey: 1 }).lean(),
    ContactMarkModel.find(
      { agency: agencyId, emailKey: { $in: keys } },
      { emailKey: 1, survey: 1, invitedOn: 1 },
    ).lean(),
  ]);
  const optedOutKeys = new Set(optedOut.map((o) => o.emailKey));
  const thisSurvey = new Set(marks.filter((m) => String(m.survey) === surveyId).map((m) => m.emailKey));
  // Day precision on both sides: invited on day D blocks days D … D + N - 1.
  const since = utcDay(now).getTime() - (minDaysBetween - 1) * DAY_MS;
  const recent = new Set(
    minDaysBetween > 0 ? marks.filter((m) => m.invitedOn.getTime() >= since).map((m) => m.emailKey) : [],
  );
  return accepted.filter((a) => {
    let message: string | null = null;
    if (optedOutKeys.has(a.key)) message = "this person opted out of invitations";
    else if (thisSurvey.has(a.key)) message = "already invited to this survey";
    else if (recent.has(a.key)) message = `already invited in the last ${minDaysBetween} days`;
    if (message) rejected.push({ row: a.row, message });
    return message === null;
  });
}

function sortRows(rejected: Rejection[]): Rejection[] {
  return rejected.sort((a, b) => a.row - b.row);
}
