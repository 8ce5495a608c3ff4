import { INDEX_KEYS, indicesForTheme, type IndexKey } from "@shared/indices.js";
import { LIKERT, type Question } from "@shared/survey.js";
import { optionValues } from "@server/analytics/results.js";

/**
 * The counts a survey's results are made of, named the same way for every view, and the
 * linear relations between them that anyone who reads the survey's definition knows.
 *
 * A view outside the analyst role is one of a few **units**: the whole survey (`all`), one
 * district (`district:D1`, all time), one month (`month:2026-10`, every district). Figures of
 * other views are sums of units (a range of whole months) and are only shown where every part
 * shows them, so the units are all a viewer can learn from. Responses without a district form
 * the unit `district:` that is never shown but can be worked out by subtraction, so it is
 * protected like any other.
 *
 * Figure keys within a unit:
 * - `N`: responses;
 * - `q.<id>.n`: answers to a question; `q.<id>.o.<value>`: answers with that value;
 * - `q.<id>.i.<item>.n`, `q.<id>.i.<item>.o.<value>`: a matrix item's answers and values;
 * - `x.<index>.n`: respondents with a score on that index.
 * Means, percents, intervals and scores are functions of these and are shown only where the
 * counts they rest on are shown (see protect.ts).
 */
export type UnitId = string;
export type Partition = "all" | "district" | "month";

export const ALL_UNIT = "all";
export const NO_DISTRICT_UNIT = "district:";
export const districtUnit = (code: string): UnitId => `district:${code}`;
export const monthUnit = (month: string): UnitId => `month:${month}`;

export function partitionOf(unit: UnitId): Partition {
  if (unit === ALL_UNIT) return "all";
  return unit.startsWith("district:") ? "district" : "month";
}

export const questionKey = (id: string): string => `q.${id}`;
export const countKey = (id: string): string => `q.${id}.n`;
export const optionKey = (id: string, value: unknown): string => `q.${id}.o.${String(value)}`;
export const itemCountKey = (id: string, item: string): string => `q.${id}.i.${item}.n`;
export const itemOptionKey = (id: string, item: string, value: unknown): string =>
  `q.${id}.i.${item}.o.${String(value)}`;
export const indexKey = (key: string): string => `x.${key}.n`;

/** Question types whose answered values add up to the question's count (one value per answer). */
export const GROUPED_TYPES = new Set(["single", "likert", "rating", "yesno", "district"]);

/** One row of a question's counts: cells that add up to (grouped) or are bounded by `total`. */
export interface CountRow {
  /** The question (and item) the row belongs to, for choosing complementary cells. */
  family: string;
  total: string;
  cells: string[];
  grouped: boolean;
}

/** A themed answer that feeds an index: its scored count is `count − dontKnow` (if any). */
interface ScoredPart {
  count: string;
  dontKnow: string | null;
}

/** What the definition says about a survey's counts, the same in every unit. */
export interface SurveyStructure {
  keys: string[];
  rows: CountRow[];
  /** Every key of a question (or a matrix item), to hide a question whole. */
  families: Map<string, string[]>;
  /** Child question count key → its parent's cells that show it, and whether it must equal them. */
  conditions: Array<{
    child: string;
    childFamily: string;
    parentCells: string[];
    parentFamily: string;
    equal: boolean;
  }>;
  indices: Array<{ key: string; index: IndexKey; parts: ScoredPart[]; families: string[] }>;
}

/** The counts and relations of a survey as its current definition has them. */
export function surveyStructure(questions: Question[], districts: readonly string[]): SurveyStructure {
  const keys = ["N"];
  const rows: CountRow[] = [];
  const families = new Map<string, string[]>();
  const scored = new Map<IndexKey, { parts: ScoredPart[]; families: Set<string> }>();
  const feed = (theme: string | undefined, part: ScoredPart, family: string): void => {
    for (const index of indicesForTheme(theme)) {
      const entry = scored.get(index) ?? { parts: [], families: new Set<string>() };
      entry.parts.push(part);
      entry.families.add(family);
      scored.set(index, entry);
    }
  };
  for (const question of questions) {
    const family = questionKey(question.id);
    const own: string[] = [countKey(question.id)];
    const values = optionValues(question, [...districts]);
    if (question.type === "matrix") {
      for (const item of question.items ?? []) {
        const cells = values.map((v) => itemOptionKey(question.id, item.id, v));
        const total = itemCountKey(question.id, item.id);
        own.push(total, ...cells);
        rows.push({ family, total, cells, grouped: true });
        feed(
          item.theme ?? question.theme,
          { count: total, dontKnow: itemOptionKey(question.id, item.id, LIKERT.dontKnow) },
          family,
        );
      }
    } else if (values.length > 0) {
      const cells = values.map((v) => optionKey(question.id, v));
      own.push(...cells);
      rows.push({ family, total: countKey(question.id), cells, grouped: GROUPED_TYPES.has(question.type) });
      if (question.type === "likert")
        feed(
          question.theme,
          { count: countKey(question.id), dontKnow: optionKey(question.id, LIKERT.dontKnow) },
          family,
        );
      if (question.type === "rating")
        feed(question.theme, { count: countKey(question.id), dontKnow: null }, family);
    }
    keys.push(...own);
    families.set(family, own);
  }
  const byId = new Map(questions.map((q) => [q.id, q]));
  const conditions: SurveyStructure["conditions"] = [];
  for (const question of questions) {
    const parent = question.showIf ? byId.get(question.showIf.question) : undefined;
    if (!parent || !question.showIf) continue;
    conditions.push({
      child: countKey(question.id),
      childFamily: questionKey(question.id),
      parentCells: question.showIf.in.map((v) => optionKey(parent.id, v)),
      parentFamily: questionKey(parent.id),
      // Shown exactly when the parent's answer is one of these; a required child is then answered.
      equal: question.required === true && parent.type !== "multi" && !parent.showIf,
    });
  }
  const indices = INDEX_KEYS.filter((index) => scored.has(index)).map((index) => {
    const entry = scored.get(index)!;
    return { key: indexKey(index), index, parts: entry.parts, families: [...entry.families] };
  });
  keys.push(...indices.map((i) => i.key));
  return { keys, rows, families, conditions, indices };
}

