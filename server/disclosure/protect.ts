import { isSmall } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import {
  ALL_UNIT,
  NO_DISTRICT_UNIT,
  partitionOf,
  partitionRelations,
  surveyStructure,
  unitRelations,
  type Relation,
  type SurveyStructure,
  type UnitId,
} from "./figures.js";
import { feasibleRanges, figureId, isProtected, type FigureRef } from "./ranges.js";

/**
 * Disclosure control for everything a viewer below the analyst role can obtain for a survey:
 * which counts of which unit (see figures.ts) are hidden so that no small group (1 … k−1
 * responses) can be worked out by adding or subtracting what is shown, in any view.
 *
 * 1. Primary: every small count is hidden, and so is the never-shown "no district" unit.
 * 2. Rules that follow from how figures are linked, applied until nothing changes: a hidden
 *    total hides its row; a row (a question's values adding up to its count) with a hidden cell
 *    hides more cells until at least two are hidden holding at least k together; a column (the
 *    same figure across the districts, or across the months, adding up to the whole) likewise,
 *    and a figure hidden in the whole is hidden in a part too, or the parts would add up to it;
 *    a question whose skip-logic parent has a hidden cell is hidden whole; an index is hidden
 *    wherever a question it is built from has anything hidden.
 * 3. Audit: for every hidden small count, linear programming finds the smallest and largest
 *    value consistent with everything shown (ranges.ts). Where that span is under k, one more
 *    figure is hidden beside it (in its column first, then in its row) and the audit runs again.
 *    After a few rounds a figure that still is not protected has its whole question hidden in
 *    every unit, which the rules above make safe.
 * The release is therefore protected by construction: it is only returned once the audit
 * passes for every small count.
 */
export interface ReleaseInput {
  questions: Question[];
  districts: readonly string[];
  k: number;
  /** Exact figures per unit: `all`, `district:<code>` for every district, `month:<YYYY-MM>`. */
  units: Map<UnitId, Map<string, number>>;
}

export interface Release {
  k: number;
  structure: SurveyStructure;
  values: Map<UnitId, Map<string, number>>;
  hidden: Map<UnitId, Set<string>>;
  /** Audit rounds it took. */
  rounds: number;
}

/** Rounds of targeted complementary hiding before a whole question is hidden. */
const MAX_ROUNDS = 8;

export function partsOf(units: Iterable<UnitId>): { district: UnitId[]; month: UnitId[] } {
  const district: UnitId[] = [];
  const month: UnitId[] = [];
  for (const unit of units) {
    const partition = partitionOf(unit);
    if (partition === "district") district.push(unit);
    if (partition === "month") month.push(unit);
  }
  return { district, month };
}

/** The relations a reader can use, less any the stored data breaks (answers of older versions). */
export function knownRelations(
  structure: SurveyStructure,
  input: Pick<ReleaseInput, "questions" | "units">,
): Relation[] {
  const units = [...input.units.keys()];
  const parts = partsOf(units);
  const all = [
    ...units.flatMap((unit) => unitRelations(structure, unit, input.questions)),
    ...partitionRelations(structure.keys, ALL_UNIT, parts.district),
    ...partitionRelations(structure.keys, ALL_UNIT, parts.month),
  ];
  const value = (unit: UnitId, key: string): number => input.units.get(unit)?.get(key) ?? 0;
  return all.filter((relation) => {
    const total = relation.terms.reduce((sum, t) => sum + t.coefficient * value(t.unit, t.key), 0);
    return relation.op === "="
      ? Math.abs(total - relation.constant) < 1e-9
      : total <= relation.constant + 1e-9;
  });
}

/** The protected release of one survey's figures for every viewer below the analyst role. */
export async function protectRelease(input: ReleaseInput): Promise<Release> {
  const { k } = input;
  const structure = surveyStructure(input.questions, input.districts);
  const values = withNoDistrictUnit(input.units, structure);
  const hidden = new Map<UnitId, Set<string>>();
  for (const [unit, figures] of values) {
    const set = new Set<string>();
    for (const [key, value] of figures) if (unit === NO_DISTRICT_UNIT || isSmall(value, k)) set.add(key);
    hidden.set(unit, set);
  }
  const state = new ReleaseState(structure, values, hidden, k);
  let rounds = 0;
  for (;;) {
    state.close();
    const exposed = await auditRelease(state, structure, input.questions, values, k);
    rounds += 1;
    if (exposed.length === 0) break;
    if (rounds >= MAX_ROUNDS) exposed.forEach((f) => state.hideEverywhere(f.key));
    else exposed.forEach((f) => state.complement(f));
  }
  return { k, structure, values, hidden, rounds };
}

