import { createHash, randomBytes } from "node:crypto";
import { isActiveStaff, type StaffContext } from "@server/accounts/accounts.service.js";
import { clock } from "@server/platform/clock.js";
import { AppError, forbidden, notFound, unauthorized } from "@server/platform/errors.js";
import { ApiKeyModel, type ApiKeyRecord } from "./api-key.model.js";
import { scopeRuleFor, type ApiKeyScope } from "./scopes.js";

export type ApiKey = ApiKeyRecord;
/** A key as admins see it: it works only while its creator is active (and it is not revoked). */
export type ListedApiKey = ApiKey & { creatorActive: boolean };

const KEY_PATTERN = /^cpk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;
// Writing "last used" on every request would be one more write per call; a minute is precise enough.
const LAST_USED_PRECISION_MS = 60_000;

const hashOf = (key: string): string => createHash("sha256").update(key).digest("hex");

/**
 * Creates a key for an integration. The key itself is returned this once; only its hash is
 * kept, so a lost key is revoked and replaced, never recovered.
 */
export async function createApiKey(
  staff: StaffContext,
  input: { name: string; scopes: ApiKeyScope[] },
): Promise<{ apiKey: ListedApiKey; key: string }> {
  const keyId = randomBytes(6).toString("hex");
  const key = `cpk_${keyId}_${randomBytes(32).toString("base64url")}`;
  const created = await ApiKeyModel.create({
    _id: hashOf(key),
    keyId,
    agency: staff.agencyId,
    name: input.name,
    scopes: [...new Set(input.scopes)].sort(),
    createdBy: staff.userId,
    createdByEmail: staff.email,
    createdAt: clock.now(),
  });
  // The creator is the signed-in admin making this request, so active.
  return { apiKey: { ...(created.toObject() as ApiKey), creatorActive: true }, key };
}

/**
 * The agency's keys, newest first, revoked ones included (they explain old log entries), each
 * saying whether its creator is active: a deactivated admin's keys stop working, and the list
 * must say why rather than show them as healthy.
 */
export async function listApiKeys(agencyId: string): Promise<ListedApiKey[]> {
  const keys = await ApiKeyModel.find({ agency: agencyId }).sort({ createdAt: -1 }).lean<ApiKey[]>();
  const creators = [...new Set(keys.map((key) => String(key.createdBy)))];
  const active = new Set<string>();
  await Promise.all(
    creators.map(async (id) => {
      if (await isActiveStaff(id)) active.add(id);
    }),
  );
  return keys.map((key) => ({ ...key, creatorActive: active.has(String(key.createdBy)) }));
}

/**
 * Revokes a key of the caller's agency; the next request with it gets 401. Another agency's
 * key answers 404 like a missing one. `changed` is false when it was already revoked.
 */
export async function revokeApiKey(
  agencyId: string,
  keyId: string,
): Promise<{ apiKey: ApiKey; changed: boolean }> {
  const existing = await ApiKeyModel.findOne({ agency: agencyId, keyId }).lean<ApiKey>();
  if (!existing) throw notFound("API key");
  if (existing.revokedAt) return { apiKey: existing, changed: false };
  const revokedAt = clock.now();
  await ApiKeyModel.updateOne({ _id: existing._id }, { $set: { revokedAt } });
  return { apiKey: { ...existing, revokedAt }, changed: true };
}

/**
 * Turns an `Authorization: Bearer <key>` header into the caller's context for this one
 * request: 401 for a malformed, unknown or revoked key, and for a key whose creator is
 * deactivated (a key acts for its creator, so it must not outlive their access; reactivating
 * them makes it work again); 403 when the endpoint is not open to keys or needs a scope the
 * key lacks. Nothing here is cached: a revocation or deactivation holds from the next request
 * in every process.
 */
export async function authenticateApiKey(
  header: string,
  method: string,
  originalUrl: string,
): Promise<StaffContext> {
  const match = /^Bearer +(\S{1,200})$/i.exec(header.trim());
  if (!match) throw unauthorized("The Authorization header must be `Bearer <API key>`.");
  const key = match[1]!;
  const record = KEY_PATTERN.test(key) ? await ApiKeyModel.findById(hashOf(key)).lean<ApiKey>() : null;
  if (!record || record.revokedAt) throw unauthorized("The API key is not valid or has been revoked.");
  if (!(await isActiveStaff(record.createdBy))) {
    throw new AppError(
      401,
      "api_key_creator_inactive",
      "This API key does not work while the admin who created it is deactivated. Reactivate them, or have an active admin create a new key.",
    );
  }
  const rule = scopeRuleFor(method, originalUrl);
  if (!rule) throw forbidden("API keys cannot be used for this endpoint.");
  if (!record.scopes.includes(rule.scope)) {
    throw new AppError(403, "missing_scope", `This API key lacks the "${rule.scope}" scope.`);
  }
  const now = clock.nowMs();
  if (!record.lastUsedAt || now - record.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await ApiKeyModel.updateOne({ _id: record._id }, { $set: { lastUsedAt: new Date(now) } });
  }
  return {
    userId: String(record.createdBy),
    agencyId: String(record.agency),
    role: rule.actAs,
    email: record.createdByEmail,
    sessionId: "",
    csrfToken: "",
    apiKey: { id: record.keyId, name: record.name, scopes: record.scopes },
  };
}
