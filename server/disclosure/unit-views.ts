import { isSmall } from "@shared/suppression.js";
import type { Relation, UnitId } from "./figures.js";
import { feasibleRanges, figureId, isProtected, type FigureRef, type Range } from "./ranges.js";

/**
 * Disclosure control for the unit views (server/units): how many responses each dispatch unit
 * and each officer within a unit has, for one survey. Every viewer gets the same protection,
 * analysts included: these figures are about individual officers and the few residents each met.
 *
 * Figures (key `N` of each cell): `all` (the survey's responses, known to everyone), `unit:<u>`,
 * `unit:` (responses without a unit: never shown), `officer:<u>/<o>` and `officer:<u>/` (the
 * unit's responses without an officer: never shown). They add up: `all` is the sum of the
 * units and `unit:`, a unit is the sum of its officers and `officer:<u>/`.
 *
 * 1. Primary: a cell with fewer than k responses (the agency's `unitMinimumN`) is hidden; a
 *    hidden unit hides its officers.
 * 2. Rows: in each sum, if a hidden cell (the never-shown rest included) is small, the hidden
 *    cells must hold at least k together; else the smallest shown cell is hidden too, again.
 * 3. Audit: linear programming (ranges.ts) bounds each small hidden cell given everything
 *    shown; a row where one is still pinned to less than k is hidden whole.
 */
export interface UnitTable {
  /** The survey's responses. */
  total: number;
  units: Map<string, { n: number; officers: Map<string, number> }>;
}

export interface UnitRelease {
  k: number;
  hiddenUnits: Set<string>;
  /** `officerCell(unit, officer)` of each hidden officer. */
  hiddenOfficers: Set<string>;
}

export const unitCell = (unit: string): UnitId => `unit:${unit}`;
export const officerCell = (unit: string, officer: string): UnitId => `officer:${unit}/${officer}`;
const NO_UNIT = unitCell("");
const noOfficer = (unit: string): UnitId => officerCell(unit, "");

export interface Row {
  total: UnitId;
  cells: Array<{ id: UnitId; value: number; hideable: boolean }>;
}

/** Every cell's true count, the never-shown rests included. */
function truthOf(table: UnitTable): Map<UnitId, number> {
  const truth = new Map<UnitId, number>([["all", table.total]]);
  let inUnits = 0;
  for (const [unit, { n, officers }] of table.units) {
    truth.set(unitCell(unit), n);
    inUnits += n;
    let withOfficer = 0;
    for (const [officer, count] of officers) {
      truth.set(officerCell(unit, officer), count);
      withOfficer += count;
    }
    truth.set(noOfficer(unit), Math.max(0, n - withOfficer));
  }
  truth.set(NO_UNIT, Math.max(0, table.total - inUnits));
  return truth;
}

function rowsOf(table: UnitTable, truth: Map<UnitId, number>): Row[] {
  const value = (id: UnitId): number => truth.get(id) ?? 0;
  const rows: Row[] = [
    {
      total: "all",
      cells: [
        ...[...table.units.keys()].map((u) => ({
          id: unitCell(u),
          value: value(unitCell(u)),
          hideable: true,
        })),
        { id: NO_UNIT, value: value(NO_UNIT), hideable: false },
      ],
    },
  ];
  for (const [unit, { officers }] of table.units)
    rows.push({
      total: unitCell(unit),
      cells: [
        ...[...officers.keys()].map((o) => ({
          id: officerCell(unit, o),
          value: value(officerCell(unit, o)),
          hideable: true,
        })),
        { id: noOfficer(unit), value: value(noOfficer(unit)), hideable: false },
      ],
    });
  return rows;
}

const relationsOf = (rows: Row[]): Relation[] =>
  rows.map((row) => ({
    terms: [
      { unit: row.total, key: "N", coefficient: -1 },
      ...row.cells.map((c) => ({ unit: c.id, key: "N", coefficient: 1 })),
    ],
    op: "=" as const,
    constant: 0,
  }));

async function pinnedCells(
  truth: Map<UnitId, number>,
  rows: Row[],
  shownCells: ReadonlySet<UnitId>,
  k: number,
): Promise<Array<FigureRef & { range: Range }>> {
  const shown = (unit: UnitId): number | null => (shownCells.has(unit) ? (truth.get(unit) ?? 0) : null);
  const targets: FigureRef[] = [...truth]
    .filter(([id, value]) => isSmall(value, k) && !shownCells.has(id))
    .map(([unit]) => ({ unit, key: "N" }));
  const ranges = await feasibleRanges(relationsOf(rows), shown, targets, truth.get("all") ?? 0);
  return targets
    .map((t) => ({
      ...t,
      range: ranges.get(figureId(t.unit, t.key)) ?? { min: 0, max: truth.get("all") ?? 0 },
    }))
    .filter((t) => !isProtected(t.range, k));
}

