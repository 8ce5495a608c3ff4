import { createHash } from "node:crypto";
import { Types } from "mongoose";
import { localDate } from "@shared/periods.js";
import { redactText } from "@shared/redaction.js";
import { findAgencyById, unitSupervisors } from "@server/accounts/accounts.service.js";
import { addDays } from "@server/digests/digest-data.js";
import { instantAt } from "@server/digests/digests.service.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { clock } from "@server/platform/clock.js";
import { insertIgnoringDuplicates } from "@server/platform/insert-ignoring-duplicates.js";
import { MailDeliveryError, mailer } from "@server/platform/mailer.js";
import { CommendationModel } from "./commendation.model.js";
import { commendationMail, type CommendationLine } from "./commendation-mail.js";

export const COMMENDATION_MAIL_JOB = "commendations.mail";
export const COMMENDATION_MAIL_EVERY_MS = 3_600_000;
/** Supervisors hear of a day's commendations the next morning at this local time (or within the hour after). */
export const COMMENDATION_MAIL_AT = { hour: 7, minute: 0 };
/** The most notes an officer's own view lists (newest first). */
const NOTES_SHOWN = 50;

export interface NewCommendation {
  responseId: string;
  agencyId: string;
  unit: string | null;
  officer: string;
  note: string | undefined;
}

/**
 * Records a commendation once per response, with its note redacted before it is stored. Called
 * before the submission is acknowledged, and again by a retry of it: the hashed `_id` makes the
 * second call a no-op.
 */
export async function recordCommendation(input: NewCommendation): Promise<void> {
  const id = createHash("sha256").update(`commendation\0${input.responseId}`).digest("hex").slice(0, 32);
  await insertIgnoringDuplicates(CommendationModel.collection, [
    {
      _id: id as never,
      agency: new Types.ObjectId(input.agencyId),
      unit: input.unit,
      officer: input.officer,
      note: redactText((input.note ?? "").trim()),
      createdAt: clock.now(),
      mailedAt: null,
    },
  ]);
}

/** An officer's commendations: how many, and the (redacted) notes, newest first, undated. */
export async function commendationsOf(agencyId: string, officer: string) {
  const all = await CommendationModel.find({ agency: agencyId, officer }, { note: 1, createdAt: 1 })
    .lean()
    .exec();
  const notes = all
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((c) => c.note)
    .filter((note) => note !== "")
    .slice(0, NOTES_SHOWN);
  return { count: all.length, notes };
}

/** The start of the local day whose commendations are due now: a day's are due at 07:00 the next day. */
function dueBefore(now: Date, timezone: string): Date {
  const today = localDate(now, timezone);
  const sendAt = instantAt(today, COMMENDATION_MAIL_AT.hour, COMMENDATION_MAIL_AT.minute, timezone);
  const lastDue = now.getTime() >= sendAt.getTime() ? today : addDays(today, -1);
  return instantAt(lastDue, 0, 0, timezone);
}

/**
 * Hourly: mails each supervisor the commendations of their units made before today (in the
 * agency's timezone) once it is 07:00 there, then marks them mailed. A commendation of a unit
 * with no supervisor stays unmailed (the officer still sees it) until one is named.
 */
export async function mailCommendations(): Promise<void> {
  const pending = await CommendationModel.find({ mailedAt: null }).lean().exec();
  const byAgency = new Map<string, typeof pending>();
  for (const c of pending) byAgency.set(String(c.agency), [...(byAgency.get(String(c.agency)) ?? []), c]);
  const now = clock.now();
  for (const [agencyId, commendations] of byAgency) {
    const agency = await findAgencyById(agencyId);
    const cutoff = dueBefore(now, agency.timezone).getTime();
    const due = commendations.filter((c) => c.createdAt.getTime() < cutoff && c.unit !== null);
    if (due.length === 0) continue;
    const supervisors = await unitSupervisors(agencyId);
    const mailed: string[] = [];
    for (const supervisor of supervisors) {
      const forThem = due.filter((c) => supervisor.units.includes(c.unit!));
      for (const c of forThem) mailed.push(c._id);
      const theirs = forThem.filter((c) => !(c.mailedTo ?? []).includes(supervisor.email));
      const lines: CommendationLine[] = theirs
        .sort((a, b) => a.unit!.localeCompare(b.unit!) || a.officer.localeCompare(b.officer))
        .map((c) => ({ unit: c.unit!, officer: c.officer, note: redactText(c.note) }));
      if (lines.length === 0) continue;
      const { mailFrom } = invitationSettings();
      try {
        await mailer().send({
          from: { name: `${agency.name} (Community Pulse)`, address: mailFrom },
          to: supervisor.email,
          ...commendationMail(agency.name, lines),
        });
      } catch (error) {
        // A refused address would refuse every hour; the others are still mailed.
        if (!(error instanceof MailDeliveryError && error.permanent)) throw error;
      }
      // Recorded at once, so a later supervisor's failure (retried next hour) does not mail this one again.
      await CommendationModel.updateMany(
        { _id: { $in: theirs.map((c) => c._id) } },
        { $addToSet: { mailedTo: supervisor.email } },
      );
    }
    if (mailed.length > 0)
      await CommendationModel.updateMany({ _id: { $in: [...new Set(mailed)] } }, { $set: { mailedAt: now } });
  }
}
