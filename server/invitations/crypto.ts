import { createCipheriv, createHash, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Keys derived from one master key, one per purpose, so a leak of one use (say, the keyed
 * email hashes) says nothing about another (the link tokens).
 */
export interface InvitationKeys {
  encryption: Buffer;
  emailHash: Buffer;
  token: Buffer;
  /** Signs the digest's one-click unsubscribe links; nothing else. */
  digestUnsubscribe: Buffer;
  /** Seals the agency's benchmark signing key (Ed25519 private key) at rest; nothing else. */
  benchmarkSigningKey: Buffer;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = "v1";

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `community-pulse/${purpose}`, KEY_BYTES));
}

/** Derives the purpose keys from a 32-byte master key. */
export function deriveKeys(master: Buffer): InvitationKeys {
  if (master.length !== KEY_BYTES) throw new Error("the data encryption key must be 32 bytes");
  return {
    encryption: derive(master, "contact-encryption"),
    emailHash: derive(master, "contact-hash"),
    token: derive(master, "invitation-token"),
    digestUnsubscribe: derive(master, "digest-unsubscribe"),
    benchmarkSigningKey: derive(master, "benchmark-signing-key"),
  };
}

/**
 * The master key: DATA_ENCRYPTION_KEY when set, else a key generated once into
 * DATA_DIR/secrets (mode 0600) so a single embedded install keeps working across restarts.
 */
export async function loadMasterKey(configured: Buffer | null, dataDir: string): Promise<Buffer> {
  if (configured) return configured;
  const file = path.join(dataDir, "secrets", "data-encryption.key");
  try {
    const stored = Buffer.from((await readFile(file, "utf8")).trim(), "hex");
    if (stored.length === KEY_BYTES) return stored;
    throw new Error(`${file} does not hold a 32-byte hex key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  // "wx": two processes starting at once must not each write a different key.
  try {
    await writeFile(file, `${key.toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadMasterKey(null, dataDir);
    throw error;
  }
  await chmod(file, 0o600);
  return key;
}

/** AES-256-GCM with a fresh IV per value: `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptText(keys: InvitationKeys, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.encryption, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, iv, tag, body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** Reverses `encryptText`; a tampered or foreign value throws instead of returning garbage. */
export function decryptText(keys: InvitationKeys, sealed: string): string {
  const [format, iv, tag, body] = sealed.split(".");
  if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error("not an encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", keys.encryption, Buffer.from(iv, "base64url"), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** Lower-cased, trimmed: the form in which two spellings of one address compare equal. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A keyed hash of an address, per agency: lets "at most one invitation per N days" and
 * opt-outs work without keeping the address, and cannot be reversed by hashing guesses
 * without the server's key.
 */
export function emailKey(keys: InvitationKeys, agencyId: string, email: string): string {
  return createHmac("sha256", keys.emailHash)
    .update(`${agencyId}\n${normalizeEmail(email)}`)
    .digest("hex");
}

/**
 * The link token of an invitation. It is derived (HMAC under a server key) rather than stored,
 * so reminders can carry the same link while the database holds only the token's SHA-256.
 */
export function invitationToken(keys: InvitationKeys, invitationId: string): string {
  return createHmac("sha256", keys.token).update(`invitation\n${invitationId}`).digest("base64url");
}

/** SHA-256 of a link token: the only form in which a token is stored or compared. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** E.164 without separators, so a number written "+1 512-210-2000" keys like "+15122102000". */
function compactPhone(phone: string): string {
  return phone.replace(/[\s().-]/g, "");
}

/**
 * The keyed hash of a number per agency, in the same field as an address's: opt-outs and
 * "once per N days" work alike for both. The prefix keeps a number from ever equalling an address.
 */
export function phoneKey(keys: InvitationKeys, agencyId: string, phone: string): string {
  return createHmac("sha256", keys.emailHash)
    .update(`${agencyId}\nsms:${compactPhone(phone)}`)
    .digest("hex");
}

/**
 * The keyed hash of a number for every agency at once: what a phone network says of it (it
 * cannot receive texts) and who texted it hold whatever the agency.
 */
export function numberKey(keys: InvitationKeys, phone: string): string {
  return createHmac("sha256", keys.emailHash)
    .update(`number\n${compactPhone(phone)}`)
    .digest("hex");
}
