import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findUnsafeKeys } from "@server/platform/validation.js";

/** `levels` objects nested as {a: {a: … {a: 1}}}. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value;
}

describe("findUnsafeKeys", () => {
  it("when a body holds only plain keys, then nothing is reported", () => {
    const body = {
      submissionId: "8d0f6f0e",
      answers: {
        q_safe: 4,
        q_pj: { listens: 5 },
        q_prio: ["traffic", "youth"],
        q_comment: "$100 stolen. Why?",
      },
    };
    assert.deepEqual(findUnsafeKeys(body), []);
  });

  it("when a key starts with $, then it is reported at its path", () => {
    assert.deepEqual(findUnsafeKeys({ $where: "sleep(1000)" }), [
      { path: "$where", message: 'key "$where" is not allowed' },
    ]);
  });

  it("when an operator hides inside nested answers, then its full dotted path is reported", () => {
    assert.deepEqual(findUnsafeKeys({ answers: { q1: { $gt: "" } } }), [
      { path: "answers.q1.$gt", message: 'key "$gt" is not allowed' },
    ]);
  });

  it("when a key holds a dot, then it is reported", () => {
    assert.deepEqual(findUnsafeKeys({ settings: { "a.b": 1 } }), [
      { path: "settings.a.b", message: 'key "a.b" is not allowed' },
    ]);
  });

  it("when JSON carries __proto__, constructor or prototype keys, then each is reported", () => {
    const body: unknown = JSON.parse(
      '{"__proto__": {"admin": true}, "x": {"constructor": 1, "prototype": 2}}',
    );
    assert.deepEqual(
      findUnsafeKeys(body).map((p) => p.path),
      ["__proto__", "x.constructor", "x.prototype"],
    );
  });

  it("when a key holds a NUL character, then it is reported", () => {
    assert.deepEqual(
      findUnsafeKeys({ "a\0b": 1 }).map((p) => p.path),
      ["a\0b"],
    );
  });

  it("when an unsafe key sits inside an array, then the path carries the index", () => {
    assert.deepEqual(
      findUnsafeKeys({ questions: [{ id: "q_a" }, { $set: { role: "admin" } }] }).map((p) => p.path),
      ["questions[1].$set"],
    );
    assert.deepEqual(
      findUnsafeKeys([{ ok: 1 }, { $inc: 1 }]).map((p) => p.path),
      ["[1].$inc"],
    );
  });

  it("when several unsafe keys are present, then all are reported at once, without descending into them", () => {
    const problems = findUnsafeKeys({ $or: [{ $where: "1" }], filter: { "x.y": 1, $ne: null } });
    assert.deepEqual(
      problems.map((p) => p.path),
      ["$or", "filter.x.y", "filter.$ne"],
    );
  });

  it("when a key is very long, then the message quotes only its first 60 characters", () => {
    const key = `$${"k".repeat(100)}`;
    assert.deepEqual(findUnsafeKeys({ [key]: 1 }), [
      { path: key, message: `key "${key.slice(0, 60)}" is not allowed` },
    ]);
  });

  it("when objects nest 13 deep, then they pass; at 14 deep the innermost is reported as nested too deeply", () => {
    // The outermost object is depth 0; an object at depth 13 (> MAX_DEPTH 12) is refused.
    assert.deepEqual(findUnsafeKeys(nested(13)), []);
    assert.deepEqual(findUnsafeKeys(nested(14)), [
      { path: "a.a.a.a.a.a.a.a.a.a.a.a.a", message: "is nested too deeply" },
    ]);
  });

  it("when the value is not an object, then nothing is reported", () => {
    assert.deepEqual(findUnsafeKeys(null), []);
    assert.deepEqual(findUnsafeKeys("$where"), []);
    assert.deepEqual(findUnsafeKeys(42), []);
    assert.deepEqual(findUnsafeKeys(undefined), []);
  });
});
