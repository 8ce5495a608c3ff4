import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  badgeSegment,
  officerSegment,
  parseUnitViewSegment,
  unitSegment,
  unitViewWrites,
  UNIT_VIEWS_ALL,
} from "@server/analytics/unit-rollups.js";

describe("unit views' rollups", () => {
  it("when a unit or badge holds '/', '|' or a space (stored before intake normalised them), then its segment parses back to it", () => {
    for (const [unit, officer] of [
      ["B/4471", "12|3"],
      ["2 B", "A-1"],
      ["%41", "x/y/z"],
    ] as const) {
      assert.deepEqual(parseUnitViewSegment(officerSegment(unit, officer)), {
        kind: "officer",
        unit,
        officer,
      });
      assert.deepEqual(parseUnitViewSegment(unitSegment(unit)), { kind: "unit", unit });
      assert.deepEqual(parseUnitViewSegment(badgeSegment(officer)), { kind: "badge", officer });
    }
    assert.equal(unitSegment("4A"), "unit:4A", "usual codes read as they are");
    assert.equal(parseUnitViewSegment("district:D1"), null);
    assert.equal(parseUnitViewSegment("all"), null);
  });

  it("when a response names an officer but no unit, then it counts in the survey and the badge only", () => {
    const writes = unitViewWrites({ unit: null, officer: "B2", scores: {} });
    assert.deepEqual(
      writes.map((w) => [w.period, w.segment]),
      [
        ["all", UNIT_VIEWS_ALL],
        ["all", "badge:B2"],
      ],
    );
    assert.deepEqual(
      unitViewWrites({ unit: "A", officer: "A1", scores: {} }).map((w) => w.segment),
      [UNIT_VIEWS_ALL, "unit:A", "officer:A/A1", "badge:A1"],
    );
  });

  it("when fractional scores are summed in any order, then the moments are exact and within 2⁻²⁴ of the raw scores", () => {
    const scores = Array.from({ length: 5000 }, (_, i) => (i * 100) / 7 / 100 + ((i % 6) * 100) / 3);
    const incs = scores.map((score) => unitViewWrites({ scores: { trust: score } })[0]!.inc);
    const sum = (list: typeof incs, field: string) => list.reduce((total, inc) => total + inc[field]!, 0);
    const reversed = [...incs].reverse();
    assert.equal(sum(incs, "x.trust.s"), sum(reversed, "x.trust.s"));
    assert.equal(sum(incs, "x.trust.q"), sum(reversed, "x.trust.q"));
    assert.equal(sum(incs, "x.trust.n"), 5000);
    const raw = scores.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum(incs, "x.trust.s") - raw) < 5000 * 2 ** -24, "the mean moves by under 2⁻²⁴");
  });
});
