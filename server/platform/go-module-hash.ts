import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * The `h1:` hash go.sum records for a module (Go's `dirhash.Hash1`), computed over a directory
 * holding the module's files: SHA-256 over one line `<sha256 hex>  <module>@<version>/<path>`
 * per file, sorted by path. Checking the files we build against a hash kept in the repo does
 * not depend on the module cache or the checksum database being trustworthy.
 */
export async function goModuleHash(dir: string, moduleAtVersion: string): Promise<string> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile())
    .map((entry) => `${moduleAtVersion}/${path.relative(dir, path.join(entry.parentPath, entry.name))}`)
    .map((name) => name.split(path.sep).join("/"))
    // Go sorts by bytes; module paths are ASCII, where that equals JavaScript's default order.
    .sort();
  const summary = createHash("sha256");
  for (const name of names) {
    const file = path.join(dir, name.slice(moduleAtVersion.length + 1));
    const digest = createHash("sha256")
      .update(await fs.readFile(file))
      .digest("hex");
    summary.update(`${digest}  ${name}\n`);
  }
  return `h1:${summary.digest("base64")}`;
}
