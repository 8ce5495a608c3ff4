import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@server/platform/errors.js";
import { clock } from "@server/platform/clock.js";
import { LoginFailureModel } from "./login-failure.model.js";

/**
 * How wrong passwords slow sign-in down. Nothing locks: a delay holds back only the client
 * (hashed address) that made the failures, so nobody can keep a person out of their account
 * by failing on purpose from elsewhere, and the person's right password from their own client
 * still gets in.
 */
export interface SignInDelayPolicy {
  /** Wrong passwords one client may make for one account before each further one makes it wait. */
  freeFailures: number;
  /** The longest wait; past the free failures the wait starts at 1 s and doubles each time. */
  maxDelayMs: number;
  /**
   * Failures for one account from all clients together, within an hour, at which the account
   * counts as under attack: then no client gets free failures and every failure waits at least
   * a minute, so many fresh addresses guess slowly too. A client with no failures of its own
   * still gets its attempt at once.
   */
  accountFailuresPerHour: number;
}

const SECOND = 1000;
const ACCOUNT_WINDOW_MS = 3_600_000;
/**
 * How long a client's failures are remembered after its last one: far beyond the longest wait,
 * so that waiting does not buy a client its free failures back.
 */
const CLIENT_MEMORY_MS = 24 * 3_600_000;
const UNDER_ATTACK_MIN_DELAY_MS = 60 * SECOND;
/** Claims lost to concurrent attempts of the same client before it is simply told to wait. */
const CLAIM_TRIES = 4;
const DUPLICATE_KEY = 11000;

interface FailureState {
  failures: number;
  retryAt: Date | null;
  expiresAt: Date;
}

/** A client's record for one account; `epoch` names its turns, so a new record never meets old ones. */
interface ClientState extends FailureState {
  epoch: string;
}

/** One attempt reserved by `claimAttempt`, for `settleAttempt` to keep, forget or withdraw. */
export interface SignInAttempt {
  accountId: string;
  clientId: string;
  turnId: string;
  /** The client's record as it was before this attempt. */
  previous: ClientState;
}

export type AttemptOutcome = "succeeded" | "failed" | "withdrawn";

const digest = (text: string): string => createHash("sha256").update(text).digest("hex");
const accountKey = (email: string): string => digest(`login-account:${email.toLowerCase()}`);
const clientKey = (email: string, client: string): string =>
  digest(`login-client:${email.toLowerCase()}\n${client}`);

/** The wait after a client's `failures`-th wrong password for one account. */
export function delayAfter(failures: number, policy: SignInDelayPolicy, underAttack: boolean): number {
  const free = underAttack ? 0 : policy.freeFailures;
  if (failures <= free) return 0;
  const grown = SECOND * 2 ** Math.min(failures - free - 1, 30);
  const floor = underAttack ? UNDER_ATTACK_MIN_DELAY_MS : 0;
  return Math.min(Math.max(grown, floor), policy.maxDelayMs);
}

function waitFor(retryAtMs: number, now: number): AppError {
  const seconds = Math.max(1, Math.ceil((retryAtMs - now) / SECOND));
  const wait =
    seconds < 120 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError(
    429,
    "sign_in_delayed",
    `Too many failed sign-ins for this account from this device or network. Try again in ${wait}.`,
    undefined,
    { "Retry-After": String(seconds) },
  );
}

const live = <T extends FailureState>(record: T | null, now: number): T | null =>
  record && record.expiresAt.getTime() > now ? record : null;

/** Inserts a record; false when one with that `_id` exists (the engine's one atomic test-and-set). */
async function insertNew(_id: string, fields: Partial<ClientState>): Promise<boolean> {
  try {
    await LoginFailureModel.collection.insertOne({ _id, ...fields } as never);
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
    throw error;
  }
}

/**
 * Reserves one sign-in attempt for this email from this client, or answers 429 with
 * Retry-After while that client must wait (before any password is checked). The attempt counts
 * as a failure until `settleAttempt` says otherwise, and each attempt first takes its numbered
 * turn with an insert: of a burst of parallel requests only one gets a turn per wait.
 */
