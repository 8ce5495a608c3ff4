import type { ListedApiKey } from "./api-keys.service.js";

/** The fields of a key that leave the server: never its hash. */
export function presentApiKey(apiKey: ListedApiKey) {
  return {
    id: apiKey.keyId,
    prefix: `cpk_${apiKey.keyId}_`,
    name: apiKey.name,
    scopes: apiKey.scopes,
    createdBy: apiKey.createdByEmail,
    createdAt: apiKey.createdAt.toISOString(),
    lastUsedAt: apiKey.lastUsedAt ? apiKey.lastUsedAt.toISOString() : null,
    revokedAt: apiKey.revokedAt ? apiKey.revokedAt.toISOString() : null,
    creatorActive: apiKey.creatorActive,
  };
}
