import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MongoServerError } from "mongodb";
import { isDatabaseUnavailable } from "@server/platform/database.js";

/** The error the embedded engine answered a write with in the 1M dashboard benchmark. */
const busyMessage =
  "[msg_update.go:133 handler.(*Handler).updateDocument] [collection.go:177 sqlite.(*collection).UpdateAll.func1] database is locked (5) (SQLITE_BUSY)";

/**
 * What an insert answered while the engine was being stopped in test/process/faults.test.ts
 * (the app logged it with a 500): the engine cancels the commands it is running.
 */
const canceledMessage =
  "[msg_insert.go:168 handler.(*Handler).MsgInsert] [db.go:134 fsql.(*DB).InTransaction] context canceled";

describe("isDatabaseUnavailable", () => {
  it("when the embedded engine answers SQLITE_BUSY, then it is 'not now' (503 and a retry), not a 500", () => {
    const busy = new MongoServerError({ ok: 0, errmsg: busyMessage, code: 1, codeName: "InternalError" });
    assert.equal(isDatabaseUnavailable(busy), true);
  });

  it("when the stopping engine cancels an insertMany as a whole, then it is 'not now' (503 and a retry), not a 500", () => {
    // The driver's MongoBulkWriteError as logged: the command's error, no per-document errors.
    const canceled = {
      name: "MongoBulkWriteError",
      message: canceledMessage,
      code: 1,
      codeName: "InternalError",
      errorResponse: { ok: 0, errmsg: canceledMessage, code: 1, codeName: "InternalError" },
      writeErrors: [],
    };
    assert.equal(isDatabaseUnavailable(canceled), true);
    // A whole-command InternalError of another kind stays a failure.
    assert.equal(
      isDatabaseUnavailable({ ...canceled, message: "[msg_insert.go:168] unexpected value" }),
      false,
    );
  });

  it("when the stopping engine cancels a single command, then it is 'not now' too", () => {
    const canceled = new MongoServerError({
      ok: 0,
      errmsg: canceledMessage,
      code: 1,
      codeName: "InternalError",
    });
    assert.equal(isDatabaseUnavailable(canceled), true);
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
