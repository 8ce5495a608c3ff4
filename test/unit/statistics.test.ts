import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addMoments,
  meanWithInterval,
  normalCdf,
  normalTwoSidedP,
  percent,
  proportionMarginOfError,
  studentTCdf,
  studentTwoSidedP,
  tQuantile,
  tQuantile975,
  weightedMeanInterval,
  wilsonInterval,
} from "@shared/statistics.js";

/** Fails unless `actual` is within `tolerance` of `expected`. */
function assertClose(actual: number | undefined, expected: number, tolerance: number, what: string): void {
  assert.equal(typeof actual, "number", `${what}: expected a number, got ${String(actual)}`);
  assert.ok(
    Math.abs((actual as number) - expected) <= tolerance,
    `${what}: ${String(actual)} is not within ${tolerance} of ${expected}`,
  );
}

describe("tQuantile975", () => {
  it("when df is 1 to 10, then it is the exact quantile to 1e-6 (the old series was 0.1–0.3% low at df 4–6)", () => {
    // t(0.975, df), df = 1..10, to 9 decimals (R: qt(0.975, 1:10); NIST/SEMATECH t table).
    const exact = [
      12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
      2.262157163, 2.228138852,
    ];
    exact.forEach((value, i) => assertClose(tQuantile975(i + 1), value, 1e-6, `df=${i + 1}`));
  });

  it("when df is 10, 30 or 100, then it matches the t table (2.228, 2.042, 1.984) to 2e-3", () => {
    // Student's t table, two-sided 95% (upper 0.975 quantile):
    //   df = 10 → 2.228, df = 30 → 2.042, df = 100 → 1.984
    assertClose(tQuantile975(10), 2.228, 2e-3, "df=10");
    assertClose(tQuantile975(30), 2.042, 2e-3, "df=30");
    assertClose(tQuantile975(100), 1.984, 2e-3, "df=100");
  });

  it("when df is 7, then it matches the t table value 2.365 to 2e-3", () => {
    assertClose(tQuantile975(7), 2.365, 2e-3, "df=7");
  });

  it("when df grows without bound, then it tends to the normal quantile 1.95996", () => {
    assertClose(tQuantile975(1_000_000), 1.959964, 1e-5, "df=1e6");
  });

  it("when df is below 1, then it is NaN", () => {
    assert.ok(Number.isNaN(tQuantile975(0)));
    assert.ok(Number.isNaN(tQuantile975(-3)));
  });
});