/**
 * The audit inside protection, on a smaller program than the auditor's: the parts of a
 * partition that are hidden whole (their N hidden) are merged into one unit. That loses
 * nothing: when two or more parts show nothing, any one of them could hold all of the merged
 * figure or none of it, so a figure of such a part ranges from 0 to the merged figure's
 * largest value; a single such part is the merged unit. The auditor (audit.ts) checks the
 * result without this shortcut.
 */
async function auditRelease(
  state: ReleaseState,
  structure: SurveyStructure,
  questions: Question[],
  values: Map<UnitId, Map<string, number>>,
  k: number,
): Promise<FigureRef[]> {
  const shown = state.shownLookup();
  if (shown(ALL_UNIT, "N") === null) return [];
  const merged = new Map<UnitId, UnitId[]>();
  const reduced = new Map<UnitId, Map<string, number>>();
  // A partition none of whose parts shows anything constrains nothing: its parts can split the
  // whole any way at all, so each ranges from 0 to the whole's figure, which the whole's own
  // audit protects. It is left out of the program.
  const silent = new Set<string>(
    (["district", "month"] as const).filter((p) =>
      [...values.keys()].every((u) => partitionOf(u) !== p || shown(u, "N") === null),
    ),
  );
  for (const [unit, figures] of values) {
    const partition = partitionOf(unit);
    if (partition !== "all" && silent.has(partition)) continue;
    if (partition === "all" || shown(unit, "N") !== null) {
      reduced.set(unit, figures);
      continue;
    }
    const rest = `${partition}:*`;
    merged.set(rest, [...(merged.get(rest) ?? []), unit]);
    const sum = reduced.get(rest) ?? new Map<string, number>();
    for (const [key, value] of figures) sum.set(key, (sum.get(key) ?? 0) + value);
    reduced.set(rest, sum);
  }
  const relations = knownRelations(structure, { questions, units: reduced });
  const sensitive = state.sensitiveHidden();
  const targets: FigureRef[] = [];
  const seen = new Set<string>();
  const audited = sensitive.filter((f) => partitionOf(f.unit) === "all" || !silent.has(partitionOf(f.unit)));
  for (const f of audited) {
    const partition = partitionOf(f.unit);
    const at =
      partition !== "all" && merged.get(`${partition}:*`)?.includes(f.unit) ? `${partition}:*` : f.unit;
    if (!seen.has(figureId(at, f.key))) targets.push({ unit: at, key: f.key });
    seen.add(figureId(at, f.key));
  }
  const lookup = (unit: UnitId, key: string): number | null => (merged.has(unit) ? null : shown(unit, key));
  const ranges = await feasibleRanges(relations, lookup, targets, shown(ALL_UNIT, "N")!);
  return audited.filter((f) => {
    const partition = partitionOf(f.unit);
    const rest = `${partition}:*`;
    const members = partition === "all" ? undefined : merged.get(rest);
    if (!members?.includes(f.unit)) return !isProtected(ranges.get(figureId(f.unit, f.key))!, k);
    const range = ranges.get(figureId(rest, f.key))!;
    return !isProtected(members.length > 1 ? { min: 0, max: range.max } : range, k);
  });
}

/** Adds the unit of responses without a district (the whole less every district), when there are districts. */
function withNoDistrictUnit(units: Map<UnitId, Map<string, number>>, structure: SurveyStructure) {
  const out = new Map(units);
  const districts = partsOf(units.keys()).district.filter((u) => u !== NO_DISTRICT_UNIT);
  if (districts.length === 0) return out;
  const whole = units.get(ALL_UNIT)!;
  const rest = new Map<string, number>();
  for (const key of structure.keys) {
    const inDistricts = districts.reduce((sum, unit) => sum + (units.get(unit)?.get(key) ?? 0), 0);
    rest.set(key, Math.max(0, (whole.get(key) ?? 0) - inDistricts));
  }
  out.set(NO_DISTRICT_UNIT, rest);
  return out;
}

class ReleaseState {
  private readonly parts: { district: UnitId[]; month: UnitId[] };
  private readonly familyOf = new Map<string, string>();

  constructor(
    private readonly structure: SurveyStructure,
    private readonly values: Map<UnitId, Map<string, number>>,
    private readonly hidden: Map<UnitId, Set<string>>,
    private readonly k: number,
  ) {
    this.parts = partsOf(values.keys());
    for (const [family, keys] of structure.families) for (const key of keys) this.familyOf.set(key, family);
  }

