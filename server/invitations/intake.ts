/*
 * The one path by which contacts become invitations, for uploads and for the dispatch system's
 * contacts API alike: who is left out (opt-outs, people already invited), then marks, keys,
 * invitations and send jobs, undone together when a write fails.
 */
import { createHash } from "node:crypto";
import { Types } from "mongoose";
import { enqueueJobs } from "@server/jobs/queue.js";
import { insertIgnoringDuplicates } from "@server/platform/insert-ignoring-duplicates.js";
import {
  type NewMark,
  deleteMarks,
  forgetLatestContacts,
  insertMarks,
  invitationsOf,
  markId,
  noteLatestContacts,
  optedOutKeys as optedOutOf,
} from "./contact-marks.js";
import { emailKey, encryptText, hashToken, invitationToken, normalizeEmail, phoneKey } from "./crypto.js";
import { firstSendJob } from "./delivery.js";
import { IncidentKeyModel } from "./incident-key.model.js";
import { deleteInvitationKeys, insertInvitationKeys } from "./invitation-keys.js";
import { InvitationModel, type InvitationChannel } from "./invitation.model.js";
import { firstSendAt, type InvitationRules } from "./rules.js";
import { invitationSettings } from "./settings.js";

const DAY_MS = 86_400_000;
export const utcDay = (instant: Date): Date => new Date(instant.getTime() - (instant.getTime() % DAY_MS));

/** A validated contact: an email and/or an E.164 phone, and what the dispatch system knew. */
export interface IntakeContact {
  email: string | null;
  phone: string | null;
  district: string | null;
  contactType: string;
  contactedAt: Date | null;
  language: string | null;
  unit: string | null;
  officer: string | null;
}

/** Why a valid contact is not invited; the contract's `reason` codes. */
export type ExclusionReason =
  "excluded_call_type" | "no_survey" | "opted_out" | "already_invited" | "recently_invited";

/** An invitation about to be made: the contact (`ref` is the caller's index) and its survey. */
export interface Plan {
  ref: number;
  survey: { _id: Types.ObjectId; languages: string[] };
  contact: IntakeContact;
  /** The person's keyed hashes, one per address given (see personKeys). */
  keys: string[];
  incidentNumber: string | null;
}

export interface StoredInvitation {
  ref: number;
  channel: InvitationChannel;
  sendAt: Date;
}

/**
 * The channel rule: mail when the contact has an email (it carries the whole invitation and
 * an opt-out link), otherwise a text message to the phone.
 */
export function channelFor(contact: Pick<IntakeContact, "email" | "phone">): InvitationChannel {
  return contact.email ? "email" : "sms";
}

/** The keyed hashes of every address of a contact: an opt-out or invitation under any of them counts. */
export function personKeys(agencyId: string, contact: Pick<IntakeContact, "email" | "phone">): string[] {
  const { keys } = invitationSettings();
  const found: string[] = [];
  if (contact.email) found.push(emailKey(keys, agencyId, contact.email));
  if (contact.phone) found.push(phoneKey(keys, agencyId, contact.phone));
  return found;
}

/** The key of an incident of an agency; incident numbers compare without case or outer spaces. */
export function incidentKey(agencyId: string, incidentNumber: string): string {
  return createHash("sha256").update(`${agencyId}\n${incidentNumber.trim().toUpperCase()}`).digest("hex");
}

/** Which of these incident numbers the agency has already turned into a contact. */
export async function knownIncidents(agencyId: string, incidentNumbers: string[]): Promise<Set<string>> {
  if (incidentNumbers.length === 0) return new Set();
  const ids = incidentNumbers.map((n) => incidentKey(agencyId, n));
  const found = await IncidentKeyModel.find({ _id: { $in: ids } }, { _id: 1 }).lean();
  const known = new Set(found.map((f) => f._id));
  return new Set(incidentNumbers.filter((n) => known.has(incidentKey(agencyId, n))));
}

/**
 * Leaves out people who opted out, who were invited to the same survey (earlier, or earlier in
 * this batch), or who were invited to any survey within the agency's `minDaysBetween` days.
 */
export async function excludeKnownPeople(
  agencyId: string,
  plans: Plan[],
  minDaysBetween: number,
  now: Date,
): Promise<{ kept: Plan[]; excluded: Map<number, ExclusionReason> }> {
  const excluded = new Map<number, ExclusionReason>();
  if (plans.length === 0) return { kept: plans, excluded };
  const keys = [...new Set(plans.flatMap((p) => p.keys))];
  const surveys = [...new Set(plans.map((p) => String(p.survey._id)))];
  const [optedOutKeys, known] = await Promise.all([
    optedOutOf(agencyId, keys),
    invitationsOf(agencyId, keys, surveys),
  ]);
  const invitedTo = known.invitedTo;
  // Day precision on both sides: invited on day D blocks days D … D + N - 1.
  const since = utcDay(now).getTime() - (minDaysBetween - 1) * DAY_MS;
  const recent = new Set(
    minDaysBetween > 0
      ? [...known.lastInvitedOn].filter(([, on]) => on.getTime() >= since).map(([key]) => key)
      : [],
  );
  const kept: Plan[] = [];
  for (const plan of plans) {
    const survey = String(plan.survey._id);
    let reason: ExclusionReason | null = null;
    if (plan.keys.some((k) => optedOutKeys.has(k))) reason = "opted_out";
    else if (plan.keys.some((k) => invitedTo.has(markId(survey, k)))) reason = "already_invited";
    else if (plan.keys.some((k) => recent.has(k))) reason = "recently_invited";
    if (reason) {
      excluded.set(plan.ref, reason);
      continue;
    }
    kept.push(plan);
    for (const k of plan.keys) {
      invitedTo.add(markId(survey, k));
      if (minDaysBetween > 0) recent.add(k);
    }
  }
  return { kept, excluded };
}

