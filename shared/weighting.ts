/**
 * Weighting a sample to population margins by raking (iterative proportional fitting), with
 * weight trimming and Kish's design effect. Pure functions over weighting cells: a cell is the
 * set of respondents who gave the same answers to the demographic questions, so the work grows
 * with the number of distinct cells, never with the number of responses.
 */
import { answerOf, type Answers, type Question } from "./survey.js";

export const WEIGHTING_VARIABLES = ["district", "age", "gender", "race"] as const;
export type WeightingVariable = (typeof WEIGHTING_VARIABLES)[number];
export type Margins = Partial<Record<WeightingVariable, Record<string, number>>>;

/** Marks a variable the respondent did not answer (or the survey did not ask) in a cell key. */
export const UNKNOWN_CATEGORY = "-";
const SEPARATOR = "|";

/** The question that feeds a weighting variable: its `demographic` role (any district question counts). */
export function questionFor(questions: Question[], variable: WeightingVariable): Question | undefined {
  return questions.find(
    (q) => q.demographic === variable || (variable === "district" && q.type === "district"),
  );
}

/**
 * The weighting cell of one response, e.g. `D1|25_34|woman|-`: its answers to the demographic
 * questions in a fixed variable order. Null when the survey asks no demographic question, so
 * such surveys carry no cell rollups at all.
 */
export function weightingCell(questions: Question[], answers: Answers): string | null {
  let asked = false;
  const parts = WEIGHTING_VARIABLES.map((variable) => {
    const question = questionFor(questions, variable);
    if (!question) return UNKNOWN_CATEGORY;
    asked = true;
    const answer = answerOf(answers, question.id);
    return typeof answer === "string" && answer !== "" ? answer : UNKNOWN_CATEGORY;
  });
  return asked ? parts.join(SEPARATOR) : null;
}

/** The categories of a cell key by variable; `null` where the respondent's category is unknown. */
export function parseCellKey(key: string): Record<WeightingVariable, string | null> {
  const parts = key.split(SEPARATOR);
  const out = {} as Record<WeightingVariable, string | null>;
  WEIGHTING_VARIABLES.forEach((variable, i) => {
    const value = parts[i];
    out[variable] = value === undefined || value === UNKNOWN_CATEGORY ? null : value;
  });
  return out;
}

/**
 * Turns census-style counts into shares that sum to exactly 1 at six decimals (largest
 * remainder), so they pass the margins rule (sum 1 ± 0.001) without hand rounding.
 */
export function sharesFromCounts(counts: Record<string, number>): Record<string, number> {
  const UNITS = 1_000_000;
  const entries = Object.entries(counts);
  const total = entries.reduce((a, [, v]) => a + v, 0);
  if (!(total > 0)) throw new RangeError("counts must add up to more than zero");
  const raw = entries.map(([key, v]) => ({ key, exact: (v / total) * UNITS }));
  const floors = raw.map((r) => ({ ...r, units: Math.floor(r.exact) }));
  let left = UNITS - floors.reduce((a, r) => a + r.units, 0);
  const order = [...floors].sort((x, y) => y.exact - y.units - (x.exact - x.units));
  for (const r of order) {
    if (left <= 0) break;
    r.units += 1;
    left -= 1;
  }
  return Object.fromEntries(floors.map((r) => [r.key, r.units / UNITS]));
}

export interface CellCount {
  key: string;
  n: number;
}

export interface RakeOptions {
  /** Largest accepted |weighted share − target share|. */
  tolerance?: number;
  maxIterations?: number;
  /** Bounds for a weight relative to a mean of 1; null turns trimming off. */
  trim?: { lower: number; upper: number } | null;
  maxTrimRounds?: number;
}

export interface RakeResult {
  /** Weight per cell key, scaled so the mean weight over every respondent is 1. */
  weights: Record<string, number>;
  variables: WeightingVariable[];
  iterations: number;
  converged: boolean;
  maxDeviation: number;
  /** Cells whose weight hit a trimming bound in the last round. */
  trimmedCells: number;
  designEffect: number;
  effectiveN: number;
  notes: string[];
}

export const DEFAULT_TRIM = { lower: 0.2, upper: 5 } as const;

interface PreparedVariable {
  variable: WeightingVariable;
  targets: Map<string, number>;
  /** Category of each cell (by index), or null when the respondent is not adjusted on it. */
  categoryOf: Array<string | null>;
}

/**
 * Which categories can be raked on. A margin category no respondent is in cannot be matched:
 * it is dropped and the other shares renormalised. Respondents whose category is unknown or
 * not in the margins (e.g. "prefer not to say") are left out of that variable's adjustment.
 */
function prepare(cells: CellCount[], margins: Margins, notes: string[]): PreparedVariable[] {
  const parsed = cells.map((c) => parseCellKey(c.key));
  const prepared: PreparedVariable[] = [];
  for (const variable of WEIGHTING_VARIABLES) {
    const shares = margins[variable];
    if (!shares) continue;
    const present = new Map<string, number>();
    parsed.forEach((p, i) => {
      const category = p[variable];
      if (category !== null && (shares[category] ?? 0) > 0)
        present.set(category, (present.get(category) ?? 0) + cells[i]!.n);
    });
    const missing = Object.keys(shares).filter((k) => (shares[k] ?? 0) > 0 && !present.has(k));
    if (missing.length > 0)
      notes.push(`${variable}: no respondents in ${missing.join(", ")}; the other shares were rescaled`);
    const total = [...present.keys()].reduce((a, k) => a + shares[k]!, 0);
    if (present.size < 2 || total <= 0) {
      notes.push(`${variable}: fewer than two categories with respondents; not used`);
      continue;
    }
    const targets = new Map([...present.keys()].map((k) => [k, shares[k]! / total]));
    const categoryOf = parsed.map((p) => {
      const category = p[variable];
      return category !== null && targets.has(category) ? category : null;
    });
    prepared.push({ variable, targets, categoryOf });
  }
  return prepared;
}