  private value(unit: UnitId, key: string): number {
    return this.values.get(unit)?.get(key) ?? 0;
  }

  private isHidden(unit: UnitId, key: string): boolean {
    return this.hidden.get(unit)?.has(key) ?? false;
  }

  /** Hides a figure; true when it was shown. */
  private hide(unit: UnitId, key: string): boolean {
    const set = this.hidden.get(unit)!;
    if (set.has(key)) return false;
    set.add(key);
    return true;
  }

  shownLookup() {
    return (unit: UnitId, key: string): number | null =>
      this.isHidden(unit, key) ? null : this.value(unit, key);
  }

  /** Every hidden small count: the figures the audit must find protected. */
  sensitiveHidden(): FigureRef[] {
    const out: FigureRef[] = [];
    for (const [unit, set] of this.hidden)
      for (const key of set) if (isSmall(this.value(unit, key), this.k)) out.push({ unit, key });
    return out;
  }

  /** Applies the linking rules until nothing changes. */
  close(): void {
    for (let changed = true; changed;) {
      changed = false;
      for (const unit of this.values.keys()) changed = this.closeUnit(unit) || changed;
      for (const key of this.structure.keys) changed = this.closeColumns(key) || changed;
    }
  }

  private hideAll(unit: UnitId, keys: Iterable<string>): boolean {
    let changed = false;
    for (const key of keys) changed = this.hide(unit, key) || changed;
    return changed;
  }

  private closeUnit(unit: UnitId): boolean {
    let changed = false;
    if (this.isHidden(unit, "N")) return this.hideAll(unit, this.structure.keys);
    for (const keys of this.structure.families.values()) {
      if (this.isHidden(unit, keys[0]!)) changed = this.hideAll(unit, keys) || changed;
    }
    for (const row of this.structure.rows) {
      if (this.isHidden(unit, row.total)) {
        changed = this.hideAll(unit, row.cells) || changed;
        continue;
      }
      if (!row.grouped) continue;
      // In a row every hidden cell needs company, or the total less the shown cells gives it back.
      changed = this.protectLine(unit, row.cells, () => this.hide(unit, row.total), false) || changed;
    }
    for (const condition of this.structure.conditions) {
      const parentKeys = this.structure.families.get(condition.parentFamily) ?? [];
      const parentHidden =
        condition.parentCells.some((c) => this.isHidden(unit, c)) || this.isHidden(unit, parentKeys[0] ?? "");
      if (parentHidden)
        changed = this.hideAll(unit, this.structure.families.get(condition.childFamily) ?? []) || changed;
    }
    for (const index of this.structure.indices) {
      const touched = index.families.some((family) =>
        (this.structure.families.get(family) ?? []).some((key) => this.isHidden(unit, key)),
      );
      if (touched) changed = this.hide(unit, index.key) || changed;
    }
    return changed;
  }

  /**
   * Cells (of one unit's row, or one figure across a partition's parts) that add up to a shown
   * total: once one is hidden (a small one, with `smallOnly`), at least two nonzero ones are
   * hidden and they hold at least k together, else the smallest shown nonzero one is hidden
   * too; when none is left, `fallback` hides the total.
   */
  private protectLine(
    unit: UnitId | null,
    cells: string[] | Array<[UnitId, string]>,
    fallback: () => boolean,
    smallOnly: boolean,
  ): boolean {
    const pairs: Array<[UnitId, string]> = cells.map((c) => (typeof c === "string" ? [unit!, c] : c));
    let changed = false;
    for (;;) {
      let count = 0;
      let sum = 0;
      let small = false;
      for (const [u, key] of pairs) {
        const v = this.value(u, key);
        if (v > 0 && this.isHidden(u, key)) {
          count += 1;
          sum += v;
          small ||= !smallOnly || isSmall(v, this.k);
        }
      }
      if (!small || (count >= 2 && sum >= this.k)) return changed;
      let next: [UnitId, string] | null = null;
      for (const pair of pairs) {
        const v = this.value(pair[0], pair[1]);
        if (v > 0 && !this.isHidden(pair[0], pair[1]) && (!next || v < this.value(next[0], next[1])))
          next = pair;
      }
      if (!next) return fallback() || changed;
      this.hide(next[0], next[1]);
      changed = true;
    }
  }

