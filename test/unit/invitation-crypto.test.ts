import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import {
  decryptText,
  deriveKeys,
  emailKey,
  encryptText,
  hashToken,
  invitationToken,
  loadMasterKey,
} from "@server/invitations/crypto.js";

const keys = deriveKeys(randomBytes(32));

describe("contact encryption and keyed hashes", () => {
  it("encrypts an address with AES-256-GCM so the ciphertext differs each time and decrypts back", () => {
    const a = encryptText(keys, "resident@example.net");
    const b = encryptText(keys, "resident@example.net");
    assert.notEqual(a, b);
    assert.doesNotMatch(a, /resident/);
    assert.equal(decryptText(keys, a), "resident@example.net");
  });

  it("when a ciphertext is altered or read with another key, then decryption fails instead of returning garbage", () => {
    const sealed = encryptText(keys, "resident@example.net");
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    assert.throws(() => decryptText(keys, parts.join(".")));
    assert.throws(() => decryptText(deriveKeys(randomBytes(32)), sealed));
    assert.throws(() => decryptText(keys, "not-sealed"));
  });

  it("hashes an address per agency, the same for any spelling of it, and differently under another key", () => {
    assert.equal(
      emailKey(keys, "agency1", " Resident@Example.NET "),
      emailKey(keys, "agency1", "resident@example.net"),
    );
    assert.notEqual(
      emailKey(keys, "agency1", "resident@example.net"),
      emailKey(keys, "agency2", "resident@example.net"),
    );
    assert.notEqual(
      emailKey(keys, "agency1", "resident@example.net"),
      emailKey(deriveKeys(randomBytes(32)), "agency1", "resident@example.net"),
    );
  });

  it("derives a URL-safe token per invitation that only the key can rebuild, and stores only its SHA-256", () => {
    const token = invitationToken(keys, "6b061a94e102ddf4cb6f0b4c");
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(invitationToken(keys, "6b061a94e102ddf4cb6f0b4c"), token);
    assert.notEqual(invitationToken(keys, "6b061a94e102ddf4cb6f0b4d"), token);
    assert.notEqual(invitationToken(deriveKeys(randomBytes(32)), "6b061a94e102ddf4cb6f0b4c"), token);
    assert.match(hashToken(token), /^[0-9a-f]{64}$/);
  });

  it("uses purpose-separated keys", () => {
    assert.notDeepEqual(keys.encryption, keys.emailHash);
    assert.notDeepEqual(keys.emailHash, keys.token);
  });

  it("without DATA_ENCRYPTION_KEY, generates one key file (mode 0600) and reads the same key on the next start", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cp-key-"));
    try {
      const first = await loadMasterKey(null, dir);
      const second = await loadMasterKey(null, dir);
      assert.deepEqual(first, second);
      const file = path.join(dir, "secrets", "data-encryption.key");
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await readFile(file, "utf8")).trim(), first.toString("hex"));
      const configured = randomBytes(32);
      assert.deepEqual(await loadMasterKey(configured, dir), configured);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
