import { indicesForTheme, type IndexKey } from "@shared/indices.js";
import { answerOf, LIKERT, type Answers, type Question } from "@shared/survey.js";
import type { PeriodKeys } from "@shared/periods.js";

/** The fields of one stored response that rollups are built from. */
export interface RollupSource {
  answers: Answers;
  periods: PeriodKeys;
  district: string | null;
  scores: Partial<Record<IndexKey, number>>;
  /** Weighting cell (`D1|25_34|woman|-`); adds a `cell:<key>` segment so results can be raked. */
  cell?: string | null;
  /** The invitation's dispatch unit and officer: the unit views' rollups (unit-rollups.ts). */
  unit?: string | null;
  officer?: string | null;
}

export interface RollupTarget {
  period: string;
  segment: string;
}

/**
 * Moments are kept on a grid of 1/256: every contribution x and x² is then a dyadic rational,
 * and their sums are exact in floating point (while Σx² < 2³⁷), so the order in which `$inc`s
 * land never changes a bit. That is what lets a rebuild reproduce live rollups exactly.
 * Likert, rating and integer answers are already on the grid; only fractional index scores
 * and numbers move, by less than 0.002.
 */
export const MOMENT_GRID = 256;
export const onGrid = (value: number): number => Math.round(value * MOMENT_GRID) / MOMENT_GRID;

function addMoment(inc: Record<string, number>, path: string, raw: number): void {
  const value = onGrid(raw);
  inc[`${path}.n`] = (inc[`${path}.n`] ?? 0) + 1;
  inc[`${path}.s`] = (inc[`${path}.s`] ?? 0) + value;
  inc[`${path}.q`] = (inc[`${path}.q`] ?? 0) + value * value;
}

/** The `$inc` document one response adds to every rollup it belongs to. */
export function rollupIncrement(questions: Question[], source: RollupSource): Record<string, number> {
  const inc: Record<string, number> = { n: 1 };
  for (const question of questions) {
    const answer = answerOf(source.answers, question.id);
    if (answer === undefined) continue;
    const id = question.id;
    inc[`a.${id}`] = 1;
    switch (question.type) {
      case "multi":
        for (const value of answer as string[]) inc[`c.${id}.${value}`] = 1;
        break;
      case "matrix":
        for (const [item, value] of Object.entries(answer as Record<string, number>)) {
          inc[`c.${id}.${item}.${value}`] = 1;
          if (value !== LIKERT.dontKnow) addMoment(inc, `m.${id}.${item}`, value);
        }
        break;
      case "number":
        addMoment(inc, `m.${id}`, answer as number);
        break;
      case "likert":
      case "rating":
        inc[`c.${id}.${String(answer)}`] = 1;
        if (!(question.type === "likert" && answer === LIKERT.dontKnow))
          addMoment(inc, `m.${id}`, answer as number);
        break;
      case "single":
      case "yesno":
      case "district":
        inc[`c.${id}.${String(answer)}`] = 1;
        break;
      case "text":
      case "date":
        break;
    }
  }
  for (const [key, score] of Object.entries(source.scores)) addMoment(inc, `x.${key}`, score);
  return inc;
}

/** Every period × segment rollup a response counts in (weighting cells aside, see `rollupWrites`). */
export function rollupTargets(questions: Question[], source: RollupSource): RollupTarget[] {
  const segments = ["all"];
  if (source.district) segments.push(`district:${source.district}`);
  for (const question of questions) {
    const role = question.demographic;
    const answer = answerOf(source.answers, question.id);
    if (role && role !== "district" && typeof answer === "string") segments.push(`${role}:${answer}`);
  }
  const periods = ["all", `d:${source.periods.day}`, `w:${source.periods.week}`, `m:${source.periods.month}`];
  return periods.flatMap((period) => segments.map((segment) => ({ period, segment })));
}

export interface RollupWrite extends RollupTarget {
  inc: Record<string, number>;
}

/**
 * Every `$inc` one response makes: its period × segment rollups, and, when it has a weighting
 * cell, a `cell:<key>` rollup for all time and for its month (not per day or week: cells are
 * many and rarely share a write batch, and each upsert is the costly part of ingest). Cells
 * get a document each rather than sharing one: the engine's cost for one `$inc` grows much
 * faster than its number of fields. The live path and the rebuild both call this.
 */
export function rollupWrites(questions: Question[], source: RollupSource): RollupWrite[] {
  const inc = rollupIncrement(questions, source);
  const writes: RollupWrite[] = rollupTargets(questions, source).map((target) => ({ ...target, inc }));
  if (source.cell) {
    const segment = `cell:${source.cell}`;
    writes.push({ period: "all", segment, inc }, { period: `m:${source.periods.month}`, segment, inc });
  }
  return writes;
}

export { indicesForTheme };
