import { createHash, randomBytes } from "node:crypto";
import type { Request } from "express";

// A per-process salt: rate-limit keys cannot be turned back into addresses, even from memory.
const salt = randomBytes(16);

/** A client's rate-limit key: a salted hash of its address, never the address itself. */
export function hashedClientKey(req: Request): string {
  return createHash("sha256")
    .update(salt)
    .update(req.ip ?? "unknown")
    .digest("base64url")
    .slice(0, 22);
}
