/**
 * The weighted figures: raking weights recomputed from the raw demographic answers and the
 * stored margins, then the `weighted` block and `weighting` summary of GET /results?weighted=true
 * (and of each compare wave). Formulas as docs/API.md gives them: shares of Σw, intervals on
 * each estimate's own Kish effective n (Wilson for shares; t on n_eff − 1 for means).
 * Imports nothing from server/ or shared/ (lint enforces it).
 */
import {
  bound,
  clampTo,
  estimate,
  exact,
  indexColumns,
  isScored,
  optionValues,
  questionColumn,
  scaleOf,
  type Answers,
  type Column,
  type Expected,
  type OptionValue,
  type QuestionDefinition,
  type Scale,
} from "./expected.js";
import {
  designEffect,
  kishN,
  rakeWeights,
  weightedMargin,
  weightedSummary,
  wilson,
  type RakingVariable,
} from "./textbook.js";

export type Margins = Record<string, Record<string, number>>;

/** The weighting variables in the order the server rakes them (docs/API.md lists them so). */
const VARIABLES = ["district", "age", "gender", "race"];
const TRIM = { lower: 0.2, upper: 5 };
/** Below this Kish effective n no range is reliable (docs/API.md: the NCHS standard for proportions). */
const RELIABLE_FROM = 30;

const questionFor = (questions: QuestionDefinition[], variable: string): QuestionDefinition | undefined =>
  questions.find((q) => q.demographic === variable || (variable === "district" && q.type === "district"));

/** Raking weights per respondent, and the variables raked on. */
export function rakingWeights(
  questions: QuestionDefinition[],
  rows: Answers[],
  margins: Margins,
): { weights: number[]; variables: string[] } {
  const variables: string[] = [];
  const raking: RakingVariable[] = [];
  for (const variable of VARIABLES) {
    const question = questionFor(questions, variable);
    const shares = margins[variable];
    if (!question || !shares) continue;
    variables.push(variable);
    raking.push({
      categoryOf: rows.map((a) => (typeof a[question.id] === "string" ? (a[question.id] as string) : null)),
      shares,
    });
  }
  const weights = rakeWeights(rows.length, raking);
  const outside = weights.filter((w) => w < TRIM.lower || w > TRIM.upper);
  // The reference does not trim: a data set whose weights need it cannot be checked here.
  if (outside.length > 0) throw new Error(`the data set needs trimming (${outside.length} weights)`);
  return { weights, variables };
}

/** The `weighting` summary: design effect, Kish n and weight range of the raked weights. */
export function expectedWeighting(
  out: Expected,
  path: string,
  questions: QuestionDefinition[],
  rows: Answers[],
  weights: number[],
  of: number,
): void {
  const demographic = VARIABLES.map((v) => questionFor(questions, v));
  const cells = new Set(
    rows.map((a) =>
      demographic
        .map((q) => (q && typeof a[q.id] === "string" && a[q.id] !== "" ? (a[q.id] as string) : "-"))
        .join("|"),
    ),
  );
  out.set(`${path}.trim[0]`, exact(TRIM.lower));
  out.set(`${path}.trim[1]`, exact(TRIM.upper));
  // How many sweeps the server's raking took is its algorithm's business, not a statistic.
  out.set(`${path}.iterations`, { kind: "positiveInteger" });
  out.set(`${path}.converged`, exact(true));
  out.set(`${path}.maxDeviation`, { kind: "below", value: 1e-6 });
  out.set(`${path}.designEffect`, estimate(designEffect(weights), 3));
  out.set(`${path}.effectiveN`, estimate(kishN(weights), 1));
  out.set(`${path}.reliable`, exact(kishN(weights) >= RELIABLE_FROM));
  out.set(`${path}.weightRange[0]`, estimate(Math.min(...weights), 3));
  out.set(`${path}.weightRange[1]`, estimate(Math.max(...weights), 3));
  out.set(`${path}.trimmedCells`, exact(0));
  out.set(`${path}.cells`, exact(cells.size));
  out.set(`${path}.coverage.n`, exact(rows.length));
  out.set(`${path}.coverage.of`, exact(of));
}

const pick = <T>(values: T[], keep: boolean[]): T[] => values.filter((_, i) => keep[i]);