function totals(cells: CellCount[], w: number[], v: PreparedVariable) {
  const byCategory = new Map<string, number>();
  let known = 0;
  v.categoryOf.forEach((category, i) => {
    if (category === null) return;
    const weighted = cells[i]!.n * w[i]!;
    byCategory.set(category, (byCategory.get(category) ?? 0) + weighted);
    known += weighted;
  });
  return { byCategory, known };
}

function deviation(cells: CellCount[], w: number[], variables: PreparedVariable[]): number {
  let worst = 0;
  for (const v of variables) {
    const { byCategory, known } = totals(cells, w, v);
    for (const [category, target] of v.targets) {
      worst = Math.max(worst, Math.abs((byCategory.get(category) ?? 0) / known - target));
    }
  }
  return worst;
}

/** One raking run to convergence; each step keeps the known respondents' total weight. */
function rakeLoop(
  cells: CellCount[],
  w: number[],
  variables: PreparedVariable[],
  tolerance: number,
  maxIterations: number,
): number {
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    for (const v of variables) {
      const { byCategory, known } = totals(cells, w, v);
      v.categoryOf.forEach((category, i) => {
        if (category === null) return;
        w[i]! *= (v.targets.get(category)! * known) / byCategory.get(category)!;
      });
    }
    if (deviation(cells, w, variables) < tolerance) return iteration;
  }
  return maxIterations;
}

type Bounds = { lower: number; upper: number };

const outside = (w: number[], trim: Bounds): number =>
  w.filter((x) => x < trim.lower - 1e-9 || x > trim.upper + 1e-9).length;

/** Clips to the bounds and rescales to mean 1, until the rescaling stops pushing weights out. */
function clipAndNormalise(cells: CellCount[], w: number[], trim: Bounds): void {
  for (let i = 0; i < 100; i++) {
    normalise(cells, w);
    if (outside(w, trim) === 0) return;
    for (let j = 0; j < w.length; j++) w[j] = Math.min(trim.upper, Math.max(trim.lower, w[j]!));
  }
}

function normalise(cells: CellCount[], w: number[]): void {
  const n = cells.reduce((a, c) => a + c.n, 0);
  const sum = cells.reduce((a, c, i) => a + c.n * w[i]!, 0);
  if (sum > 0) for (let i = 0; i < w.length; i++) w[i]! *= n / sum;
}

/** Kish's design effect from (count, weight) pairs: n·Σnᵢwᵢ² / (Σnᵢwᵢ)². */
export function kishDesignEffect(pairs: Array<{ n: number; w: number }>): number {
  let n = 0;
  let sw = 0;
  let sw2 = 0;
  for (const { n: count, w } of pairs) {
    n += count;
    sw += count * w;
    sw2 += count * w * w;
  }
  return sw > 0 ? (n * sw2) / (sw * sw) : 1;
}

/** Kish's effective sample size (Σnᵢwᵢ)² / Σnᵢwᵢ²: the simple random sample worth as much. */
export function kishEffectiveN(pairs: Array<{ n: number; w: number }>): number {
  let sw = 0;
  let sw2 = 0;
  for (const { n, w } of pairs) {
    sw += n * w;
    sw2 += n * w * w;
  }
  return sw2 > 0 ? (sw * sw) / sw2 : 0;
}

/**
 * Rakes cell weights to the margins, then trims them to [lower, upper] × the mean weight and
 * rakes again, until both hold or the rounds run out. The result always respects the trimming
 * bounds; `converged` and `maxDeviation` say how closely the margins are met.
 */
export function rake(cells: CellCount[], margins: Margins, options: RakeOptions = {}): RakeResult {
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 1000;
  const trim = options.trim === undefined ? DEFAULT_TRIM : options.trim;
  const maxTrimRounds = options.maxTrimRounds ?? 50;
  const notes: string[] = [];
  const live = cells.filter((c) => c.n > 0);
  const variables = prepare(live, margins, notes);
  const w = live.map(() => 1);
  let iterations = rakeLoop(live, w, variables, tolerance, maxIterations);
  normalise(live, w);
  let trimmedCells = 0;
  if (trim) {
    for (let round = 0; round < maxTrimRounds && outside(w, trim) > 0; round++) {
      clipAndNormalise(live, w, trim);
      iterations += rakeLoop(live, w, variables, tolerance, maxIterations);
      normalise(live, w);
    }
    // Rounds ran out: keep the bounds and accept the margins as closely as they now hold.
    clipAndNormalise(live, w, trim);
    trimmedCells = w.filter((x) => x <= trim.lower + 1e-9 || x >= trim.upper - 1e-9).length;
  }
  const maxDeviation = variables.length > 0 ? deviation(live, w, variables) : 0;
  const pairs = live.map((c, i) => ({ n: c.n, w: w[i]! }));
  const designEffect = kishDesignEffect(pairs);
  return {
    weights: Object.fromEntries(live.map((c, i) => [c.key, w[i]!])),
    variables: variables.map((v) => v.variable),
    iterations,
    converged: maxDeviation < Math.max(tolerance, 1e-6),
    maxDeviation,
    trimmedCells,
    designEffect,
    effectiveN: kishEffectiveN(pairs),
    notes,
  };
}
