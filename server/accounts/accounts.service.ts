import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { Types } from "mongoose";
import { ROLES, roleAtLeast, type District, type Role } from "@shared/accounts.js";
import type { HeadlinePeriod } from "@shared/periods.js";
import { clock } from "@server/platform/clock.js";
import { domainEvents } from "@server/platform/events.js";
import { AppError, conflict, notFound, unauthorized } from "@server/platform/errors.js";
import { agencySlugKeys, userEmailKeys } from "./account-keys.js";
import { AgencyModel } from "./agency.model.js";
import { claimAttempt, settleAttempt, type SignInDelayPolicy } from "./login-guard.js";
import { cachedSession, rememberSession, sessionGeneration } from "./session-cache.js";
import { SessionModel } from "./session.model.js";
import { UserModel, type UserRecord } from "./user.model.js";

/** What a signed-in staff request knows about its caller. */
export interface StaffContext {
  userId: string;
  agencyId: string;
  role: Role;
  email: string;
  sessionId: string;
  csrfToken: string;
  /**
   * Set when an API key (not a session) authenticated the request: `userId` is then the admin
   * who created the key, `sessionId` and `csrfToken` are empty, and `role` is what the
   * endpoint needs, granted by one of the key's scopes.
   */
  apiKey?: { id: string; name: string; scopes: string[] };
}

/** An agency as plain data. */
export interface Agency {
  _id: Types.ObjectId;
  slug: string;
  name: string;
  timezone: string;
  languages: string[];
  districts: District[];
  margins: Record<string, Record<string, number>>;
  suppressionThreshold: number;
  /** Absent on agencies stored before the setting existed: read as DEFAULT_UNIT_MINIMUM_N. */
  unitMinimumN?: number;
  /** Absent on agencies stored before the setting existed: read as `month`. */
  headlinePeriod?: HeadlinePeriod;
  retentionDays: number;
  invitationRules: Record<string, unknown> | null;
  brandColor?: string | null;
  /** Absent on agencies stored before the setting existed: read as not sharing. */
  benchmarks?: { share: boolean } | null;
  logo?: { contentType: string; size: number; updatedAt: Date } | null;
}
export type User = Omit<UserRecord, "passwordHash">;

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const ARGON_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verified when the email is unknown, so a miss costs as long as a wrong password.
const DUMMY_HASH_PROMISE = hash("community-pulse-dummy-password", ARGON_OPTIONS);

const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

export interface NewAgency {
  slug: string;
  name: string;
  timezone?: string;
  languages?: string[];
  districts?: District[];
}

/** Creates an agency; its slug is unique across the server. */
export async function createAgency(input: NewAgency): Promise<Agency> {
  if (await agencySlugKeys.find(input.slug, { _id: 1 })) {
    throw conflict("agency_exists", `An agency with slug "${input.slug}" already exists.`);
  }
  const _id = new Types.ObjectId();
  const created = await agencySlugKeys.keyed(input.slug, _id, () => AgencyModel.create({ ...input, _id }));
  return created!.toObject() as unknown as Agency;
}

export async function findAgencyById(agencyId: string | Types.ObjectId): Promise<Agency> {
  const agency = await AgencyModel.findById(agencyId).lean<Agency>();
  if (!agency) throw notFound("agency");
  return agency;
}

export async function findAgencyBySlug(slug: string): Promise<Agency | null> {
  return agencySlugKeys.find<Agency>(slug);
}

