import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { decryptText, encryptText } from "@server/invitations/crypto.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { clock } from "@server/platform/clock.js";
import { SigningKeyModel } from "./benchmark.model.js";

/**
 * Ed25519 signatures over benchmark files. What is signed is the file without its `signature`
 * field, written as canonical JSON: object keys sorted by UTF-16 code unit at every level, no
 * whitespace, numbers and strings as JSON.stringify writes them. Anyone can re-create those
 * bytes from the file, in any language, and check the signature with the key the file carries.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A public key from its raw 32 bytes in base64url, or null when they are not an Ed25519 key. */
export function publicKeyFrom(raw: string): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw }, format: "jwk" });
  } catch {
    return null;
  }
}

/** Whether `signature` (base64url) is the key's Ed25519 signature of the unsigned document. */
export function verifySigned(unsigned: unknown, publicKey: string, signature: string): boolean {
  const key = publicKeyFrom(publicKey);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(canonicalJson(unsigned)), key, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

const sealingKeys = () => {
  const keys = invitationSettings().keys;
  return { ...keys, encryption: keys.benchmarkSigningKey };
};

/**
 * The agency's signing key pair: made on first use and stored with the private key sealed
 * under the data encryption key, so a copy of the database alone cannot sign as the agency.
 * Two first exports at once both end with the pair that was stored first.
 */
async function signingKeyOf(agencyId: string): Promise<{ publicKey: string; privateKey: KeyObject }> {
  const stored = await SigningKeyModel.findById(agencyId).lean();
  if (stored) {
    const der = Buffer.from(decryptText(sealingKeys(), stored.sealedPrivateKey), "base64");
    return {
      publicKey: stored.publicKey,
      privateKey: createPrivateKey({ key: der, format: "der", type: "pkcs8" }),
    };
  }
  const pair = generateKeyPairSync("ed25519");
  const publicKey = pair.publicKey.export({ format: "jwk" }).x!;
  const der = pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  try {
    await SigningKeyModel.create({
      _id: agencyId,
      publicKey,
      sealedPrivateKey: encryptText(sealingKeys(), der),
      createdAt: clock.now(),
    });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return signingKeyOf(agencyId);
    throw error;
  }
  return { publicKey, privateKey: pair.privateKey };
}

/** The document with the agency's public key and its signature over everything else. */
export async function signAsAgency<T extends object>(
  agencyId: string,
  document: T,
): Promise<T & { publicKey: string; signature: string }> {
  const { publicKey, privateKey } = await signingKeyOf(agencyId);
  const unsigned = { ...document, publicKey };
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey).toString("base64url");
  return { ...unsigned, signature };
}
