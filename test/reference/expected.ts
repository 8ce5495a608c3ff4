/**
 * Every figure a results, weighted results and compare body should hold, recomputed from the
 * raw answers with textbook.ts, keyed by the path the figure has in the body (body-check.ts
 * walks the bodies with the same paths). Which formula each figure uses (denominators,
 * rounding, n_eff, t or z) follows docs/API.md and the server's documented rules; the
 * arithmetic is our own. Imports nothing from server/ or shared/ (lint enforces it).
 */
import { summarise, tInterval, wilson } from "./textbook.js";

/** How a figure is compared; see body-check.ts. */
export type Expectation =
  | { kind: "exact"; value: number | boolean | string | null }
  /** Rounded to `digits` decimals by the server; must agree to 1e-6 (estimate) or 1e-4 (bound). */
  | { kind: "estimate" | "bound"; value: number | null; digits: number }
  /** Given to 4 significant digits; must agree to a relative 1e-4. */
  | { kind: "p"; value: number | null }
  | { kind: "below"; value: number }
  | { kind: "positiveInteger" };
export type Expected = Map<string, Expectation>;

/** A question as GET /surveys/:id returns it (the fields the figures depend on). */
export interface QuestionDefinition {
  id: string;
  type: string;
  theme?: string;
  items?: Array<{ id: string; theme?: string }>;
  options?: Array<{ value: string }>;
  scale?: { min: number; max: number };
  demographic?: string;
}

export type Answers = Record<string, unknown>;
export type Scale = { min: number; max: number } | null;
export type OptionValue = string | number | boolean;

/** Index key → theme prefix (docs/API.md: an item feeds every index whose prefix its theme has). */
const INDEX_THEMES: Record<string, string> = {
  procedural_justice: "procedural_justice",
  procedural_justice_voice: "procedural_justice.voice",
  procedural_justice_neutrality: "procedural_justice.neutrality",
  procedural_justice_respect: "procedural_justice.respect",
  procedural_justice_motives: "procedural_justice.motives",
  trust: "trust",
  safety: "safety",
};
/** Rollups keep moments on a 1/256 grid (documented in server/analytics/rollup-increments.ts). */
const onGrid = (x: number): number => Math.round(x * 256) / 256;
const DONT_KNOW = 0;

export const estimate = (value: number | null, digits: number): Expectation => ({
  kind: "estimate",
  value,
  digits,
});
export const bound = (value: number | null, digits: number): Expectation => ({
  kind: "bound",
  value,
  digits,
});
export const exact = (value: number | boolean | string | null): Expectation => ({ kind: "exact", value });

export const scaleOf = (q: QuestionDefinition): Scale =>
  q.type === "likert" || q.type === "matrix"
    ? { min: 1, max: 5 }
    : q.type === "rating"
      ? (q.scale ?? { min: 1, max: 5 })
      : null;
export const isScored = (q: QuestionDefinition): boolean => ["likert", "rating", "number"].includes(q.type);

/** The values a question's options are listed under, as the body keys them. */
export function optionValues(q: QuestionDefinition, districts: string[]): OptionValue[] {
  if (q.type === "likert" || q.type === "matrix") return [1, 2, 3, 4, 5, DONT_KNOW];
  if (q.type === "rating") {
    const { min, max } = scaleOf(q)!;
    return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  }
  if (q.type === "yesno") return [true, false];
  if (q.type === "district") return districts;
  if (q.type === "single" || q.type === "multi") return (q.options ?? []).map((o) => o.value);
  return [];
}

/** One "variable" of the data: who answered it, what they chose, and their scored value. */
export interface Column {
  answered: boolean[];
  chose: (value: OptionValue) => boolean[];
  /** The scored value (don't know excluded) or null. */
  scored: Array<number | null>;
}

/** `dontKnow`: 0 means "don't know" and is not scored (likert and matrix answers). */
function column(values: unknown[], scored: boolean, dontKnow: boolean): Column {
  const isScore = (v: unknown): v is number =>
    scored && typeof v === "number" && !(dontKnow && v === DONT_KNOW);
  return {
    answered: values.map((v) => v !== undefined),
    chose: (value) => values.map((v) => (Array.isArray(v) ? v.includes(value) : v === value)),
    scored: values.map((v) => (isScore(v) ? v : null)),
  };
}

/** One question's (or matrix item's) answers across the rows. */
export function questionColumn(q: QuestionDefinition, rows: Answers[], item?: string): Column {
  const values = rows.map((a) => (item === undefined ? a[q.id] : (a[q.id] as Answers | undefined)?.[item]));
  const likert = q.type === "matrix" || q.type === "likert";
  return column(values, likert || isScored(q), likert);
}

