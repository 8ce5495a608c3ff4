import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  axisEnd,
  barChartHeight,
  divergingDatasets,
  divergingExtent,
  labelCharacters,
  wrapLabel,
} from "@client/src/dashboard/chart-data.js";

const shares = (values: Array<number | null>) => ({
  label: "item",
  percents: Object.fromEntries(values.map((v, i) => [String(i + 1), v])),
});

describe("the diverging stacks of agreement answers (divergingDatasets)", () => {
  it("puts disagreeing answers left of zero, agreeing ones right, and splits the neutral one across it", () => {
    const sets = divergingDatasets([shares([10, 20, 30, 25, 15])]);
    const byLabel = (label: string) => sets.filter((d) => d.label === label).map((d) => d.data[0]);
    assert.deepEqual(byLabel("Strongly disagree"), [-10]);
    assert.deepEqual(byLabel("Disagree"), [-20]);
    assert.deepEqual(byLabel("Neither agree nor disagree"), [-15, 15]);
    assert.deepEqual(byLabel("Agree"), [25]);
    assert.deepEqual(byLabel("Strongly agree"), [15]);
  });

  it("stacks outward from zero: on each side the answer nearest the middle comes first", () => {
    const order = divergingDatasets([shares([1, 1, 1, 1, 1])]).map((d) => d.value);
    assert.deepEqual(order, ["3", "2", "1", "3", "4", "5"]);
  });

  it("lists each answer once in the legend, left to right on the scale", () => {
    const legend = divergingDatasets([shares([1, 1, 1, 1, 1])])
      .filter((d) => d.inLegend)
      .sort((a, b) => a.rank - b.rank)
      .map((d) => d.label);
    assert.deepEqual(legend, [
      "Strongly disagree",
      "Disagree",
      "Neither agree nor disagree",
      "Agree",
      "Strongly agree",
    ]);
  });

  it("keeps a hidden share null, drawing nothing and estimating nothing in its place", () => {
    const sets = divergingDatasets([shares([null, 20, null, 25, 15])]);
    for (const d of sets.filter((s) => s.value === "1" || s.value === "3")) {
      assert.equal(d.data[0], null);
      assert.equal(d.shares[0], null);
    }
    assert.equal(sets.find((d) => d.value === "2")!.data[0], -20);
  });

  it("writes the whole neutral share once, centred on zero", () => {
    const neutral = divergingDatasets([shares([10, 20, 30, 25, 15])]).filter((d) => d.value === "3");
    assert.deepEqual(
      neutral.map((d) => [d.anchor, d.shares[0]]),
      [
        ["none", 30],
        ["zero", 30],
      ],
    );
  });

  it("gives one value per row, in row order", () => {
    const sets = divergingDatasets([shares([10, 0, 0, 0, 90]), shares([0, 0, 0, 50, 50])]);
    assert.deepEqual(sets.find((d) => d.value === "5")!.data, [90, 50]);
    assert.deepEqual(sets.find((d) => d.value === "1")!.data, [-10, -0]);
  });
});

describe("the axis of a diverging chart (divergingExtent)", () => {
  it("is symmetric around zero and reaches past the longer side of any row, half the neutral included", () => {
    // Left: 10 + 20 + 15 = 45; right: 15 + 25 + 15 = 55.
    assert.equal(divergingExtent(divergingDatasets([shares([10, 20, 30, 25, 15])])), 60);
    assert.equal(divergingExtent(divergingDatasets([shares([0, 0, 0, 0, 100])])), 100);
    assert.equal(divergingExtent(divergingDatasets([shares([null, null, null, null, null])])), 10);
  });
});

describe("the end of a bar chart's value axis (axisEnd)", () => {
  it("passes the longest bar and the highest interval, rounded up, within its cap", () => {
    assert.equal(axisEnd([12, 41], undefined, 100), 50);
    assert.equal(axisEnd([12, 41], [null, [35, 52]], 100), 60);
    assert.equal(axisEnd([3, 7], undefined, 100), 10);
    assert.equal(axisEnd([98], [[95, 99.5]], 100), 100);
    assert.equal(axisEnd([null, null], undefined), 5);
    assert.equal(axisEnd([1234], undefined), 1240);
  });
});

describe("category labels (wrapLabel, labelCharacters, barChartHeight)", () => {
  it("breaks a label at spaces into lines of at most the width, losing no word", () => {
    const text = "Native Hawaiian or Pacific Islander";
    const lines = wrapLabel(text, 16);
    assert.deepEqual(lines, ["Native Hawaiian", "or Pacific", "Islander"]);
    assert.equal(lines.join(" "), text);
    assert.deepEqual(wrapLabel("Antidisestablishmentarianism", 10), ["Antidisestablishmentarianism"]);
    assert.deepEqual(wrapLabel("", 10), [""]);
  });

  it("fits fewer characters on a narrow chart, within bounds", () => {
    assert.equal(labelCharacters(300), 18);
    assert.equal(labelCharacters(100), 12);
    assert.equal(labelCharacters(2000), 32);
  });

  it("makes every row as tall as the tallest label, and leaves room for a legend", () => {
    assert.equal(barChartHeight([["a"], ["b", "c", "d"]], false), 2 * 57 + 48);
    assert.equal(barChartHeight([["a"]], true) - barChartHeight([["a"]], false), 72);
  });
});