/** Applies validated agency settings. Margins must name only the agency's own districts. */
export async function updateAgency(agencyId: string, changes: Record<string, unknown>): Promise<Agency> {
  const current = await findAgencyById(agencyId);
  const districts = (changes["districts"] as Agency["districts"] | undefined) ?? current.districts;
  const margins = (changes["margins"] as Record<string, Record<string, number>> | undefined) ?? null;
  if (margins?.["district"]) {
    const known = new Set(districts.map((d) => d.code));
    const unknown = Object.keys(margins["district"]).filter((code) => !known.has(code));
    if (unknown.length > 0) {
      throw new AppError(
        400,
        "validation_failed",
        "The margins name districts the agency does not have.",
        unknown.map((code) => ({
          path: `margins.district.${code}`,
          message: "is not one of the agency's districts",
        })),
      );
    }
  }
  const updated = await AgencyModel.findByIdAndUpdate(
    agencyId,
    { $set: changes },
    { returnDocument: "after" },
  ).lean<Agency>();
  if (!updated) throw notFound("agency");
  return updated;
}

/** The agencies that share their index figures with peers, read fresh on every call. */
export async function listSharingAgencies(): Promise<Agency[]> {
  return AgencyModel.find({ "benchmarks.share": true }).lean<Agency[]>();
}

/** Whether an agency with this id exists on this installation. */
export async function agencyExists(agencyId: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(agencyId)) return false;
  return (await AgencyModel.exists({ _id: agencyId })) !== null;
}

export interface NewUser {
  agencyId: string | Types.ObjectId;
  email: string;
  password: string;
  role: Role;
  name?: string;
}

/** Creates a staff account with an argon2id password hash. */
export async function createUser(input: NewUser): Promise<User> {
  const email = input.email.toLowerCase();
  if (await emailTaken(email)) throw conflict("user_exists", "An account with this email already exists.");
  const passwordHash = await hash(input.password, ARGON_OPTIONS);
  const _id = new Types.ObjectId();
  const created = await userEmailKeys.keyed(email, _id, () =>
    UserModel.create({
      _id,
      agency: input.agencyId,
      email,
      name: input.name ?? "",
      passwordHash,
      role: input.role,
    }),
  );
  const { passwordHash: _omit, ...user } = created!.toObject();
  return user as User;
}

/** Whether an account already signs in with this (lowercased) email, on any agency. */
export async function emailTaken(email: string): Promise<boolean> {
  return (await userEmailKeys.find(email, { _id: 1 })) !== null;
}

export async function listUsers(agencyId: string): Promise<User[]> {
  return UserModel.find({ agency: agencyId }).select("-passwordHash").sort({ email: 1 }).lean<User[]>();
}

export async function countUsers(): Promise<number> {
  return UserModel.estimatedDocumentCount();
}

