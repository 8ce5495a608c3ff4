import loadHighs, { type Highs } from "highs";
import type { Relation, UnitId } from "./figures.js";

/**
 * The feasible range of hidden figures given everything shown: for each hidden count, the
 * smallest and largest value any table consistent with the shown figures and the known
 * relations could give it. Two linear programs per figure (minimise, maximise), as the audit
 * step of τ-ARGUS and sdcTable does, solved by HiGHS (the `highs` package: the HiGHS solver
 * compiled to WebAssembly, maintained, no native build, exact enough for counts in the
 * millions). The relaxation to real numbers only widens ranges by less than one; bounds are
 * rounded inward to whole counts.
 */

let solver: Promise<Highs> | null = null;
const highs = (): Promise<Highs> => (solver ??= loadHighs());

export interface FigureRef {
  unit: UnitId;
  key: string;
}

export interface Range {
  min: number;
  max: number;
}

export const figureId = (unit: UnitId, key: string): string => `${unit}\u0000${key}`;

/** Shown figures by unit; a figure absent from its unit's map (or null) is hidden. */
export type Shown = (unit: UnitId, key: string) => number | null;

interface Row {
  vars: number[];
  coefficients: number[];
  lower: number;
  upper: number;
}

class UnionFind {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(a: number): number {
    while (this.parent[a] !== a) {
      this.parent[a] = this.parent[this.parent[a]!]!;
      a = this.parent[a]!;
    }
    return a;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/**
 * The range of each target figure. `bound` caps every count (the survey's total responses,
 * which is shown), so no program is unbounded. Relations among shown figures only are skipped.
 */
export async function feasibleRanges(
  relations: Relation[],
  shown: Shown,
  targets: FigureRef[],
  bound: number,
): Promise<Map<string, Range>> {
  const result = new Map<string, Range>();
  if (targets.length === 0) return result;
  const index = new Map<string, number>();
  const sets = new UnionFind();
  const variable = (unit: UnitId, key: string): number => {
    const id = figureId(unit, key);
    let at = index.get(id);
    if (at === undefined) {
      at = sets.add();
      index.set(id, at);
    }
    return at;
  };
  // Figures a single equation pins down (a partition's last part, say) are worked out first:
  // exact, and it keeps unrelated figures out of one another's programs.
  const derived = new Map<string, number>();
  const valueOf = (unit: UnitId, key: string): number | null =>
    shown(unit, key) ?? derived.get(figureId(unit, key)) ?? null;
  for (let changed = true; changed;) {
    changed = false;
    for (const relation of relations) {
      if (relation.op !== "=") continue;
      let constant = relation.constant;
      let unknown: (typeof relation.terms)[number] | null = null;
      let unknowns = 0;
      for (const t of relation.terms) {
        const value = valueOf(t.unit, t.key);
        if (value === null) {
          unknowns += 1;
          unknown = t;
        } else constant -= t.coefficient * value;
      }
      if (unknowns === 1 && unknown) {
        derived.set(figureId(unknown.unit, unknown.key), constant / unknown.coefficient);
        changed = true;
      }
    }
  }
  const rows: Row[] = [];
  for (const relation of relations) {
    let constant = relation.constant;
    const vars: number[] = [];
    const coefficients: number[] = [];
    for (const t of relation.terms) {
      const value = valueOf(t.unit, t.key);
      if (value === null) {
        vars.push(variable(t.unit, t.key));
        coefficients.push(t.coefficient);
      } else constant -= t.coefficient * value;
    }
    if (vars.length === 0) continue;
    for (let i = 1; i < vars.length; i++) sets.union(vars[0]!, vars[i]!);
    rows.push({ vars, coefficients, lower: relation.op === "=" ? constant : -Infinity, upper: constant });
  }
  for (const target of targets) {
    const value = derived.get(figureId(target.unit, target.key));
    if (value !== undefined) result.set(figureId(target.unit, target.key), { min: value, max: value });
  }
  const open = targets.filter((t) => !result.has(figureId(t.unit, t.key)));
  const targetVars = open.map((t) => variable(t.unit, t.key));
  const lib = await highs();
  // One model per connected part of the hidden figures: most parts are a handful of cells.
  const components = new Map<number, { vars: number[]; rows: Row[] }>();
  for (const at of index.values()) {
    const root = sets.find(at);
    const component = components.get(root) ?? { vars: [], rows: [] };
    component.vars.push(at);
    components.set(root, component);
  }
  for (const row of rows) components.get(sets.find(row.vars[0]!))!.rows.push(row);
  const wanted = new Map<number, number[]>();
  targetVars.forEach((at, i) => {
    const root = sets.find(at);
    wanted.set(root, [...(wanted.get(root) ?? []), i]);
  });
  const { minimize, maximize } = lib.constants.objectiveSense;
  const status = lib.constants.modelStatus;
  for (const [root, targetIndexes] of wanted) {
    const component = components.get(root)!;
    const column = new Map(component.vars.map((v, i) => [v, i]));
    // One call with the whole program: adding columns and rows one by one costs far more.
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of component.rows) {
      indices.push(...row.vars.map((v) => column.get(v)!));
      values.push(...row.coefficients);
      starts.push(indices.length);
    }
    const cols = component.vars.length;
    const model = lib.createModel({
      numCols: cols,
      numRows: component.rows.length,
      colCost: new Array<number>(cols).fill(0),
      colLower: new Array<number>(cols).fill(0),
      colUpper: new Array<number>(cols).fill(bound),
      rowLower: component.rows.map((row) => (Number.isFinite(row.lower) ? row.lower : -lib.infinity)),
      rowUpper: component.rows.map((row) => row.upper),
      matrix: { format: "csr", numRows: component.rows.length, numCols: cols, starts, indices, values },
    });
    try {
      model.options.set({ output_flag: false });
      let previous = -1;
      for (const i of targetIndexes) {
        const col = column.get(targetVars[i]!)!;
        if (previous >= 0) model.changeColCost(previous, 0);
        model.changeColCost(col, 1);
        previous = col;
        const solve = (sense: typeof minimize): number => {
          model.changeObjectiveSense(sense);
          model.run();
          const outcome = model.getModelStatus();
          if (outcome === status.infeasible || outcome === status.unboundedOrInfeasible)
            throw new Error("the shown figures contradict the survey's relations");
          if (outcome !== status.optimal) return sense === minimize ? 0 : bound;
          return model.getObjectiveValue();
        };
        const low = solve(minimize);
        const high = solve(maximize);
        const target = open[i]!;
        result.set(figureId(target.unit, target.key), {
          min: Math.max(0, Math.ceil(low - 1e-6)),
          max: Math.min(bound, Math.floor(high + 1e-6)),
        });
      }
    } finally {
      model.dispose();
    }
  }
  return result;
}

/**
 * The protection rule: a hidden count is protected when what the shown figures allow for it
 * spans at least k (from 0 to at least k, or any other k-wide span): a reader cannot tell a
 * small group from a group of k or more, or from nobody.
 */
export const isProtected = (range: Range, k: number): boolean => range.max - range.min >= k;
