import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MongoServerError } from "mongodb";
import { isDatabaseUnavailable } from "@server/platform/database.js";

/** The error the embedded engine answered a write with in the 1M dashboard benchmark. */
const busyMessage =
  "[msg_update.go:133 handler.(*Handler).updateDocument] [collection.go:177 sqlite.(*collection).UpdateAll.func1] database is locked (5) (SQLITE_BUSY)";

describe("isDatabaseUnavailable", () => {
  it("when the embedded engine answers SQLITE_BUSY, then it is 'not now' (503 and a retry), not a 500", () => {
    const busy = new MongoServerError({ ok: 0, errmsg: busyMessage, code: 1, codeName: "InternalError" });
    assert.equal(isDatabaseUnavailable(busy), true);
  });

  it("when another InternalError comes back, then it is a real failure", () => {
    const other = new MongoServerError({
      ok: 0,
      errmsg: "[msg_find.go:90] unexpected value",
      code: 1,
      codeName: "InternalError",
    });
    assert.equal(isDatabaseUnavailable(other), false);
  });

  it("when a bulk insert reports busy for some documents and duplicates for others, then it is 'not now'; a validation error among them makes it a failure", () => {
    const bulk = (writeErrors: Array<{ code: number; errmsg: string }>) => ({
      name: "MongoBulkWriteError",
      code: writeErrors[0]!.code,
      message: writeErrors[0]!.errmsg,
      writeErrors,
    });
    const busy = { code: 1, errmsg: busyMessage };
    const duplicate = { code: 11000, errmsg: "E11000 duplicate key error" };
    assert.equal(isDatabaseUnavailable(bulk([busy, duplicate])), true);
    assert.equal(isDatabaseUnavailable(bulk([duplicate])), false);
    assert.equal(
      isDatabaseUnavailable(bulk([busy, { code: 121, errmsg: "Document failed validation" }])),
      false,
    );
  });
});
