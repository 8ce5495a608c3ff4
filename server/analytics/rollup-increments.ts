import { indicesForTheme, type IndexKey } from "@shared/indices.js";
import { answerOf, LIKERT, type Answers, type Question } from "@shared/survey.js";
import type { PeriodKeys } from "@shared/periods.js";

/** The fields of one stored response that rollups are built from. */
export interface RollupSource {
  answers: Answers;
  periods: PeriodKeys;
  district: string | null;
  scores: Partial<Record<IndexKey, number>>;
}

export interface RollupTarget {
  period: string;
  segment: string;
}

function addMoment(inc: Record<string, number>, path: string, value: number): void {
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

/** Every period × segment rollup a response counts in. */
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

export { indicesForTheme };
