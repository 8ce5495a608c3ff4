import { isSmall, isSuppressed, type Cell, type IndexResult, type ResultsBody } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import {
  ALL_UNIT,
  countKey,
  indexKey,
  itemCountKey,
  itemOptionKey,
  optionKey,
  surveyStructure,
  type Relation,
  type SurveyStructure,
  type UnitId,
} from "./figures.js";
import { knownRelations } from "./protect.js";
import { feasibleRanges, figureId, isProtected, type Range } from "./ranges.js";

/**
 * The auditor: takes every figure one viewer obtained for a survey (results bodies of every
 * view it may ask for, month points, comment counts, comparisons) and, independently of how
 * they were produced, checks that no small count can be worked out from them.
 *
 * - Counts are unknowns of a linear program: each shown count of a view fixes the sum of that
 *   figure over the view's units; the survey's definition adds what anyone knows (values add
 *   up to a question's answers, skip logic, indices, districts and months add up to the
 *   whole). For every count whose true value is small and that no view shows, the smallest and
 *   largest feasible values are found (ranges.ts); the span must be at least k.
 * - Figures that are not counts (percents, intervals, means, scores, weighted estimates,
 *   changes) are checked against the counts they are computed from: one shown over a hidden
 *   count would give the count back, so each is reported as a violation.
 */

/** A results body and the units whose sum it covers (one unit, or a range of months). */
export interface ObservedResults {
  units: UnitId[];
  body: ResultsBody;
}

export interface ObservedCount {
  units: UnitId[];
  key: string;
  value: Cell<number>;
}

/** A comparison as answered: the changes shown for each figure, and the units of each wave. */
export interface ObservedComparison {
  a: UnitId[];
  b: UnitId[];
  questions: Array<{
    id: string;
    options?: Array<{ value: unknown; change?: unknown; suppressed?: boolean }>;
    mean?: unknown;
  }>;
  indices: Record<string, unknown>;
}

export interface Observation {
  results: ObservedResults[];
  /** Month points, comment list lengths and other single counts. */
  counts: ObservedCount[];
  comparisons: ObservedComparison[];
}

export interface AuditFinding {
  unit: UnitId;
  key: string;
  value: number;
  range: Range;
}

export interface AuditReport {
  /** Small counts no view shows directly: each with its feasible range. */
  checked: number;
  exposed: AuditFinding[];
  /** Non-count figures shown over hidden counts. */
  violations: string[];
}

const shownNumber = (cell: unknown): number | null => (typeof cell === "number" ? cell : null);

class FigureBook {
  /** Shown values per view (units joined), per key. */
  readonly sums = new Map<string, { units: UnitId[]; values: Map<string, number>; hidden: Set<string> }>();
  readonly violations: string[] = [];

  view(units: UnitId[]) {
    const id = [...units].sort().join("+");
    let entry = this.sums.get(id);
    if (!entry) {
      entry = { units, values: new Map(), hidden: new Set() };
      this.sums.set(id, entry);
    }
    return entry;
  }

  record(units: UnitId[], key: string, cell: unknown): void {
    const view = this.view(units);
    const value = shownNumber(cell);
    if (value === null) {
      if (isSuppressed(cell)) view.hidden.add(key);
      return;
    }
    const before = view.values.get(key);
    if (before !== undefined && before !== value)
      this.violations.push(`${key} in ${units.join("+")} is shown as ${before} and as ${value}`);
    view.values.set(key, value);
  }

  /** Whether a count of a view is hidden there (shown nowhere for these units). */
  hiddenIn(units: UnitId[], key: string): boolean {
    const view = this.view(units);
    return !view.values.has(key);
  }
}

function recordResults(
  book: FigureBook,
  structure: SurveyStructure,
  questions: Question[],
  observed: ObservedResults,
): void {
  const { units, body } = observed;
  const where = units.join("+");
  const violation = (what: string): void => void book.violations.push(`${what} in ${where}`);
  book.record(units, "N", body.n);
  if (body.suppressed) return;
  const byId = new Map(questions.map((q) => [q.id, q]));
  const hiddenQuestion = new Map<string, boolean>();
  for (const q of body.questions) {
    book.record(units, countKey(q.id), q.n);
    let anyHidden = isSuppressed(q.n);
    for (const o of q.options ?? []) {
      book.record(units, optionKey(q.id, o.value), o.count);
      if (isSuppressed(o.count)) {
        anyHidden = true;
        if (!isSuppressed(o.percent)) violation(`percent of ${q.id}=${String(o.value)} over a hidden count`);
        if (o.ci95 !== undefined && o.ci95 !== null && !isSuppressed(o.ci95))
          violation(`interval of ${q.id}=${String(o.value)} over a hidden count`);
      }
    }
    for (const item of q.items ?? []) {
      book.record(units, itemCountKey(q.id, item.id), item.n);
      let itemHidden = isSuppressed(item.n);
      for (const o of item.options) {
        book.record(units, itemOptionKey(q.id, item.id, o.value), o.count);
        if (isSuppressed(o.count)) {
          itemHidden = true;
          if (!isSuppressed(o.percent))
            violation(`percent of ${q.id}.${item.id}=${String(o.value)} over a hidden count`);
        }
      }
      if (itemHidden && item.mean !== null && !isSuppressed(item.mean))
        violation(`mean of ${q.id}.${item.id} over a hidden count`);
      anyHidden ||= itemHidden;
    }
    if (anyHidden && q.mean !== undefined && q.mean !== null && !isSuppressed(q.mean))
      violation(`mean of ${q.id} over a hidden count`);
    hiddenQuestion.set(q.id, anyHidden || !byId.has(q.id));
  }
  for (const [key, index] of Object.entries(body.indices)) {
    book.record(units, indexKey(key), index.n);
    const shownScore = index.score !== null && !isSuppressed(index.score);
    const built = structure.indices.find((i) => i.index === key);
    const resting = built?.families.some((family) => hiddenQuestion.get(family.slice(2)) ?? true) ?? false;
    if (shownScore && (isSuppressed(index.n) || resting)) violation(`score of ${key} over hidden counts`);
  }
  const weighted = body.weighted;
  if (!weighted) return;
  for (const w of weighted.questions) {
    const q = body.questions.find((x) => x.id === w.id);
    for (const o of w.options ?? []) {
      const count = q?.options?.find((x) => x.value === o.value)?.count;
      if (isSuppressed(count) && !isSuppressed(o.percent))
        violation(`weighted percent of ${w.id}=${String(o.value)} over a hidden count`);
    }
    if (hiddenQuestion.get(w.id) && w.mean !== undefined && w.mean !== null && !isSuppressed(w.mean))
      violation(`weighted mean of ${w.id} over a hidden count`);
  }
  for (const [key, index] of Object.entries(weighted.indices)) {
    const plain = body.indices[key] as IndexResult | undefined;
    if (plain && isSuppressed(plain.score) && !isSuppressed(index.score))
      violation(`weighted score of ${key} over hidden counts`);
  }
}