export interface SignedIn {
  user: User;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface SignInRequest {
  email: string;
  password: string;
  ttlHours: number;
  /** The client's hashed address (`hashedClientKey`): wrong passwords delay only that client. */
  client: string;
  delays: SignInDelayPolicy;
  /** The session cookie the browser sent with the sign-in, if any: it ends here. */
  previousToken?: string | undefined;
}

/**
 * Checks credentials and opens a new session; a failure never says which part was wrong.
 * Wrong passwords delay further attempts for this email from the same client (`login-guard`);
 * a client that must wait is refused before its password is even checked. Every sign-in gets
 * a fresh session (rotation), and the one the browser held before ends, so a planted cookie
 * never survives a sign-in.
 */
export async function signIn(request: SignInRequest): Promise<SignedIn> {
  const email = request.email.toLowerCase();
  const attempt = await claimAttempt(email, request.client, request.delays);
  const record = await userEmailKeys.find<UserRecord>(email);
  const hashToCheck = record?.passwordHash ?? (await DUMMY_HASH_PROMISE);
  const verified = await verify(hashToCheck, request.password).catch(() => false);
  const passwordOk = Boolean(record) && verified;
  if (!record || !passwordOk || !record.active) {
    // A deactivated account's right password is refused too, but is no guess to count.
    await settleAttempt(attempt, passwordOk ? "withdrawn" : "failed");
    throw unauthorized("The email or password is not correct.");
  }
  await settleAttempt(attempt, "succeeded");
  if (request.previousToken && request.previousToken.length <= 100) {
    const previous = sha256(request.previousToken);
    if (await SessionModel.exists({ _id: previous })) {
      await SessionModel.deleteOne({ _id: previous });
      domainEvents.emit("staff.sessions.changed", { sessionId: previous });
    }
  }
  const { passwordHash: _omit, ...user } = record;
  return { user, ...(await openSession(user, request.ttlHours)) };
}

/** Opens a new session for a person whose identity is already proven (password or invitation). */
export async function openSession(
  user: Pick<User, "_id" | "agency">,
  ttlHours: number,
): Promise<Omit<SignedIn, "user">> {
  const sessionToken = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await SessionModel.create({
    _id: sha256(sessionToken),
    user: user._id,
    agency: user.agency,
    csrfToken,
    expiresAt,
    createdAt: now,
  });
  return { sessionToken, csrfToken, expiresAt };
}

/** Ends every session of one person (log out everywhere, deactivation). */
export async function endSessionsOf(userId: string | Types.ObjectId): Promise<number> {
  const result = await SessionModel.deleteMany({ user: userId });
  domainEvents.emit("staff.sessions.changed", { userId: String(userId) });
  return result.deletedCount;
}

/** Resolves a session cookie to its staff context, or null when unknown, expired or deactivated. */
export async function resolveSession(sessionToken: string): Promise<StaffContext | null> {
  const sessionId = sha256(sessionToken);
  const cached = cachedSession(sessionId, clock.nowMs());
  if (cached) return cached;
  const readAt = sessionGeneration();
  const session = await SessionModel.findById(sessionId).lean();
  if (!session || session.expiresAt.getTime() <= clock.nowMs()) return null;
  const user = await UserModel.findById(session.user).select("email role active agency").lean<UserRecord>();
  if (!user || !user.active) return null;
  const staff: StaffContext = {
    userId: String(user._id),
    agencyId: String(user.agency),
    role: user.role as Role,
    email: user.email,
    sessionId: String(session._id),
    csrfToken: session.csrfToken,
  };
  rememberSession(staff, session.expiresAt.getTime(), readAt);
  return staff;
}

/**
 * Whether a person may act now. API keys act for the admin who created them and work only
 * while that person is active; an unknown id counts as inactive.
 */
export async function isActiveStaff(userId: string | Types.ObjectId): Promise<boolean> {
  const user = await UserModel.findById(userId).select("active").lean<Pick<UserRecord, "active">>();
  return user?.active === true;
}

export async function findUser(userId: string): Promise<User> {
  const user = await UserModel.findById(userId).select("-passwordHash").lean<User>();
  if (!user) throw notFound("user");
  return user;
}

/** Turns the weekly digest on or off for one staff member (their own choice). */
export async function setDigestOptIn(userId: string, optIn: boolean): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $set: { digestOptIn: optIn } });
}

/**
 * Active staff who opted in to the weekly digest, across agencies. Only roles that may read
 * survey results: someone moved to a unit role keeps their opt-in but gets no digest.
 */
export async function digestRecipients(): Promise<
  Array<Pick<UserRecord, "_id" | "agency" | "email" | "role">>
> {
  const readers = ROLES.filter((role) => roleAtLeast(role, "analyst"));
  return UserModel.find(
    { digestOptIn: true, active: true, role: { $in: readers } },
    { agency: 1, email: 1, role: 1 },
  ).lean();
}

/** An agency's active supervisors with their units: who hears of commendations in those units. */
export async function unitSupervisors(agencyId: string): Promise<Array<{ email: string; units: string[] }>> {
  const users = await UserModel.find(
    { agency: agencyId, role: "supervisor", active: true },
    { email: 1, units: 1 },
  ).lean();
  return users.map((u) => ({ email: u.email, units: u.units ?? [] }));
}

export async function signOut(sessionId: string): Promise<void> {
  await SessionModel.deleteOne({ _id: sessionId });
  domainEvents.emit("staff.sessions.changed", { sessionId });
}

/** Compares a CSRF header with the session's token in constant time. */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
