import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { mutatedBody, mutatedQuery, type Json } from "./mutations.js";
import { CI_SEED } from "./settings.js";

const base: Json = {
  name: "A",
  count: 3,
  flag: true,
  nested: { list: ["x", "y"], when: null },
  rows: [{ email: "a@example.org" }],
};

describe("fuzz generators", () => {
  it("every mutated body differs from the valid one, and operator, dotted or prototype keys are always must-refuse", () => {
    const text = JSON.stringify(base);
    fc.assert(
      fc.property(mutatedBody(base, { nullable: ["nested.when"], lenient: ["rows.*"] }), (m) => {
        const sent = JSON.stringify(m.value);
        assert.notEqual(sent, text, `${m.kind} at ${m.where} changed nothing`);
        if (m.kind === "unsafeKey") {
          assert.equal(m.mustRefuse, true);
          assert.match(sent, /"(\$[a-z]+|[^"]*\.[^"]*|__proto__|constructor|prototype)":/, sent);
        }
        if (m.where.startsWith("rows.") && m.kind !== "unsafeKey") assert.equal(m.mustRefuse, false, m.where);
        if (m.kind === "oddString" || m.kind === "dropKey") assert.equal(m.mustRefuse, false);
      }),
      { seed: CI_SEED, numRuns: 500 },
    );
  });

  it("a `__proto__` key is really sent, not swallowed by the object it is added to", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(mutatedBody({ a: 1 }), (m) => {
        if (m.kind === "unsafeKey") seen.add(JSON.stringify(m.value));
      }),
      { seed: CI_SEED, numRuns: 2000 },
    );
    assert.ok(
      [...seen].some((s) => s.includes('"__proto__":')),
      [...seen].join("\n"),
    );
  });

  it("unknown, bracketed, repeated and over-long query keys are must-refuse", () => {
    fc.assert(
      fc.property(mutatedQuery({ lang: "en" }, ["lang"]), (m) => {
        const strict = ["unknownKey", "operatorKey", "repeatKey", "longValue"].includes(m.kind);
        assert.equal(m.mustRefuse, strict, m.kind);
      }),
      { seed: CI_SEED, numRuns: 200 },
    );
  });
});