function recordComparison(book: FigureBook, c: ObservedComparison): void {
  const shown = (value: unknown): boolean => value !== undefined && value !== null && !isSuppressed(value);
  for (const q of c.questions) {
    for (const o of q.options ?? []) {
      if (!shown(o.change) && o.suppressed) continue;
      const key = optionKey(q.id, o.value);
      if (book.hiddenIn(c.a, key) || book.hiddenIn(c.b, key))
        book.violations.push(`change of ${key} over a hidden count`);
    }
    if (shown(q.mean) && (book.hiddenIn(c.a, countKey(q.id)) || book.hiddenIn(c.b, countKey(q.id))))
      book.violations.push(`change of the mean of ${q.id} over hidden counts`);
  }
  for (const [key, change] of Object.entries(c.indices)) {
    if (!shown(change)) continue;
    if (book.hiddenIn(c.a, indexKey(key)) || book.hiddenIn(c.b, indexKey(key)))
      book.violations.push(`change of ${key} over hidden counts`);
    // Each wave's n for the index, shown beside its change, is that wave's count of it.
    const sizes = change as { nA?: unknown; nB?: unknown };
    if (typeof sizes.nA === "number") book.record(c.a, indexKey(key), sizes.nA);
    if (typeof sizes.nB === "number") book.record(c.b, indexKey(key), sizes.nB);
  }
}

/**
 * Audits what one viewer obtained. `truth` holds the exact counts of every unit (the auditor
 * needs them only to know which hidden counts are small, never to bound them).
 */
export async function auditObservation(
  questions: Question[],
  districts: readonly string[],
  k: number,
  observation: Observation,
  truth: Map<UnitId, Map<string, number>>,
  /** What anyone knows about figures beyond the survey's definition (e.g. comment themes). */
  extraRelations: Relation[] = [],
): Promise<AuditReport> {
  const structure = surveyStructure(questions, districts);
  const book = new FigureBook();
  for (const observed of observation.results) recordResults(book, structure, questions, observed);
  for (const count of observation.counts) book.record(count.units, count.key, count.value);
  for (const comparison of observation.comparisons) recordComparison(book, comparison);

  const relations: Relation[] = [
    ...knownRelations(structure, { questions, units: truth }),
    ...extraRelations,
  ];
  // Single-unit views fix a figure; a view over several units fixes the sum of theirs.
  const fixed = new Map<string, number>();
  for (const view of book.sums.values()) {
    for (const [key, value] of view.values) {
      if (view.units.length === 1) fixed.set(figureId(view.units[0]!, key), value);
      else
        relations.push({
          terms: view.units.map((unit) => ({ unit, key, coefficient: 1 })),
          op: "=",
          constant: value,
        });
    }
  }
  const targets: Array<{ unit: UnitId; key: string }> = [];
  for (const [unit, figures] of truth) {
    for (const [key, value] of figures)
      if (isSmall(value, k) && !fixed.has(figureId(unit, key))) targets.push({ unit, key });
  }
  const shown = (unit: UnitId, key: string): number | null => fixed.get(figureId(unit, key)) ?? null;
  const bound = fixed.get(figureId(ALL_UNIT, "N")) ?? 1e9;
  const ranges = await feasibleRanges(relations, shown, targets, bound);
  const exposed: AuditFinding[] = [];
  for (const target of targets) {
    const range = ranges.get(figureId(target.unit, target.key));
    // A figure in no relation is unbounded but for the survey's total.
    const r = range ?? { min: 0, max: bound };
    if (!isProtected(r, k))
      exposed.push({ ...target, value: truth.get(target.unit)!.get(target.key)!, range: r });
  }
  return { checked: targets.length, exposed, violations: book.violations };
}