/** A linear relation `Σ coefficient · figure (op) constant` between figures of some units. */
export interface Relation {
  terms: Array<{ unit: UnitId; key: string; coefficient: number }>;
  op: "=" | "<=";
  constant: number;
}

const term = (unit: UnitId, key: string, coefficient = 1) => ({ unit, key, coefficient });

/** The relations inside one unit: rows add up, counts never exceed their totals, skip logic, indices. */
export function unitRelations(structure: SurveyStructure, unit: UnitId, questions: Question[]): Relation[] {
  const relations: Relation[] = [];
  for (const question of questions) {
    relations.push({
      terms: [term(unit, countKey(question.id)), term(unit, "N", -1)],
      op: "<=",
      constant: 0,
    });
    if (question.type === "matrix") {
      for (const item of question.items ?? []) {
        const itemTotal = itemCountKey(question.id, item.id);
        relations.push({
          terms: [term(unit, itemTotal), term(unit, countKey(question.id), -1)],
          op: question.required ? "=" : "<=",
          constant: 0,
        });
      }
    }
  }
  for (const row of structure.rows) {
    const cells = row.cells.map((cell) => term(unit, cell));
    if (row.grouped) {
      relations.push({ terms: [...cells, term(unit, row.total, -1)], op: "=", constant: 0 });
      continue;
    }
    // Multiple choice: each option at most the answers, and every answer picks at least one.
    for (const cell of row.cells)
      relations.push({ terms: [term(unit, cell), term(unit, row.total, -1)], op: "<=", constant: 0 });
    relations.push({
      terms: [term(unit, row.total), ...cells.map((c) => ({ ...c, coefficient: -1 }))],
      op: "<=",
      constant: 0,
    });
  }
  for (const condition of structure.conditions) {
    relations.push({
      terms: [term(unit, condition.child), ...condition.parentCells.map((cell) => term(unit, cell, -1))],
      op: condition.equal ? "=" : "<=",
      constant: 0,
    });
  }
  for (const index of structure.indices) {
    const scoredTerms = (sign: number) =>
      index.parts.flatMap((part) => [
        term(unit, part.count, sign),
        ...(part.dontKnow ? [term(unit, part.dontKnow, -sign)] : []),
      ]);
    // At least as many as any one item's scored answers, at most all of them together, at most N.
    for (const part of index.parts) {
      relations.push({
        terms: [
          term(unit, part.count),
          ...(part.dontKnow ? [term(unit, part.dontKnow, -1)] : []),
          term(unit, index.key, -1),
        ],
        op: "<=",
        constant: 0,
      });
    }
    relations.push({ terms: [term(unit, index.key), ...scoredTerms(-1)], op: "<=", constant: 0 });
    relations.push({ terms: [term(unit, index.key), term(unit, "N", -1)], op: "<=", constant: 0 });
  }
  return relations;
}

/** Each partition's parts add up to the whole, figure by figure. */
export function partitionRelations(keys: string[], whole: UnitId, parts: UnitId[]): Relation[] {
  if (parts.length === 0) return [];
  return keys.map((key) => ({
    terms: [term(whole, key, -1), ...parts.map((unit) => term(unit, key))],
    op: "=" as const,
    constant: 0,
  }));
}

/** The figures of one unit, read from its merged rollup counts. */
export function unitFigures(
  structure: SurveyStructure,
  questions: Question[],
  counts: { n: number; a: Record<string, unknown>; c: Record<string, unknown>; x: Record<string, unknown> },
): Map<string, number> {
  const values = new Map<string, number>(structure.keys.map((key) => [key, 0]));
  values.set("N", counts.n);
  const answered = counts.a as Record<string, number>;
  for (const question of questions) {
    values.set(countKey(question.id), answered[question.id] ?? 0);
    const cells = (counts.c[question.id] ?? {}) as Record<string, unknown>;
    if (question.type === "matrix") {
      for (const item of question.items ?? []) {
        const itemCells = (cells[item.id] ?? {}) as Record<string, number>;
        let total = 0;
        for (const [value, count] of Object.entries(itemCells)) {
          const key = itemOptionKey(question.id, item.id, value);
          if (values.has(key)) values.set(key, count);
          total += count;
        }
        values.set(itemCountKey(question.id, item.id), total);
      }
    } else {
      for (const [value, count] of Object.entries(cells as Record<string, number>)) {
        const key = optionKey(question.id, value);
        if (values.has(key)) values.set(key, count);
      }
    }
  }
  const x = counts.x as Record<string, { n?: number } | undefined>;
  for (const index of INDEX_KEYS) {
    const key = indexKey(index);
    if (values.has(key)) values.set(key, x[index]?.n ?? 0);
  }
  return values;
}