describe("meanWithInterval", () => {
  // Data {2, 4, 4, 4, 5, 5, 7, 9}: n = 8, Σx = 40, Σx² = 4+16+16+16+25+25+49+81 = 232.
  // mean = 40/8 = 5; s² = (232 − 40²/8)/7 = 32/7 = 4.5714; s = 2.138.
  // 95% CI = 5 ± t(0.975, 7)·s/√8 = 5 ± 2.365 × 2.138 / 2.8284 = 5 ± 1.788 → [3.212, 6.788].
  const moments = { n: 8, sum: 40, sumSq: 232 };

  it("when given the moments of {2,4,4,4,5,5,7,9}, then the mean is 5 and the CI is 5 ± 1.788", () => {
    const summary = meanWithInterval(moments, 4);
    assert.ok(summary);
    assert.equal(summary.mean, 5);
    assert.ok(summary.ci95);
    const half = (2.365 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    assertClose(summary.ci95[0], 5 - half, 2e-3, "lower");
    assertClose(summary.ci95[1], 5 + half, 2e-3, "upper");
  });

  it("when no digits are given, then the mean and bounds are rounded to 2 decimals", () => {
    assert.deepEqual(meanWithInterval(moments), { mean: 5, ci95: [3.21, 6.79] });
  });

  it("when there are no answers, then there is no summary", () => {
    assert.equal(meanWithInterval({ n: 0, sum: 0, sumSq: 0 }), null);
  });

  it("when there is a single answer, then the mean is that answer and there is no interval", () => {
    assert.deepEqual(meanWithInterval({ n: 1, sum: 3.456, sumSq: 3.456 ** 2 }), { mean: 3.46, ci95: null });
  });

  it("when every answer is the same, then the interval has zero width", () => {
    // {4, 4, 4}: s² = (48 − 144/3)/2 = 0.
    assert.deepEqual(meanWithInterval({ n: 3, sum: 12, sumSq: 48 }), { mean: 4, ci95: [4, 4] });
  });
});

describe("wilsonInterval", () => {
  it("when 8 of 10 agree, then the 95% Wilson interval is [0.4902, 0.9433]", () => {
    // p = 0.8, z = 1.95996, z² = 3.84146
    // centre = (p + z²/2n) / (1 + z²/n) = (0.8 + 0.19207) / 1.38415 = 0.71674
    // half   = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n) = 1.95996 × √(0.016 + 0.0096037) / 1.38415 = 0.22658
    // → [0.4902, 0.9433]
    const interval = wilsonInterval(8, 10);
    assert.ok(interval);
    assertClose(interval[0], 0.4902, 1e-4, "lower");
    assertClose(interval[1], 0.9433, 1e-4, "upper");
  });

  it("when none of 10 agree, then the interval is [0, z²/(n+z²)] = [0, 0.2775]", () => {
    // With k = 0 the lower bound is exactly 0 and the upper is z²/(n + z²) = 3.84146 / 13.84146.
    const interval = wilsonInterval(0, 10);
    assert.ok(interval);
    assert.equal(interval[0], 0);
    assertClose(interval[1], 0.2775, 1e-4, "upper");
  });

  it("when k and n − k swap, then the interval mirrors around one half", () => {
    const high = wilsonInterval(8, 10);
    const low = wilsonInterval(2, 10);
    assert.ok(high && low);
    assertClose(low[0], 1 - high[1], 1e-12, "lower mirrors upper");
    assertClose(low[1], 1 - high[0], 1e-12, "upper mirrors lower");
  });

  it("when n is 0, then there is no interval", () => {
    assert.equal(wilsonInterval(0, 0), null);
  });
});

describe("percent", () => {
  it("when given 1 of 3 and 2 of 3, then it rounds to one decimal: 33.3 and 66.7", () => {
    assert.equal(percent(1, 3), 33.3);
    assert.equal(percent(2, 3), 66.7);
  });

  it("when digits are given, then it rounds to that many decimals", () => {
    assert.equal(percent(1, 8, 2), 12.5);
    assert.equal(percent(2, 3, 0), 67);
  });

  it("when n is 0, then it is 0 rather than NaN", () => {
    assert.equal(percent(0, 0), 0);
    assert.equal(percent(5, 0), 0);
  });
});

describe("addMoments", () => {
  it("when two moment sets are added, then n, Σx and Σx² add field by field", () => {
    assert.deepEqual(addMoments({ n: 2, sum: 7, sumSq: 25 }, { n: 3, sum: 9, sumSq: 29 }), {
      n: 5,
      sum: 16,
      sumSq: 54,
    });
  });
});

describe("normal distribution", () => {
  it("when z is 1, then Φ(z) is the table value 0.841345", () => {
    assertClose(normalCdf(1), 0.8413447461, 1e-9, "Φ(1)");
    assertClose(normalCdf(0), 0.5, 1e-15, "Φ(0)");
    assertClose(normalCdf(-1.959963985), 0.025, 1e-9, "Φ(−1.96)");
  });

  it("when |z| is 1.959964 or 2.575829, then the two-sided p is 0.05 or 0.01", () => {
    assertClose(normalTwoSidedP(1.959963985), 0.05, 1e-8, "p(1.96)");
    assertClose(normalTwoSidedP(-2.575829304), 0.01, 1e-8, "p(−2.576)");
  });

  it("when z is far out (8.5), then the two-sided p keeps its digits instead of rounding to 0", () => {
    // 2·(1 − Φ(8.5)) = erfc(8.5/√2) = 1.895907e-17 (python3: math.erfc(8.5 / math.sqrt(2))).
    assertClose(normalTwoSidedP(8.5) / 1.895906964440671e-17, 1, 1e-9, "p(8.5) relative");
  });
});

describe("Student's t distribution", () => {
  it("when df is 1 (Cauchy) or 2, then p matches the closed forms 1 − 2·atan(t)/π and 1 − t/√(2 + t²)", () => {
    assertClose(studentTwoSidedP(1, 1), 0.5, 1e-12, "df=1, t=1");
    assertClose(studentTwoSidedP(3, 1), 1 - (2 * Math.atan(3)) / Math.PI, 1e-12, "df=1, t=3");
    assertClose(studentTwoSidedP(2, 2), 1 - 2 / Math.sqrt(6), 1e-12, "df=2, t=2"); // 0.183503
  });

  it("when t is a printed critical value, then the two-sided p is the table's level", () => {
    // t table: df 10 → 2.228 (0.05), 3.169 (0.01); df 16 → 2.120 (0.05). Printed to 3 decimals.
    assertClose(studentTwoSidedP(2.228, 10), 0.05, 2e-4, "df=10, 5%");
    assertClose(studentTwoSidedP(3.169, 10), 0.01, 2e-4, "df=10, 1%");
    assertClose(studentTwoSidedP(2.12, 16), 0.05, 2e-4, "df=16, 5%");
  });

  it("when the CDF is inverted, then the quantile gives back the probability", () => {
    assertClose(studentTCdf(tQuantile(0.975, 16.4), 16.4), 0.975, 1e-10, "round trip");
    assertClose(tQuantile(0.975, 10), 2.228, 1e-3, "t(0.975, 10)");
  });

  it("when df is fractional and below 3, then tQuantile975 still answers (Welch's df can be)", () => {
    const q = tQuantile975(2.5);
    assert.ok(q > 3.182 && q < 4.303, `t(0.975, 2.5) = ${q} lies between the df 3 and df 2 values`);
  });
});

describe("weightedMeanInterval", () => {
  it("when every weight is 1, then it is the ordinary t-interval (mean 3, s² 1, n 10 → 3 ± 0.715)", () => {
    // n = 10, Σx = 30, Σx² = 99 → s² = (99 − 90)/9 = 1; half = t(0.975, 9)·1/√10 = 2.262 × 0.3162 = 0.715.
    const summary = weightedMeanInterval({ n: 10, sumW: 10, sumWX: 30, sumWX2: 99 }, 10);
    assert.ok(summary?.ci95);
    assert.equal(summary.mean, 3);
    assertClose(summary.marginOfError ?? undefined, 0.72, 0.005, "margin");
    assert.deepEqual(summary.ci95, [2.28, 3.72]);
  });

  it("when the effective sample is smaller, then the interval widens by √(n / n_eff)", () => {
    const full = weightedMeanInterval({ n: 100, sumW: 100, sumWX: 300, sumWX2: 1000 }, 100, 6)!;
    const half = weightedMeanInterval({ n: 100, sumW: 100, sumWX: 300, sumWX2: 1000 }, 50, 6)!;
    const ratio = half.marginOfError! / full.marginOfError!;
    assert.ok(ratio > Math.SQRT2 && ratio < Math.SQRT2 * 1.02, `ratio ${ratio}`);
  });
});

describe("proportionMarginOfError", () => {
  it("when p is 0.5 and n is 1,067, then the margin is the familiar ±3 points", () => {
    // 1.96 × √(0.25 / 1067) = 0.0300
    assertClose(proportionMarginOfError(0.5, 1067) ?? undefined, 0.03, 1e-4, "moe");
  });
});
