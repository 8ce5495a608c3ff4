import type { IndexKey } from "@shared/indices.js";
import type { RollupWrite } from "./rollup-increments.js";

/**
 * The rollups the unit and officer views (server/units) read instead of every response: all
 * time only (those views have no periods), one document per unit, per officer within a unit
 * and per officer over all units, plus one for the whole survey. Each holds `n` and the index
 * moments `x.<index>.{n,s,q}`; nothing per question, so they stay small.
 *
 * Their moments sit on a finer grid than the other rollups' 1/256: the unit views shrink
 * estimates toward the agency mean and round them to 0.1, and the coarse grid would move a
 * unit's mean by up to 0.002, enough to change a rounded figure the views showed before.
 * Each score is rounded to 2⁻²⁴ and each square to 2⁻¹⁶: the sums stay exact in floating point
 * (so a rebuild reproduces live rollups to the bit, whatever order the `$inc`s land in) up to
 * 2⁵³ / (100 · 2²⁴) ≈ 5 million responses in one segment.
 */
const SCORE_GRID = 2 ** 24;
const SQUARE_GRID = 2 ** 16;

/** Every response of the survey, with or without a unit: the survey's total and agency mean. */
export const UNIT_VIEWS_ALL = "unitviews:all";

// Unit codes and badges from before intake normalised them may hold `/` or `|`: encoded, a
// segment always parses back, while the usual codes (letters, digits, `_`, `-`) read as they are.
const encode = encodeURIComponent;
export const unitSegment = (unit: string): string => `unit:${encode(unit)}`;
export const officerSegment = (unit: string, officer: string): string =>
  `officer:${encode(unit)}/${encode(officer)}`;
export const badgeSegment = (officer: string): string => `badge:${encode(officer)}`;

export type UnitViewSegment =
  | { kind: "all" }
  | { kind: "unit"; unit: string }
  | { kind: "officer"; unit: string; officer: string }
  | { kind: "badge"; officer: string };

/** What a unit-view segment names, or null for any other segment. */
export function parseUnitViewSegment(segment: string): UnitViewSegment | null {
  if (segment === UNIT_VIEWS_ALL) return { kind: "all" };
  const colon = segment.indexOf(":");
  const kind = segment.slice(0, colon);
  const rest = segment.slice(colon + 1);
  if (kind === "unit") return { kind, unit: decodeURIComponent(rest) };
  if (kind === "badge") return { kind, officer: decodeURIComponent(rest) };
  if (kind === "officer") {
    const slash = rest.indexOf("/");
    if (slash < 0) return null;
    return {
      kind,
      unit: decodeURIComponent(rest.slice(0, slash)),
      officer: decodeURIComponent(rest.slice(slash + 1)),
    };
  }
  return null;
}

/** Every rollup of the unit views: each unit-view segment, all time only. */
export const UNIT_VIEW_ROLLUPS = {
  segment: (segment: string): boolean => parseUnitViewSegment(segment) !== null,
  period: (period: string): boolean => period === "all",
  key: JSON.stringify(["unit-views"]),
};

/** What one response adds to the unit views. */
export interface UnitViewSource {
  unit?: string | null;
  officer?: string | null;
  scores: Partial<Record<IndexKey, number>>;
}

function unitViewIncrement(scores: UnitViewSource["scores"]): Record<string, number> {
  const inc: Record<string, number> = { n: 1 };
  for (const [key, score] of Object.entries(scores)) {
    if (typeof score !== "number") continue;
    inc[`x.${key}.n`] = 1;
    inc[`x.${key}.s`] = Math.round(score * SCORE_GRID) / SCORE_GRID;
    inc[`x.${key}.q`] = Math.round(score * score * SQUARE_GRID) / SQUARE_GRID;
  }
  return inc;
}

/** The unit-view rollups one response counts in (the live path, compaction and rebuilds all call this). */
export function unitViewWrites(source: UnitViewSource): RollupWrite[] {
  const inc = unitViewIncrement(source.scores);
  const segments = [UNIT_VIEWS_ALL];
  const unit = source.unit ?? null;
  const officer = source.officer ?? null;
  if (unit !== null) segments.push(unitSegment(unit));
  if (unit !== null && officer !== null) segments.push(officerSegment(unit, officer));
  if (officer !== null) segments.push(badgeSegment(officer));
  return segments.map((segment) => ({ period: "all", segment, inc }));
}
