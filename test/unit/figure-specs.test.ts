import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SUPPRESSED, type OptionResult } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { agreementSpec, distributionSpec, type AnswerPart } from "@client/src/dashboard/answer-specs.js";
import { hasData } from "@client/src/dashboard/figure-spec.js";
import type { Agency } from "@client/src/types.js";

const LABEL = "fewer than 10";
const agency = { districts: [] } as unknown as Agency;

/** Options with these counts of n, percents one decimal, Wilson-like intervals around them. */
function options(values: Array<string | number>, counts: number[]): OptionResult[] {
  const n = counts.reduce((a, b) => a + b, 0);
  return values.map((value, i) => {
    const percent = n > 0 ? Math.round((1000 * counts[i]!) / n) / 10 : 0;
    return {
      value,
      count: counts[i]!,
      percent,
      ci95: [Math.max(0, percent - 5), Math.min(100, percent + 5)],
    };
  });
}
const hidden = (values: Array<string | number>): OptionResult[] =>
  values.map((value) => ({ value, count: SUPPRESSED, percent: SUPPRESSED, ci95: SUPPRESSED }));
const LIKERT = [1, 2, 3, 4, 5, 0];
const part = (label: string, opts: OptionResult[], n: number | typeof SUPPRESSED): AnswerPart => ({
  label,
  options: opts,
  n,
  weighted: null,
});

describe("agreement answers as a diverging chart (agreementSpec)", () => {
  it("gives a matrix one row per item, hidden items drawn as nothing and marked beside their label", () => {
    const spec = agreementSpec(
      "How much do you agree?",
      [
        part("They listen.", options(LIKERT, [5, 5, 10, 10, 10, 10]), 50),
        part("They explain.", hidden(LIKERT), SUPPRESSED),
      ],
      50,
      LABEL,
    );
    assert.equal(spec.kind, "diverging");
    assert.deepEqual(
      spec.items.map((i) => i.label),
      ["They listen.", "They explain."],
    );
    assert.deepEqual(spec.items[0]!.notes, ["Don't know 20%"]);
    assert.deepEqual(spec.items[1]!.notes, [`(${LABEL})`]);
    assert.ok(Object.values(spec.items[1]!.percents).every((p) => p === null));
    // The table: one row per item, the hidden one saying so in every cell, never a number.
    assert.equal(spec.rows.length, 2);
    assert.deepEqual(spec.rows[1], ["They explain.", LABEL, ...Array(6).fill(LABEL)]);
    assert.equal(spec.rows[0]![2], "10.0% (5)");
    assert.match(spec.summary, /They listen\.: 40% agree, 20% disagree; They explain\.: not shown/);
    assert.equal(spec.emptyReason, undefined);
    assert.equal(hasData(spec), true);
  });

  it("says why there is nothing to draw when every figure is hidden", () => {
    const spec = agreementSpec("Q", [part("Q", hidden(LIKERT), SUPPRESSED)], SUPPRESSED, LABEL);
    assert.equal(hasData(spec), false);
    assert.equal(spec.emptyReason, `Figures hidden: ${LABEL}.`);
  });

  it("has nothing to draw when nobody answered, or only 'don't know'", () => {
    assert.equal(
      hasData(agreementSpec("Q", [part("Q", options(LIKERT, [0, 0, 0, 0, 0, 0]), 0)], 0, LABEL)),
      false,
    );
    assert.equal(
      hasData(agreementSpec("Q", [part("Q", options(LIKERT, [0, 0, 0, 0, 0, 12]), 12)], 12, LABEL)),
      false,
    );
  });
});

describe("choices as labelled bars (distributionSpec)", () => {
  const question = {
    id: "q_age",
    type: "single",
    prompt: { en: "How old are you?" },
    options: [
      { value: "young", label: { en: "18 to 24" } },
      { value: "old", label: { en: "65 or older" } },
    ],
  } as Question;

  const ages = (opts: OptionResult[], n: number) =>
    distributionSpec(question, "Q", part("", opts, n), agency, "en", LABEL);

  it("writes each percent on its bar, and the suppression label where a figure is hidden", () => {
    const opts = [...options(["young"], [40]), ...hidden(["old"])];
    const spec = distributionSpec(question, "How old are you?", part("", opts, 45), agency, "en", LABEL);
    assert.deepEqual(spec.labels, ["18 to 24", "65 or older"]);
    assert.deepEqual(spec.values, [100, null]);
    assert.deepEqual(spec.valueText, ["100.0%", LABEL]);
    assert.equal(spec.max, 100);
  });

  it("draws intervals as error bars only on 30 answers or more", () => {
    const many = ages(options(["young", "old"], [20, 15]), 35);
    assert.ok(many.intervals?.every((i) => Array.isArray(i)));
    const few = ages(options(["young", "old"], [8, 4]), 12);
    assert.ok(few.intervals?.every((i) => i === null));
  });

  it("has nothing to draw when every share is zero", () => {
    const spec = ages(options(["young", "old"], [0, 0]), 0);
    assert.equal(hasData(spec), false);
    assert.equal(spec.rows.length, 2, "the table still lists every answer");
  });
});
