import { isValidObjectId, Types } from "mongoose";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { cancelJobs } from "@server/jobs/queue.js";
import { clock } from "@server/platform/clock.js";
import { AppError, conflict, notFound } from "@server/platform/errors.js";
import { DUPLICATE_KEY } from "@server/platform/insert-ignoring-duplicates.js";
import { getSurvey } from "@server/surveys/surveys.service.js";
import { isOptedOut, recordOptOut } from "./contact-marks.js";
import { decryptText, hashToken } from "./crypto.js";
import { PURGED_CONTACT, reminderJobKeys } from "./delivery.js";
import { InvitationModel, RedemptionModel, type InvitationStatus } from "./invitation.model.js";
import { invitationSettings } from "./settings.js";
import { invitationIdFor } from "./invitation-keys.js";

export { hashToken };
export type TokenState = "valid" | "used" | "expired" | "unknown";

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const OPEN_STATUSES: InvitationStatus[] = ["scheduled", "sent", "bounced", "opted_out"];

/**
 * What a link token means for this survey. Another survey's token is "unknown", exactly
 * like a token that never existed, so a link cannot be used to probe other surveys.
 */
export async function checkInvitationToken(surveyId: string, token: string): Promise<TokenState> {
  if (!TOKEN_PATTERN.test(token)) return "unknown";
  const id = await invitationIdFor(hashToken(token));
  const invitation = id
    ? await InvitationModel.findById(id, { survey: 1, status: 1, expiresAt: 1 }).lean()
    : null;
  if (!invitation || String(invitation.survey) !== surveyId) return "unknown";
  // The redemption insert is the atomic record of use; the invitation's status can lag it,
  // because the engine's concurrent updates of one document may overwrite each other.
  if (invitation.status === "completed" || (await RedemptionModel.exists({ _id: hashToken(token) })))
    return "used";
  if (invitation.status === "expired" || invitation.expiresAt.getTime() <= clock.nowMs()) return "expired";
  return "valid";
}

/** The officer (badge) of a token's contact, for offering the resident to commend them; null if none. */
export async function tokenOfficer(surveyId: string, token: string): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const id = await invitationIdFor(hashToken(token));
  const invitation = id ? await InvitationModel.findById(id, { survey: 1, officer: 1 }).lean() : null;
  if (!invitation || String(invitation.survey) !== surveyId) return null;
  return invitation.officer ?? null;
}

/** Records that a link was visited ("opened" in the funnel); unknown or used tokens change nothing. */
export async function markInvitationOpened(surveyId: string, token: string): Promise<void> {
  if (!TOKEN_PATTERN.test(token) || !isValidObjectId(surveyId)) return;
  const id = await invitationIdFor(hashToken(token));
  if (!id) return;
  await InvitationModel.updateOne({ _id: id, survey: surveyId, opened: false }, { $set: { opened: true } });
}

/** A token taken for one submission, until the response is stored (or not). */
export interface Redemption {
  tokenHash: string;
  invitationId: string;
  previousStatus: string;
  /** The contact's unit and officer, which the response carries for the unit views. */
  unit: string | null;
  officer: string | null;
}

/**
 * Takes a token for one response: unknown tokens and other surveys' tokens are 403, a used
 * one 409. The take itself is the insert of the token's redemption (unique `_id`), so of any
 * number of parallel submissions with one token exactly one gets it; the others get 409.
 */
