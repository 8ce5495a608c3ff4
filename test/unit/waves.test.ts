import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { twoProportionZTest, welchTTest } from "@shared/waves.js";

const close = (actual: number | null | undefined, expected: number, tolerance: number, what: string): void =>
  assert.ok(
    typeof actual === "number" && Math.abs(actual - expected) <= tolerance,
    `${what}: ${String(actual)} is not within ${tolerance} of ${expected}`,
  );

describe("twoProportionZTest", () => {
  it("when agreement moves from 45/100 to 60/100, then z = 2.124, p = 0.0337, significant", () => {
    // p̂ = 105/200 = 0.525; SE = √(0.525 × 0.475 × (1/100 + 1/100)) = √0.0049875 = 0.070622
    // z = 0.15 / 0.070622 = 2.1240; two-sided p = 2(1 − Φ(2.124)) = 0.0337.
    const result = twoProportionZTest(45, 100, 60, 100)!;
    assert.equal(result.test, "two_proportion_z");
    assert.equal(result.testName, "two-proportion z-test");
    close(result.change, 0.15, 1e-12, "change");
    close(result.statistic, 2.124, 5e-4, "z");
    close(result.p, 0.0337, 1e-4, "p");
    assert.equal(result.significant, true);
  });

  it("when agreement moves from 120/200 to 150/220, then z = 1.748, p = 0.0805, not significant", () => {
    // p̂ = 270/420 = 0.642857; SE = √(0.642857 × 0.357143 × (1/200 + 1/220)) = 0.046814
    // z = (0.681818 − 0.6)/0.046814 = 1.7477; p = 0.0805.
    const result = twoProportionZTest(120, 200, 150, 220)!;
    close(result.statistic, 1.7477, 5e-4, "z");
    close(result.p, 0.0805, 1e-4, "p");
    assert.equal(result.significant, false);
  });

  it("when either wave is empty, then there is no test; when nothing varies, p is 1", () => {
    assert.equal(twoProportionZTest(0, 0, 5, 10), null);
    const flat = twoProportionZTest(10, 10, 20, 20)!;
    assert.equal(flat.p, 1);
    assert.equal(flat.significant, false);
  });
});

describe("welchTTest", () => {
  it("when means are 3.0 (s² 1, n 10) and 3.6 (s² 0.8, n 20), then t = 1.604 on 16.40 df, p ≈ 0.128", () => {
    // a: Σx = 30, Σx² = 1·9 + 30²/10 = 99. b: Σx = 72, Σx² = 0.8·19 + 72²/20 = 274.4.
    // SE² = 1/10 + 0.8/20 = 0.14; t = 0.6/√0.14 = 1.6036.
    // df = 0.14² / ((0.1)²/9 + (0.04)²/19) = 0.0196 / 0.00119532 = 16.397.
    // t table, df 16: 1.337 (p 0.20) < 1.6036 < 1.746 (p 0.10), so 0.10 < p < 0.20.
    const result = welchTTest({ n: 10, sum: 30, sumSq: 99 }, { n: 20, sum: 72, sumSq: 274.4 })!;
    assert.equal(result.test, "welch_t");
    assert.equal(result.testName, "Welch's t-test");
    close(result.change, 0.6, 1e-12, "change");
    close(result.statistic, 1.6036, 1e-4, "t");
    close(result.df, 16.397, 1e-3, "df");
    assert.ok(result.p > 0.1 && result.p < 0.2, `p ${result.p}`);
    close(result.p, 0.1279, 5e-4, "p");
    assert.equal(result.significant, false);
  });

  it("when the samples are large and far apart, then the change is significant", () => {
    // Same spreads, n 400 each: SE² = 1/400 + 0.8/400 = 0.0045, t = 0.6/0.06708 = 8.94.
    const result = welchTTest(
      { n: 400, sum: 1200, sumSq: 399 + 1200 ** 2 / 400 },
      { n: 400, sum: 1440, sumSq: 0.8 * 399 + 1440 ** 2 / 400 },
    )!;
    close(result.statistic, 8.944, 1e-3, "t");
    assert.ok(result.p < 1e-6);
    assert.equal(result.significant, true);
  });

  it("when a wave has fewer than two answers, then there is no test", () => {
    assert.equal(welchTTest({ n: 1, sum: 3, sumSq: 9 }, { n: 10, sum: 30, sumSq: 99 }), null);
  });
});
