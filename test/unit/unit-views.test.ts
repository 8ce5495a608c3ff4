import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shrinkGroupMeans } from "@shared/shrinkage.js";
import {
  auditUnitObservation,
  officerCell,
  protectUnitTable,
  type UnitTable,
} from "@server/disclosure/unit-views.js";

const moments = (values: number[]) => ({
  n: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumSq: values.reduce((a, b) => a + b * b, 0),
});
const repeat = (value: number, times: number) => Array.from({ length: times }, () => value);

describe("empirical Bayes estimates of unit means", () => {
  it("when two groups differ by much more than their noise, then each keeps most of its own mean", () => {
    const a = [...repeat(100, 5), ...repeat(50, 5)];
    const b = [...repeat(50, 5), ...repeat(0, 5)];
    const fit = shrinkGroupMeans(
      new Map([
        ["A", moments(a)],
        ["B", moments(b)],
      ]),
      moments([...a, ...b]),
    )!;
    // σ² = 12500 / 18; τ² = 1250 − σ²/10; B = (σ²/10) / 1250.
    const shrink = 12500 / 18 / 10 / 1250;
    assert.equal(fit.estimates.get("A")!.estimate, Math.round((50 * shrink + 75 * (1 - shrink)) * 10) / 10);
    assert.equal(fit.estimates.get("A")!.ownWeight, Math.round((1 - shrink) * 1000) / 1000);
  });

  it("when the group means differ by less than their noise, then every estimate is the agency mean", () => {
    const a = [...repeat(100, 5), ...repeat(0, 5)];
    const b = [...repeat(90, 5), ...repeat(0, 5)];
    const fit = shrinkGroupMeans(
      new Map([
        ["A", moments(a)],
        ["B", moments(b)],
      ]),
      moments([...a, ...b]),
    )!;
    assert.equal(fit.betweenVariance, 0);
    assert.equal(fit.estimates.get("A")!.estimate, 47.5);
    assert.equal(fit.estimates.get("B")!.estimate, 47.5);
    assert.equal(fit.estimates.get("A")!.ownWeight, 0);
  });
});

describe("disclosure control of unit views", () => {
  const table = (units: Array<[string, number, Array<[string, number]>]>, total: number): UnitTable => ({
    total,
    units: new Map(units.map(([u, n, officers]) => [u, { n, officers: new Map(officers) }])),
  });

  it("when a small unit is the only one hidden and every response has a unit, then one more unit is hidden so it cannot be worked out from the total", async () => {
    const t = table(
      [
        ["A", 10, []],
        ["B", 12, []],
        ["D", 9, []],
      ],
      31,
    );
    const release = await protectUnitTable(t, 10);
    assert.deepEqual([...release.hiddenUnits].sort(), ["A", "D"]);
    const naive = await auditUnitObservation(
      t,
      {
        units: new Map([
          ["A", 10],
          ["B", 12],
          ["D", null],
        ]),
        officers: new Map(),
        estimatesOverHidden: [],
      },
      10,
    );
    assert.deepEqual(
      naive.exposed.map((e) => [e.cell, e.value]).sort(),
      [
        ["officer:D/", 9],
        ["unit:D", 9],
      ],
      "the auditor catches the release that hides D alone",
    );
  });

  it("when one officer of a unit is small, then a second officer is hidden beside them, and a hidden unit hides its officers", async () => {
    const t = table(
      [
        [
          "A",
          30,
          [
            ["A1", 3],
            ["A2", 12],
            ["A3", 15],
          ],
        ],
        ["B", 4, [["B1", 4]]],
      ],
      40,
    );
    const release = await protectUnitTable(t, 10);
    assert.deepEqual([...release.hiddenOfficers].sort(), [
      officerCell("A", "A1"),
      officerCell("A", "A2"),
      officerCell("B", "B1"),
    ]);
    assert.ok(release.hiddenUnits.has("B"));
    const shown = await auditUnitObservation(
      t,
      {
        units: new Map([
          ["A", 30],
          ["B", null],
        ]),
        officers: new Map([
          [officerCell("A", "A1"), null],
          [officerCell("A", "A2"), null],
          [officerCell("A", "A3"), 15],
          [officerCell("B", "B1"), null],
        ]),
        estimatesOverHidden: [],
      },
      10,
    );
    assert.deepEqual(shown.exposed, []);
    assert.deepEqual(shown.violations, []);
  });

  it("when a small survey has no units, then the unit views are not blamed for the total the survey itself shows", async () => {
    const t = table([], 3);
    const report = await auditUnitObservation(
      t,
      { units: new Map(), officers: new Map(), estimatesOverHidden: [] },
      10,
    );
    assert.deepEqual(report.exposed, []);
  });
});