export async function redeemInvitationToken(surveyId: string, token: string): Promise<Redemption> {
  const tokenHash = hashToken(token);
  const id = await invitationIdFor(tokenHash);
  const invitation = id
    ? await InvitationModel.findById(id, { survey: 1, status: 1, expiresAt: 1, unit: 1, officer: 1 }).lean()
    : null;
  if (!invitation || String(invitation.survey) !== surveyId) {
    throw new AppError(403, "invalid_token", "This invitation link is not valid for this survey.");
  }
  const used = () => conflict("token_used", "This invitation link has already been used to answer.");
  if (invitation.status === "completed") throw used();
  if (!OPEN_STATUSES.includes(invitation.status) || invitation.expiresAt.getTime() <= clock.nowMs()) {
    throw new AppError(403, "token_expired", "This invitation link has expired.");
  }
  try {
    await RedemptionModel.create({ _id: tokenHash, at: new Date() });
  } catch (error) {
    if ((error as { code?: number }).code === DUPLICATE_KEY) throw used();
    throw error;
  }
  await InvitationModel.updateOne({ _id: invitation._id }, { $set: { status: "completed" } });
  return {
    tokenHash,
    invitationId: String(invitation._id),
    previousStatus: invitation.status,
    unit: invitation.unit ?? null,
    officer: invitation.officer ?? null,
  };
}

const DAY_MS = 86_400_000;
const utcDay = (instant: Date): Date => new Date(instant.getTime() - (instant.getTime() % DAY_MS));

/**
 * Ends a redemption. Stored: the contact details go, timestamps are cut to the day (nothing on
 * the invitation can be matched to the response's time) and reminders are cancelled. Not
 * stored: the token is given back so the person can try again.
 */
export async function settleRedemption(redemption: Redemption, stored: boolean): Promise<void> {
  const { invitationId } = redemption;
  if (!stored) {
    await InvitationModel.updateOne(
      { _id: invitationId, status: "completed" },
      { $set: { status: redemption.previousStatus } },
    );
    await RedemptionModel.deleteOne({ _id: redemption.tokenHash });
    return;
  }
  const invitation = await InvitationModel.findById(invitationId, {
    sendAt: 1,
    createdAt: 1,
    expiresAt: 1,
  }).lean();
  if (!invitation) return;
  await InvitationModel.updateOne(
    { _id: invitationId },
    {
      $set: {
        ...PURGED_CONTACT,
        sent: true,
        opened: true,
        sendAt: utcDay(invitation.sendAt),
        createdAt: utcDay(invitation.createdAt),
        expiresAt: utcDay(invitation.expiresAt),
        uploadId: null,
      },
    },
  );
  await cancelJobs(reminderJobKeys(invitationId));
}

interface SummaryRow {
  _id: {
    status: string;
    sent: boolean;
    opened: boolean;
    contactType: string;
    district: string | null;
    channel?: string | null;
    smsStatus?: string | null;
  };
  n: number;
}

interface Segment {
  invited: number;
  sent: number;
  completed: number;
}

const rate = (s: Segment) => ({
  ...s,
  responseRate: s.sent > 0 ? Math.round((1000 * s.completed) / s.sent) / 10 : null,
});

