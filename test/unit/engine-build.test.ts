import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import {
  ENGINE_PATCHES,
  engineBinaryPath,
  engineBuildKey,
  FERRETDB_VERSION,
} from "@server/platform/embedded-engine.js";
import { ROOT } from "../helpers/process.js";

/** The built engine's cache directory: a binary is reused only for the same version and patches. */
describe("the embedded engine's build key", () => {
  it("when the engine is built, then its cache directory is named by the version and a hash of the patches' contents, so a changed patch is built anew", async () => {
    const hash = createHash("sha256");
    for (const name of ENGINE_PATCHES) {
      hash.update(`${name}\n`);
      hash.update(await readFile(path.join(ROOT, "server", "platform", "ferretdb-patches", name)));
    }
    const key = engineBuildKey();
    assert.equal(key, `ferretdb-${FERRETDB_VERSION}-${hash.digest("hex").slice(0, 12)}`);
    assert.equal(engineBinaryPath("/cache", null), path.join("/cache", key, "ferretdb"));
  });

  it("when the released engine is asked for, then it never shares a directory with ours or with builds before the patches", () => {
    const released = engineBinaryPath("/cache", null, []);
    assert.equal(released, path.join("/cache", `ferretdb-${FERRETDB_VERSION}-released`, "ferretdb"));
    assert.notEqual(released, engineBinaryPath("/cache", null));
    // Builds before the patches lived in ferretdb-<version>/, unpatched.
    assert.notEqual(engineBuildKey(), `ferretdb-${FERRETDB_VERSION}`);
  });

  it("when a benchmark's baseline carries only some of our patches, then it is built in a directory of its own", () => {
    assert.ok(ENGINE_PATCHES.length >= 2, "the benchmark's --baseline needs at least two patches to compare");
    const baseline = engineBinaryPath("/cache", null, ENGINE_PATCHES.slice(0, 1));
    assert.notEqual(baseline, engineBinaryPath("/cache", null));
    assert.notEqual(baseline, engineBinaryPath("/cache", null, []));
    assert.match(baseline, new RegExp(`/ferretdb-${FERRETDB_VERSION}-[0-9a-f]{12}/ferretdb$`));
  });

  it("when FERRETDB_BIN is set, then that binary is used as it is", () => {
    assert.equal(engineBinaryPath("/cache", "/opt/ferretdb"), "/opt/ferretdb");
  });
});