  private closeColumns(key: string): boolean {
    let changed = false;
    for (const parts of [this.parts.district, this.parts.month]) {
      if (parts.length === 0) continue;
      const cells = parts.map((unit): [UnitId, string] => [unit, key]);
      if (this.isHidden(ALL_UNIT, key)) {
        // Parts that all show a figure give away the whole's hidden one.
        const anyHidden = parts.some((unit) => this.value(unit, key) > 0 && this.isHidden(unit, key));
        if (!anyHidden && this.value(ALL_UNIT, key) > 0) {
          const smallest = this.smallestShown(cells);
          if (smallest) changed = this.hide(smallest[0], smallest[1]) || changed;
        }
        continue;
      }
      // Across parts only a small hidden cell needs company: a part hidden whole hides cells of
      // every size, and those are left to the audit.
      changed = this.protectLine(null, cells, () => this.hide(ALL_UNIT, key), true) || changed;
    }
    return changed;
  }

  private smallestShown(cells: Array<[UnitId, string]>): [UnitId, string] | null {
    let best: [UnitId, string] | null = null;
    for (const cell of cells) {
      const v = this.value(cell[0], cell[1]);
      if (v > 0 && !this.isHidden(cell[0], cell[1]) && (!best || v < this.value(best[0], best[1])))
        best = cell;
    }
    return best;
  }

  private largestShown(cells: Array<[UnitId, string]>): [UnitId, string] | null {
    let best: [UnitId, string] | null = null;
    for (const cell of cells) {
      const v = this.value(cell[0], cell[1]);
      if (v > 0 && !this.isHidden(cell[0], cell[1]) && (!best || v > this.value(best[0], best[1])))
        best = cell;
    }
    return best;
  }

  /**
   * One more hidden figure beside an exposed one. A small cell of a part can only move if a
   * shown part gives up the same amount of it and takes as much of another value: the classic
   * rectangle of four cells. So the part that holds most of the exposed figure gives it up, and
   * in that part the value the hidden parts hold most of is hidden too (even a zero: its
   * partner across the rectangle is what carries the slack). Failing that: in its columns, then
   * in its row, then in the whole.
   */
  complement(figure: FigureRef): void {
    const { unit, key } = figure;
    const partition = partitionOf(unit);
    const row = this.structure.rows.find((r) => r.cells.includes(key));
    if (partition !== "all" && row && this.rectangle(unit, key, row.cells)) return;
    const columns =
      partition === "all"
        ? [this.parts.district, this.parts.month]
        : [partition === "district" ? this.parts.district : this.parts.month];
    for (const parts of columns) {
      const partner = this.largestShown(
        parts.filter((u) => u !== unit).map((u): [UnitId, string] => [u, key]),
      );
      if (partner) {
        this.hide(partner[0], partner[1]);
        return;
      }
    }
    const partner = row ? this.largestShown(row.cells.map((c): [UnitId, string] => [unit, c])) : null;
    if (partner) {
      this.hide(partner[0], partner[1]);
      return;
    }
    if (partition !== "all" && !this.isHidden(ALL_UNIT, key)) {
      this.hide(ALL_UNIT, key);
      return;
    }
    this.hideEverywhere(key);
  }

  /** Hides the rectangle's shown corners for an exposed cell of a part; false when there is none. */
  private rectangle(unit: UnitId, key: string, cells: string[]): boolean {
    const parts = partitionOf(unit) === "district" ? this.parts.district : this.parts.month;
    const shownPart = (u: UnitId) => u !== unit && !this.isHidden(u, "N");
    const donors = parts.filter(shownPart).sort((a, b) => this.value(b, key) - this.value(a, key));
    const donor = donors[0];
    if (!donor || this.value(donor, key) === 0) return false;
    // Where the exposed cell's group (the part, with every part hidden whole) holds the most.
    const group = parts.filter((u) => u === unit || this.isHidden(u, "N"));
    const mass = (cell: string): number => group.reduce((sum, u) => sum + this.value(u, cell), 0);
    const other = cells
      .filter((cell) => cell !== key && !this.isHidden(donor, cell))
      .sort((a, b) => mass(b) - mass(a))[0];
    if (!other || mass(other) === 0) return false;
    const changed = this.hide(donor, key);
    return this.hide(donor, other) || changed;
  }

  /** The last resort: the figure's whole question (or the figure itself) hidden in every unit. */
  hideEverywhere(key: string): void {
    const family = this.familyOf.get(key);
    const keys = family ? (this.structure.families.get(family) ?? [key]) : [key];
    for (const unit of this.values.keys()) {
      // Hiding N in the whole would hide everything; the parts' N hidden already protects it.
      if (key === "N" && unit === ALL_UNIT) continue;
      this.hideAll(unit, keys);
    }
  }
}