export async function claimAttempt(
  email: string,
  client: string,
  policy: SignInDelayPolicy,
): Promise<SignInAttempt> {
  const accountId = accountKey(email);
  const clientId = clientKey(email, client);
  for (let tries = 0; tries < CLAIM_TRIES; tries++) {
    const now = clock.nowMs();
    const [account, stored] = await Promise.all([
      LoginFailureModel.findById(accountId).lean<FailureState>(),
      LoginFailureModel.findById(clientId).lean<ClientState>(),
    ]);
    let current = live(stored, now);
    if (current?.retryAt && current.retryAt.getTime() > now) throw waitFor(current.retryAt.getTime(), now);
    if (!current) {
      if (stored) await LoginFailureModel.deleteOne({ _id: clientId, epoch: stored.epoch });
      const fresh = {
        epoch: randomBytes(8).toString("hex"),
        failures: 0,
        retryAt: null,
        expiresAt: new Date(now + CLIENT_MEMORY_MS),
      };
      if (!(await insertNew(clientId, fresh))) continue;
      current = fresh;
    }
    const failures = current.failures + 1;
    const expiresAt = new Date(now + CLIENT_MEMORY_MS);
    const turnId = `${clientId}.${current.epoch}.${failures}`;
    // Lost to a concurrent attempt of this client: read again, it has set the wait by now.
    if (!(await insertNew(turnId, { failures, retryAt: null, expiresAt }))) continue;
    const underAttack = (live(account, now)?.failures ?? 0) >= policy.accountFailuresPerHour;
    const retryAt = new Date(now + delayAfter(failures, policy, underAttack));
    await LoginFailureModel.updateOne({ _id: clientId }, { $set: { failures, retryAt, expiresAt } });
    return { accountId, clientId, turnId, previous: current };
  }
  const now = clock.nowMs();
  throw waitFor(now + SECOND, now);
}

/**
 * Ends a reserved attempt: a wrong password stays counted for the client and counts towards
 * the account's hourly cap; a success forgets the client's failures (not the account's: other
 * clients' failures still count); an attempt that was no guess (the right password of a
 * deactivated account) is withdrawn, unless a later attempt has already built on it.
 */
export async function settleAttempt(attempt: SignInAttempt, outcome: AttemptOutcome): Promise<void> {
  if (outcome === "failed") return countAccountFailure(attempt.accountId);
  const turn = LoginFailureModel.deleteOne({ _id: attempt.turnId });
  if (outcome === "succeeded") {
    await Promise.all([turn, LoginFailureModel.deleteOne({ _id: attempt.clientId })]);
    return;
  }
  const { failures, retryAt, expiresAt, epoch } = attempt.previous;
  await Promise.all([
    turn,
    LoginFailureModel.updateOne(
      { _id: attempt.clientId, epoch, failures: failures + 1 },
      { $set: { failures, retryAt, expiresAt } },
    ),
  ]);
}

async function countAccountFailure(_id: string): Promise<void> {
  const now = clock.nowMs();
  const existing = await LoginFailureModel.findById(_id).lean<FailureState>();
  // A new hour counts afresh; deleting only the stale version keeps a concurrent fresh count.
  if (existing && existing.expiresAt.getTime() <= now) {
    await LoginFailureModel.deleteOne({ _id, expiresAt: existing.expiresAt });
  }
  const count = () =>
    LoginFailureModel.updateOne(
      { _id },
      {
        $inc: { failures: 1 },
        $setOnInsert: { retryAt: null, expiresAt: new Date(now + ACCOUNT_WINDOW_MS) },
      },
      { upsert: true },
    );
  // Two first failures at once: one insert wins, the other then finds the record to count on.
  // (Concurrent $inc can still lose a count on the embedded engine: the cap then engages a
  // failure or two later, which is no harm to a cap.)
  await count().catch((error: unknown) => {
    if ((error as { code?: number }).code === DUPLICATE_KEY) return count();
    throw error;
  });
}

/**
 * Deletes failure records that no longer count (past `expiresAt`), so the collection holds
 * only live ones. Returns how many went.
 */
export async function pruneLoginFailures(): Promise<number> {
  const { deletedCount } = await LoginFailureModel.deleteMany({
    // `null` also matches records written before delays replaced the lock, which have no expiry.
    $or: [{ expiresAt: { $lte: clock.now() } }, { expiresAt: null }],
  });
  return deletedCount;
}
