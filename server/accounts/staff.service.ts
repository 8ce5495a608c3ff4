import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@shared/accounts.js";
import { clock } from "@server/platform/clock.js";
import { AppError, badRequest, conflict, notFound, unavailable } from "@server/platform/errors.js";
import { domainEvents } from "@server/platform/events.js";
import { mailer } from "@server/platform/mailer.js";
import {
  emailTaken,
  createUser,
  endSessionsOf,
  findAgencyById,
  openSession,
  type SignedIn,
  type StaffContext,
  type User,
} from "./accounts.service.js";
import { passwordProblems } from "./password-rules.js";
import { staffInviteMail } from "./staff-invite-mail.js";
import { StaffInvitationModel, type StaffInvitationRecord } from "./staff-invitation.model.js";
import { UserModel } from "./user.model.js";

const INVITATION_TTL_MS = 7 * 86_400_000;
const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

export type StaffInvitation = StaffInvitationRecord;
export interface StaffChanges {
  role?: Role;
  active?: boolean;
  name?: string;
  units?: string[];
  badge?: string | null;
}

/** A staff member of the caller's agency; another agency's id answers 404 like a missing one. */
async function ownStaff(agencyId: string, userId: string): Promise<User> {
  const user = await UserModel.findOne({ _id: userId, agency: agencyId })
    .select("-passwordHash")
    .lean<User>();
  if (!user) throw notFound("user");
  return user;
}

/**
 * Changes a colleague's role, name or active flag. Deactivating ends every session at once
 * (their API keys stop working while they stay inactive); every change is announced, so
 * cached sessions and live sockets of the person are re-read at once. The change that would
 * leave the agency without an active admin is refused.
 */
export async function updateStaff(
  agencyId: string,
  userId: string,
  changes: StaffChanges,
): Promise<{ before: User; after: User }> {
  const before = await ownStaff(agencyId, userId);
  const losesAdmin =
    before.role === "admin" &&
    before.active &&
    (changes.active === false || (changes.role ?? "admin") !== "admin");
  if (losesAdmin) {
    const others = await UserModel.countDocuments({
      agency: agencyId,
      role: "admin",
      active: true,
      _id: { $ne: before._id },
    });
    if (others === 0) throw conflict("last_admin", "The agency needs at least one active admin.");
  }
  await UserModel.updateOne({ _id: before._id }, { $set: changes });
  if (changes.active === false && before.active) await endSessionsOf(before._id);
  else domainEvents.emit("staff.sessions.changed", { userId: String(before._id) });
  return { before, after: await ownStaff(agencyId, userId) };
}

/** Pending invitations of the agency (not used, not expired), newest first. */
export async function listInvitations(agencyId: string): Promise<StaffInvitation[]> {
  return StaffInvitationModel.find({ agency: agencyId, usedAt: null, expiresAt: { $gt: clock.now() } })
    .sort({ createdAt: -1 })
    .lean<StaffInvitation[]>();
}

interface InviteInput {
  email: string;
  role: Role;
  name?: string;
}

/**
 * Invites a colleague by email with a one-time link. Inviting the same address again replaces
 * the earlier link. When the mail cannot be sent, nothing is kept and the caller hears so.
 */
export async function inviteStaff(
  admin: StaffContext,
  input: InviteInput,
  options: { appUrl: string; mailFrom: string },
): Promise<StaffInvitation> {
  const email = input.email.toLowerCase();
  if (await emailTaken(email)) throw conflict("user_exists", "An account with this email already exists.");
  const agency = await findAgencyById(admin.agencyId);
  const token = randomBytes(32).toString("base64url");
  const now = clock.now();
  const invitation = {
    _id: sha256(token),
    agency: agency._id,
    email,
    name: input.name ?? "",
    role: input.role,
    invitedBy: admin.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    usedAt: null,
  };
  await StaffInvitationModel.deleteMany({ agency: agency._id, email, usedAt: null });
  await StaffInvitationModel.create(invitation);
  const mail = staffInviteMail({
    to: email,
    from: options.mailFrom,
    agencyName: agency.name,
    invitedBy: admin.email,
    role: input.role,
    link: `${options.appUrl}/app/#/invite/${token}`,
    expiresAt: invitation.expiresAt,
  });
  try {
    await mailer().send(mail);
  } catch {
    await StaffInvitationModel.deleteOne({ _id: invitation._id });
    throw unavailable("The invitation email could not be sent. Nothing was saved; try again shortly.", 30);
  }
  return (await StaffInvitationModel.findById(invitation._id).lean<StaffInvitation>())!;
}

/** Withdraws a pending invitation of the caller's agency; its link stops working. */
export async function revokeInvitation(agencyId: string, invitationId: string): Promise<StaffInvitation> {
  const found = await StaffInvitationModel.findOne({
    _id: invitationId,
    agency: agencyId,
    usedAt: null,
  }).lean<StaffInvitation>();
  if (!found) throw notFound("invitation");
  await StaffInvitationModel.deleteOne({ _id: found._id });
  return found;
}

const invalidLink = (): AppError =>
  new AppError(
    404,
    "invitation_invalid",
    "This invitation link is not valid any more. Ask your admin for a new one.",
  );

/** What an invitation link is for, so the page can greet the person; 404 once used or expired. */
export async function describeInvitation(token: string) {
  const invitation = await StaffInvitationModel.findById(sha256(token)).lean<StaffInvitation>();
  if (!invitation || invitation.usedAt || invitation.expiresAt.getTime() <= clock.nowMs())
    throw invalidLink();
  const agency = await findAgencyById(invitation.agency);
  return { email: invitation.email, role: invitation.role, name: invitation.name, agencyName: agency.name };
}

/**
 * Turns an invitation into an account and signs the person in. The link works once: it is
 * marked used in the same write that checks it is unused, so two tabs cannot both succeed.
 */
export async function acceptInvitation(
  token: string,
  input: { password: string; name?: string },
  ttlHours: number,
): Promise<SignedIn & { invitation: StaffInvitation }> {
  const _id = sha256(token);
  const pending = await StaffInvitationModel.findById(_id).lean<StaffInvitation>();
  if (!pending || pending.usedAt || pending.expiresAt.getTime() <= clock.nowMs()) throw invalidLink();
  const problems = passwordProblems(input.password, pending.email);
  if (problems.length > 0) {
    throw badRequest(
      "validation_failed",
      "The password is too weak.",
      problems.map((message) => ({ path: "password", message })),
    );
  }
  if (await emailTaken(pending.email))
    throw conflict("user_exists", "An account with this email already exists.");
  const claimed = await StaffInvitationModel.findOneAndUpdate(
    { _id, usedAt: null },
    { $set: { usedAt: clock.now() } },
    { returnDocument: "after" },
  ).lean<StaffInvitation>();
  if (!claimed) throw invalidLink();
  const user = await createUser({
    agencyId: claimed.agency,
    email: claimed.email,
    password: input.password,
    role: claimed.role as Role,
    name: input.name ?? claimed.name,
  });
  return { user, invitation: claimed, ...(await openSession(user, ttlHours)) };
}

/** Ends every session of the caller, including the one making the request. */
export async function logOutEverywhere(staff: StaffContext): Promise<number> {
  return endSessionsOf(staff.userId);
}