/** A respondent's index scores: the mean of their themed, scored items rescaled to 0–100, on the rollup grid. */
export function indexScores(questions: QuestionDefinition[], answers: Answers): Record<string, number> {
  const parts: Array<{ theme: string | undefined; value: number; scale: { min: number; max: number } }> = [];
  for (const q of questions) {
    const scale = scaleOf(q);
    const answer = answers[q.id];
    if (!scale || answer === undefined) continue;
    if (q.type === "matrix") {
      for (const item of q.items ?? []) {
        const v = (answer as Answers)[item.id];
        if (typeof v === "number" && v !== DONT_KNOW)
          parts.push({ theme: item.theme ?? q.theme, value: v, scale });
      }
    } else if (typeof answer === "number" && !(q.type === "likert" && answer === DONT_KNOW)) {
      parts.push({ theme: q.theme, value: answer, scale });
    }
  }
  const scores: Record<string, number> = {};
  for (const [key, prefix] of Object.entries(INDEX_THEMES)) {
    const mine = parts.filter((p) => p.theme === prefix || p.theme?.startsWith(`${prefix}.`));
    if (mine.length === 0) continue;
    const mean =
      mine.reduce((a, p) => a + ((p.value - p.scale.min) / (p.scale.max - p.scale.min)) * 100, 0) /
      mine.length;
    scores[key] = onGrid(mean);
  }
  return scores;
}

export const clampTo = (x: number, scale: Scale): number =>
  scale ? Math.min(scale.max, Math.max(scale.min, x)) : x;

/** Count, percent (of those who answered) and Wilson interval of each option, unweighted. */
function optionFigures(out: Expected, path: string, col: Column, values: OptionValue[]): void {
  const n = col.answered.filter(Boolean).length;
  for (const value of values) {
    const k = col.chose(value).filter(Boolean).length;
    const at = `${path}.options[${String(value)}]`;
    out.set(`${at}.count`, exact(k));
    out.set(`${at}.percent`, estimate(n > 0 ? (100 * k) / n : 0, 1));
    const ci = n > 0 ? wilson(k, n) : null;
    out.set(`${at}.ci95[0]`, bound(ci ? 100 * ci[0] : null, 1));
    out.set(`${at}.ci95[1]`, bound(ci ? 100 * ci[1] : null, 1));
  }
}

/** A mean (or score) and its t interval, kept within the scale as the body keeps it. */
function meanFigures(
  out: Expected,
  path: string,
  scored: Array<number | null>,
  scale: Scale,
  digits: number,
  name = "mean",
): void {
  const values = scored.filter((x): x is number => x !== null);
  const s = values.length > 0 ? summarise(values) : null;
  out.set(`${path}.${name}`, estimate(s ? s.mean : null, digits));
  const ci = s && s.n >= 2 ? tInterval(s) : null;
  out.set(`${path}.ci95[0]`, bound(ci ? clampTo(ci[0], scale) : null, digits));
  out.set(`${path}.ci95[1]`, bound(ci ? clampTo(ci[1], scale) : null, digits));
}

/** The figures of GET /results (unweighted, analyst): counts, percents, Wilson and t intervals, indices. */
export function expectedResults(
  questions: QuestionDefinition[],
  rows: Answers[],
  districts: string[],
  threshold: number,
): Expected {
  const out: Expected = new Map();
  out.set("n", exact(rows.length));
  out.set("suppressed", exact(false));
  for (const key of ["district", "from", "to"]) out.set(`filters.${key}`, exact(null));
  out.set("suppression.applied", exact(false));
  out.set("suppression.threshold", exact(threshold));
  for (const q of questions) {
    const path = `questions[${q.id}]`;
    const col = questionColumn(q, rows);
    out.set(`${path}.n`, exact(col.answered.filter(Boolean).length));
    const values = optionValues(q, districts);
    if (q.type === "matrix") {
      for (const item of q.items ?? []) {
        const itemCol = questionColumn(q, rows, item.id);
        const at = `${path}.items[${item.id}]`;
        out.set(`${at}.n`, exact(itemCol.answered.filter(Boolean).length));
        optionFigures(out, at, itemCol, values);
        meanFigures(out, at, itemCol.scored, scaleOf(q), 2);
      }
      continue;
    }
    if (values.length > 0) optionFigures(out, path, col, values);
    if (isScored(q)) meanFigures(out, path, col.scored, scaleOf(q), 2);
  }
  for (const [key, values] of indexColumns(questions, rows)) {
    const n = values.filter((x) => x !== null).length;
    if (n === 0) continue;
    meanFigures(out, `indices.${key}`, values, { min: 0, max: 100 }, 1, "score");
    out.set(`indices.${key}.n`, exact(n));
  }
  return out;
}

/** Each index's score per respondent (null: no themed answer). */
export function indexColumns(
  questions: QuestionDefinition[],
  rows: Answers[],
): Map<string, Array<number | null>> {
  const scores = rows.map((a) => indexScores(questions, a));
  return new Map(Object.keys(INDEX_THEMES).map((key) => [key, scores.map((s) => s[key] ?? null)]));
}