/** A weighted mean's figures: mean, t interval and margin on the Kish n of those with a scored answer. */
function weightedMeanFigures(
  out: Expected,
  path: string,
  scored: Array<number | null>,
  weights: number[],
  scale: Scale,
  digits: number,
  name = "mean",
): void {
  const has = scored.map((x) => x !== null);
  const values = pick(scored, has) as number[];
  const s = values.length > 0 ? weightedSummary(values, pick(weights, has)) : null;
  const margin = s && Math.round(s.effectiveN) >= 2 && s.effectiveN > 1 ? weightedMargin(s) : null;
  out.set(`${path}.${name}`, estimate(s ? s.mean : null, digits));
  out.set(`${path}.ci95[0]`, bound(s && margin !== null ? clampTo(s.mean - margin, scale) : null, digits));
  out.set(`${path}.ci95[1]`, bound(s && margin !== null ? clampTo(s.mean + margin, scale) : null, digits));
  out.set(`${path}.marginOfError`, bound(margin, digits));
}

/** A weighted share (Σw of those who chose it over Σw of those who answered) and its Kish n. */
export function weightedShare(
  col: Column,
  value: OptionValue,
  weights: number[],
): { share: number; effectiveN: number } {
  const answered = pick(weights, col.answered);
  const total = answered.reduce((a, b) => a + b, 0);
  const chose = col.chose(value);
  const chosen = weights.reduce((a, w, i) => a + (col.answered[i] && chose[i] ? w : 0), 0);
  return { share: total > 0 ? chosen / total : 0, effectiveN: answered.length > 0 ? kishN(answered) : 0 };
}

function weightedOptions(
  out: Expected,
  path: string,
  col: Column,
  values: OptionValue[],
  weights: number[],
  /** Categories whose share the raking fixed to its margin: no sampling range around them. */
  fixed: ReadonlySet<string> = new Set(),
): void {
  for (const value of values) {
    const { share, effectiveN } = weightedShare(col, value, weights);
    const at = `${path}.options[${String(value)}]`;
    out.set(`${at}.percent`, estimate(100 * share, 1));
    if (fixed.has(String(value))) {
      out.set(`${at}.ci95`, exact(null));
      out.set(`${at}.raked`, exact(true));
      continue;
    }
    const ci = effectiveN > 0 ? wilson(share * effectiveN, effectiveN) : null;
    out.set(`${at}.ci95[0]`, bound(ci ? 100 * ci[0] : null, 1));
    out.set(`${at}.ci95[1]`, bound(ci ? 100 * ci[1] : null, 1));
  }
}

const effectiveOf = (col: Column, weights: number[]): number => {
  const answered = pick(weights, col.answered);
  return answered.length > 0 ? kishN(answered) : 0;
};

/** The `weighted` block of GET /results?weighted=true. */
export function expectedWeighted(
  questions: QuestionDefinition[],
  rows: Answers[],
  districts: string[],
  weights: number[],
  /** The margins the raking met: the shares of those categories are the margins themselves. */
  raked: Margins = {},
): Expected {
  const out: Expected = new Map();
  const fixedOf = new Map<string, Set<string>>();
  for (const variable of VARIABLES) {
    const question = questionFor(questions, variable);
    if (question && raked[variable]) fixedOf.set(question.id, new Set(Object.keys(raked[variable])));
  }
  for (const q of questions) {
    const path = `weighted.questions[${q.id}]`;
    const col = questionColumn(q, rows);
    out.set(`${path}.effectiveN`, estimate(effectiveOf(col, weights), 1));
    const values = optionValues(q, districts);
    if (q.type === "matrix") {
      for (const item of q.items ?? []) {
        const itemCol = questionColumn(q, rows, item.id);
        const at = `${path}.items[${item.id}]`;
        out.set(`${at}.effectiveN`, estimate(effectiveOf(itemCol, weights), 1));
        weightedOptions(out, at, itemCol, values, weights);
        weightedMeanFigures(out, at, itemCol.scored, weights, scaleOf(q), 2);
      }
      continue;
    }
    if (values.length > 0) weightedOptions(out, path, col, values, weights, fixedOf.get(q.id));
    if (isScored(q)) weightedMeanFigures(out, path, col.scored, weights, scaleOf(q), 2);
  }
  for (const [key, scores] of indexColumns(questions, rows)) {
    const has = scores.map((x) => x !== null);
    if (!has.some(Boolean)) continue;
    const path = `weighted.indices.${key}`;
    weightedMeanFigures(out, path, scores, weights, { min: 0, max: 100 }, 1, "score");
    out.set(`${path}.effectiveN`, estimate(kishN(pick(weights, has)), 1));
    out.set(`${path}.reliable`, exact(kishN(pick(weights, has)) >= RELIABLE_FROM));
  }
  return out;
}
