import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  fisherExactTest,
  holmAdjust,
  proportionTest,
  twoProportionZTest,
  welchTTest,
} from "@shared/waves.js";

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
  });

  it("when agreement moves from 120/200 to 150/220, then z = 1.748, p = 0.0805, not significant", () => {
    // p̂ = 270/420 = 0.642857; SE = √(0.642857 × 0.357143 × (1/200 + 1/220)) = 0.046814
    // z = (0.681818 − 0.6)/0.046814 = 1.7477; p = 0.0805.
    const result = twoProportionZTest(120, 200, 150, 220)!;
    close(result.statistic, 1.7477, 5e-4, "z");
    close(result.p, 0.0805, 1e-4, "p");
  });

  it("when either wave is empty, then there is no test; when nothing varies, p is 1", () => {
    assert.equal(twoProportionZTest(0, 0, 5, 10), null);
    const flat = twoProportionZTest(10, 10, 20, 20)!;
    assert.equal(flat.p, 1);
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
  });

  it("when the samples are large and far apart, then the change is significant", () => {
    // Same spreads, n 400 each: SE² = 1/400 + 0.8/400 = 0.0045, t = 0.6/0.06708 = 8.94.
    const result = welchTTest(
      { n: 400, sum: 1200, sumSq: 399 + 1200 ** 2 / 400 },
      { n: 400, sum: 1440, sumSq: 0.8 * 399 + 1440 ** 2 / 400 },
    )!;
    close(result.statistic, 8.944, 1e-3, "t");
    assert.ok(result.p < 1e-6);
  });

  it("when a wave has fewer than two answers, then there is no test", () => {
    assert.equal(welchTTest({ n: 1, sum: 3, sumSq: 9 }, { n: 10, sum: 30, sumSq: 99 }), null);
  });
});

describe("fisherExactTest", () => {
  // References: python3 with math.comb, summing the hypergeometric P(x) ≤ P(observed)·(1 + 1e-7).
  it("when 3 of 138 answer yes in wave a and 0 of 181 in wave b, then p = 0.079958 (the z-test said 0.046)", () => {
    const exact = fisherExactTest(3, 138, 0, 181)!;
    assert.equal(exact.test, "fisher_exact");
    assert.equal(exact.testName, "Fisher's exact test");
    assert.equal(exact.statistic, null);
    close(exact.change, -3 / 138, 1e-12, "change");
    close(exact.p, 0.0799579216, 1e-6, "p");
    // The z-test on the same table: z = −1.993022, p = 0.046259, a false "significant".
    const z = twoProportionZTest(3, 138, 0, 181)!;
    close(z.statistic, -1.993022363, 1e-6, "z");
    close(z.p, 0.046258998, 1e-6, "z-test p");
  });

  it("when the tables are 2/10 vs 8/12 and 1/20 vs 6/20, then p = 0.042731 and 0.091476", () => {
    close(fisherExactTest(2, 10, 8, 12)!.p, 0.0427312625, 1e-6, "2/10 vs 8/12");
    close(fisherExactTest(1, 20, 6, 20)!.p, 0.0914760915, 1e-6, "1/20 vs 6/20");
    close(fisherExactTest(6, 20, 1, 20)!.p, 0.0914760915, 1e-6, "swapped waves");
  });

  it("when nothing can vary (no one, or everyone, chose it), then p is 1", () => {
    assert.equal(fisherExactTest(0, 10, 0, 12)!.p, 1);
    assert.equal(fisherExactTest(10, 10, 12, 12)!.p, 1);
  });
});

describe("proportionTest", () => {
  it("when an expected count is under 5, then Fisher's exact test runs; when all are 5 or more, the z-test", () => {
    // Expected yes in wave a: 138 × 3/319 = 1.30 < 5.
    assert.equal(proportionTest(3, 138, 0, 181)!.test, "fisher_exact");
    // 45/100 vs 60/100: smallest expected 100 × 95/200 = 47.5.
    assert.equal(proportionTest(45, 100, 60, 100)!.test, "two_proportion_z");
    // 5/100 vs 5/100: expected 5 in each yes cell, exactly the threshold: z-test.
    assert.equal(proportionTest(5, 100, 5, 100)!.test, "two_proportion_z");
    assert.equal(proportionTest(4, 100, 5, 100)!.test, "fisher_exact");
  });

  it("when effective (weighted) counts are fractional and small, then Fisher runs on them rounded, the change stays exact", () => {
    const result = proportionTest(2.6, 9.8, 8.2, 12.1)!;
    assert.equal(result.test, "fisher_exact");
    close(result.change, 8.2 / 12.1 - 2.6 / 9.8, 1e-12, "change");
    // Fisher on 3/10 vs 8/12: p = 0.198381 (python3, math.comb).
    close(result.p, 0.1983805668, 1e-6, "p of the rounded table");
  });

  it("when an option is chosen by nobody, or by everybody, in both waves, then there is no test to count", () => {
    // Fisher would say p = 1 for 0/40 vs 0/50: a test that cannot reject, which would only
    // raise m in Holm's correction and make every real test stricter.
    assert.equal(proportionTest(0, 40, 0, 50), null);
    assert.equal(proportionTest(40, 40, 50, 50), null);
    assert.notEqual(proportionTest(0, 40, 1, 50), null, "one choice is something to test");
  });
});

describe("holmAdjust", () => {
  it("when five p-values are adjusted, then each is the step-down Holm value, kept monotone and in input order", () => {
    // Sorted 0.005, 0.01, 0.03, 0.04, 0.2 × 5, 4, 3, 2, 1 = 0.025, 0.04, 0.09, 0.08 → 0.09 (monotone), 0.2.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005, 0.2]);
    [0.04, 0.09, 0.09, 0.025, 0.2].forEach((expected, i) => close(adjusted[i], expected, 1e-12, `p${i}`));
  });

  it("when a product passes 1, then it is capped at 1; with no tests there is nothing to adjust", () => {
    assert.deepEqual(holmAdjust([0.6, 0.5]), [1, 1]);
    assert.deepEqual(holmAdjust([]), []);
  });
});