/**
 * Small hidden cells (of `truth`) that the shown cells pin to a span under k. A cell the
 * survey's total alone pins (the responses without a unit, when no unit has any) is not the
 * unit views' doing: that total is protected, or not, with the survey's other figures.
 */
export async function exposedCells(
  truth: Map<UnitId, number>,
  rows: Row[],
  shownCells: ReadonlySet<UnitId>,
  k: number,
): Promise<Array<FigureRef & { range: Range }>> {
  const exposed = await pinnedCells(truth, rows, shownCells, k);
  if (exposed.length === 0) return exposed;
  const byTotal = new Set((await pinnedCells(truth, rows, new Set(["all"]), k)).map((f) => f.unit));
  return exposed.filter((f) => !byTotal.has(f.unit));
}

/** The protected release of one survey's unit table (see above). */
export async function protectUnitTable(table: UnitTable, k: number): Promise<UnitRelease> {
  const truth = truthOf(table);
  const rows = rowsOf(table, truth);
  const hidden = new Set<UnitId>([NO_UNIT, ...[...table.units.keys()].map(noOfficer)]);
  for (const [id, value] of truth) if (id !== "all" && isSmall(value, k)) hidden.add(id);
  const closeRows = (): void => {
    let changed = true;
    const hide = (id: UnitId): void => {
      if (hidden.has(id)) return;
      hidden.add(id);
      changed = true;
    };
    while (changed) {
      changed = false;
      for (const row of rows) {
        const cells = row.cells;
        if (hidden.has(row.total)) {
          cells.forEach((c) => hide(c.id));
          continue;
        }
        const hiddenCells = cells.filter((c) => hidden.has(c.id));
        const needsCover = hiddenCells.some((c) => isSmall(c.value, k));
        const held = hiddenCells.reduce((sum, c) => sum + c.value, 0);
        if (!needsCover || held >= k) continue;
        const next = cells
          .filter((c) => c.hideable && !hidden.has(c.id))
          .sort((a, b) => a.value - b.value || a.id.localeCompare(b.id))[0];
        if (next) hide(next.id);
      }
    }
  };
  closeRows();
  const shownCells = (): Set<UnitId> => new Set([...truth.keys()].filter((id) => !hidden.has(id)));
  for (let round = 0; round < 4; round++) {
    const exposed = await exposedCells(truth, rows, shownCells(), k);
    if (exposed.length === 0) break;
    for (const f of exposed) {
      const row = rows.find((r) => r.cells.some((c) => c.id === f.unit));
      for (const c of row?.cells ?? []) hidden.add(c.id);
    }
    closeRows();
  }
  const hiddenUnits = new Set<string>();
  const hiddenOfficers = new Set<string>();
  for (const [unit, { officers }] of table.units) {
    if (hidden.has(unitCell(unit))) hiddenUnits.add(unit);
    for (const officer of officers.keys())
      if (hidden.has(officerCell(unit, officer))) hiddenOfficers.add(officerCell(unit, officer));
  }
  return { k, hiddenUnits, hiddenOfficers };
}

/** What a viewer of every unit was shown: the count of each unit and officer, or null where hidden. */
export interface UnitObservation {
  units: Map<string, number | null>;
  officers: Map<string, number | null>;
  /** Estimates shown for cells whose count is hidden: each is a violation. */
  estimatesOverHidden: string[];
}

export interface UnitAuditReport {
  /** Units whose views were observed. */
  observed: number;
  checked: number;
  exposed: Array<{ cell: UnitId; value: number; range: Range }>;
  violations: string[];
}

/**
 * The auditor of the unit views, independent of how they were made: from the counts one
 * viewer of every unit obtained (the most anyone below the agency's data can see; a supervisor
 * of fewer units sees less, which only widens the ranges), checks that no small count can be
 * worked out, and that no shown count is itself small.
 */
export async function auditUnitObservation(
  table: UnitTable,
  observation: UnitObservation,
  k: number,
): Promise<UnitAuditReport> {
  const truth = truthOf(table);
  const rows = rowsOf(table, truth);
  const violations = [...observation.estimatesOverHidden];
  const shownCells = new Set<UnitId>(["all"]);
  const record = (cell: UnitId, value: number | null): void => {
    if (value === null) return;
    if (value !== truth.get(cell)) violations.push(`${cell} is shown as ${value}, not its count`);
    if (isSmall(value, k)) violations.push(`${cell} shows a small count (${value})`);
    shownCells.add(cell);
  };
  for (const [unit, value] of observation.units) record(unitCell(unit), value);
  for (const [cell, value] of observation.officers) record(cell, value);
  const targets = [...truth].filter(([id, value]) => isSmall(value, k) && !shownCells.has(id));
  const exposed = await exposedCells(truth, rows, shownCells, k);
  return {
    observed: observation.units.size,
    checked: targets.length,
    exposed: exposed.map((f) => ({ cell: f.unit, value: truth.get(f.unit)!, range: f.range })),
    violations,
  };
}