/**
 * Stores the invitations of the plans and schedules their sending. Keys settle races with a
 * concurrent batch: an incident already taken makes its plan a `duplicate`, a person already
 * marked for the survey makes it `alreadyInvited`; neither is stored. Without transactions on
 * every engine, a failed write undoes the others by hand so the batch can simply be retried.
 */
export async function storeInvitations(
  agency: { _id: Types.ObjectId; timezone: string },
  rules: InvitationRules,
  plans: Plan[],
  now: Date,
  uploadId: string,
): Promise<{ stored: StoredInvitation[]; duplicates: Set<number>; alreadyInvited: Set<number> }> {
  const agencyId = String(agency._id);
  const duplicates = new Set<number>();
  const alreadyInvited = new Set<number>();
  const withIncident = plans.filter((p) => p.incidentNumber);
  const incidents = withIncident.map((p) => ({
    _id: incidentKey(agencyId, p.incidentNumber!),
    agency: agency._id,
    receivedOn: utcDay(now),
  }));
  let incidentIds: string[] = [];
  const ownMarks: NewMark[] = [];
  let invitations: ReturnType<typeof invitationOf>[] = [];
  try {
    const takenIncidents = await insertIgnoringDuplicates(IncidentKeyModel.collection, incidents);
    withIncident.forEach((p, i) =>
      takenIncidents.has(i) ? duplicates.add(p.ref) : incidentIds.push(incidents[i]!._id),
    );
    let fresh = plans.filter((p) => !duplicates.has(p.ref));

    // Marks next: their keys settle races between concurrent batches of one person.
    const marks = fresh.flatMap((p) =>
      p.keys.map((key) => ({
        agency: agency._id,
        survey: p.survey._id,
        emailKey: key,
        invitedOn: utcDay(now),
        ref: p.ref,
      })),
    );
    const lostMarks = await insertMarks(marks.map(({ ref: _ref, ...mark }) => mark));
    for (const i of lostMarks) alreadyInvited.add(marks[i]!.ref);
    const inserted = marks.filter((_, i) => !lostMarks.has(i));
    ownMarks.push(...inserted.filter((m) => !alreadyInvited.has(m.ref)));
    fresh = fresh.filter((p) => !alreadyInvited.has(p.ref));
    if (alreadyInvited.size > 0) {
      // A plan that lost the race gives back what it took: its other marks and its incident.
      const givenBack = inserted.filter((m) => alreadyInvited.has(m.ref));
      const ownIncidents = withIncident
        .filter((p) => alreadyInvited.has(p.ref))
        .map((p) => incidentKey(agencyId, p.incidentNumber!));
      await deleteMarks(givenBack);
      if (ownIncidents.length > 0) await IncidentKeyModel.deleteMany({ _id: { $in: ownIncidents } });
      incidentIds = incidentIds.filter((id) => !ownIncidents.includes(id));
    }
    await noteLatestContacts(ownMarks);

    invitations = fresh.map((p) => invitationOf(agency, rules, p, now, uploadId));
    // Keys first: an invitation is never stored without the key its link is looked up by.
    await insertInvitationKeys(invitations);
    if (invitations.length > 0) await InvitationModel.collection.insertMany(invitations, { ordered: true });
    // One send job per invitation whatever its channel, so delay, quiet hours and retries are
    // decided in one place; the mail job leaves sms invitations to the sms channel.
    await enqueueJobs(invitations.map((inv) => firstSendJob(String(inv._id), inv.sendAt)));
    return {
      stored: invitations.map((inv, i) => ({ ref: fresh[i]!.ref, channel: inv.channel, sendAt: inv.sendAt })),
      duplicates,
      alreadyInvited,
    };
  } catch (error) {
    await InvitationModel.deleteMany({ uploadId });
    await deleteInvitationKeys(invitations.map((i) => i.tokenHash));
    await forgetLatestContacts(ownMarks);
    await deleteMarks(ownMarks);
    if (incidentIds.length > 0) await IncidentKeyModel.deleteMany({ _id: { $in: incidentIds } });
    throw error;
  }
}

/** The invitation document of a plan: only the channel's address is kept, encrypted. */
function invitationOf(
  agency: { _id: Types.ObjectId; timezone: string },
  rules: InvitationRules,
  plan: Plan,
  now: Date,
  uploadId: string,
) {
  const { keys, expiryDays } = invitationSettings();
  const { contact, survey } = plan;
  const _id = new Types.ObjectId();
  const channel = channelFor(contact);
  const sendAt = firstSendAt(contact.contactedAt ?? now, now, agency.timezone, rules);
  const language =
    contact.language && survey.languages.includes(contact.language) ? contact.language : survey.languages[0]!;
  return {
    _id,
    survey: survey._id,
    agency: agency._id,
    tokenHash: hashToken(invitationToken(keys, String(_id))),
    channel,
    emailEncrypted: channel === "email" ? encryptText(keys, normalizeEmail(contact.email!)) : null,
    phoneEncrypted: channel === "sms" ? encryptText(keys, contact.phone!) : null,
    district: contact.district,
    contactType: contact.contactType,
    unit: contact.unit,
    officer: contact.officer,
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
}