/** The funnel of one survey's invitations, and response rates by contact type and district. */
export async function invitationSummary(agencyId: string, surveyId: string) {
  await getSurvey(agencyId, surveyId);
  const rows = await InvitationModel.aggregate<SummaryRow>([
    { $match: { survey: new Types.ObjectId(surveyId) } },
    {
      $group: {
        _id: {
          status: "$status",
          sent: "$sent",
          opened: "$opened",
          contactType: "$contactType",
          district: "$district",
          channel: "$channel",
          smsStatus: "$smsStatus",
        },
        n: { $sum: 1 },
      },
    },
  ]);
  const totals = {
    created: 0,
    scheduled: 0,
    sent: 0,
    opened: 0,
    completed: 0,
    bounced: 0,
    expired: 0,
    optedOut: 0,
  };
  // Texts by what the provider last said: handed over, delivered, failed, number unable to receive.
  const text = { sent: 0, delivered: 0, failed: 0, undeliverable: 0 };
  const byType = new Map<string, Segment>();
  const byDistrict = new Map<string | null, Segment>();
  const add = <K>(map: Map<K, Segment>, key: K, row: SummaryRow, completed: boolean) => {
    const segment = map.get(key) ?? { invited: 0, sent: 0, completed: 0 };
    segment.invited += row.n;
    if (row._id.sent) segment.sent += row.n;
    if (completed) segment.completed += row.n;
    map.set(key, segment);
  };
  for (const row of rows) {
    const { status, sent, opened } = row._id;
    const completed = status === "completed";
    totals.created += row.n;
    if (sent) totals.sent += row.n;
    if (opened) totals.opened += row.n;
    if (status === "scheduled") totals.scheduled += row.n;
    if (completed) totals.completed += row.n;
    if (status === "bounced") totals.bounced += row.n;
    if (status === "expired") totals.expired += row.n;
    if (status === "opted_out") totals.optedOut += row.n;
    if (row._id.channel === "sms") {
      if (sent) text.sent += row.n;
      const smsStatus = row._id.smsStatus;
      if (smsStatus === "delivered" || smsStatus === "failed" || smsStatus === "undeliverable")
        text[smsStatus] += row.n;
    }
    add(byType, row._id.contactType, row, completed);
    add(byDistrict, row._id.district ?? null, row, completed);
  }
  return {
    surveyId,
    ...totals,
    text,
    byContactType: [...byType]
      .map(([contactType, s]) => ({ contactType, ...rate(s) }))
      .sort((a, b) => a.contactType.localeCompare(b.contactType)),
    byDistrict: [...byDistrict]
      .map(([district, s]) => ({ district, ...rate(s) }))
      .sort((a, b) => String(a.district).localeCompare(String(b.district))),
  };
}

interface OptOutClaim {
  a: string;
  k: string;
  i: string;
}

function readOptOutCode(code: string): OptOutClaim {
  try {
    const claim = JSON.parse(decryptText(invitationSettings().keys, code)) as OptOutClaim;
    if (isValidObjectId(claim.a) && isValidObjectId(claim.i) && /^[0-9a-f]{64}$/.test(claim.k)) return claim;
  } catch {
    // fall through: a damaged or foreign link is simply not found
  }
  throw notFound("opt-out link");
}

/** Who an opt-out link speaks for, to show on the confirmation page; 404 for a damaged link. */
export async function describeOptOut(
  code: string,
): Promise<{ agencyName: string; language: string; done: boolean }> {
  const claim = readOptOutCode(code);
  const [agency, done, invitation] = await Promise.all([
    findAgencyById(claim.a),
    isOptedOut(claim.a, claim.k),
    InvitationModel.findById(claim.i, { language: 1 }).lean(),
  ]);
  return {
    agencyName: agency.name,
    language: invitation?.language ?? agency.languages[0] ?? "en",
    done: Boolean(done),
  };
}

/**
 * Honours an opt-out: the person's keyed hash joins the agency's opt-out list (checked at every
 * upload and before every mail), and the invitation it came from stops, its address purged.
 */
export async function optOut(code: string): Promise<{ agencyName: string; language: string }> {
  const claim = readOptOutCode(code);
  const described = await describeOptOut(code);
  // A double click racing itself: the opt-out is recorded either way.
  await recordOptOut(claim.a, claim.k, new Date());
  await InvitationModel.updateOne(
    { _id: claim.i, status: { $in: ["scheduled", "sent"] } },
    { $set: { status: "opted_out", ...PURGED_CONTACT } },
  );
  await cancelJobs(reminderJobKeys(claim.i));
  return { agencyName: described.agencyName, language: described.language };
}

/**
 * Settles a redemption once the response's write is known: a stored response completes the
 * invitation; a failed write (or a submissionId stored earlier without this token) gives the
 * token back.
 */
export async function settleAfterWrite<T extends { duplicate: boolean }>(
  redemption: Redemption,
  write: Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await write;
  } catch (error) {
    await settleRedemption(redemption, false);
    throw error;
  }
  await settleRedemption(redemption, !result.duplicate);
  return result;
}
