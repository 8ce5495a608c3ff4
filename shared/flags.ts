/**
 * The one rule that marks an index "weak", "falling" or "rising", used by the dashboard cards,
 * the recommendations endpoint and the weekly digest, so a flag can never disagree with the
 * figures shown beside it: each caller hands in the same figures it shows.
 */
import { INDEX_KEYS, type IndexKey } from "./indices.js";
import { isSuppressed, type Cell, type ResultsBody } from "./suppression.js";

/**
 * Below this many answers (the Kish effective n when weighted) an estimate gets no interval
 * and no flag. 30 follows the NCHS Data Presentation Standards for Proportions (2017), whose
 * first reliability check is a sample size, or effective sample size, of at least 30.
 */
export const MIN_RELIABLE_N = 30;

/** An index score (0–100) below this is weak. */
export const WEAK_BELOW = 60;

/** Said instead of an interval when an estimate rests on fewer than MIN_RELIABLE_N answers. */
export const UNRELIABLE_NOTE = "too few answers for a reliable range";

export type Flag = "falling" | "weak" | "rising";
/** What a card or a recommendation is marked with; "weakest" only when nothing else needs attention. */
export type Attention = Flag | "weakest";

/** The figures one index is judged on: exactly those shown beside the flag. */
export interface IndexFigures {
  /** The score shown (weighted when weighting is applied); null when none. */
  score: number | null;
  /** Its n, or its Kish effective n when weighted; null when hidden. */
  n: number | null;
  /** The change shown beside it, with the sizes of the two waves it was tested on. */
  change?: {
    change: number | null;
    significant: boolean;
    nA: number | null;
    nB: number | null;
  } | null;
}

/** Whether an estimate rests on enough answers (or effective answers) for an interval or a flag. */
export const isReliable = (n: number | null | undefined): n is number =>
  typeof n === "number" && n >= MIN_RELIABLE_N;

/**
 * The flag of one index, or null: none without a score or below the minimum n; "falling" when
 * the change shown is significant, negative and both its waves reach the minimum n; else
 * "weak" below WEAK_BELOW; else "rising" on a significant rise (same conditions as falling).
 * A fall outranks weakness (it needs action soonest); weakness outranks a rise.
 */
export function indexFlag(figures: IndexFigures): Flag | null {
  if (figures.score === null || !isReliable(figures.n)) return null;
  const c = figures.change;
  const tested =
    c !== null &&
    c !== undefined &&
    c.significant &&
    typeof c.change === "number" &&
    isReliable(c.nA) &&
    isReliable(c.nB);
  if (tested && c.change! < 0) return "falling";
  if (figures.score < WEAK_BELOW) return "weak";
  if (tested && c.change! > 0) return "rising";
  return null;
}

/**
 * Every index's flag; when no index is falling or weak, the lowest reliable score without a
 * flag is marked "weakest", so there is always somewhere to start (and never on thin data).
 */
export function indexFlags(
  figures: Partial<Record<IndexKey, IndexFigures>>,
): Partial<Record<IndexKey, Attention>> {
  const flags: Partial<Record<IndexKey, Attention>> = {};
  for (const key of INDEX_KEYS) {
    const f = figures[key];
    const flag = f ? indexFlag(f) : null;
    if (flag) flags[key] = flag;
  }
  if (Object.values(flags).some((f) => f === "falling" || f === "weak")) return flags;
  const lowest = INDEX_KEYS.filter((key) => {
    const f = figures[key];
    return f !== undefined && f.score !== null && isReliable(f.n);
  }).sort((a, b) => figures[a]!.score! - figures[b]!.score!)[0];
  if (lowest && !flags[lowest]) flags[lowest] = "weakest";
  return flags;
}

/** What flags read of a wave comparison (the body of `GET /surveys/:id/compare`). */
export interface ComparisonFigures {
  waves: { a: { n: Cell<number> }; b: { n: Cell<number> } };
  indices?: Record<string, unknown>;
  weighting?: Record<string, unknown>;
}

const num = (value: unknown): number | null => (typeof value === "number" ? value : null);

/** Each wave's size as its tests used it: the Kish effective n when weighting was applied. */
function waveSizes(comparison: ComparisonFigures): { nA: number | null; nB: number | null } {
  const weighting = comparison.weighting as
    { applied?: boolean; waves?: { a?: { effectiveN?: unknown }; b?: { effectiveN?: unknown } } } | undefined;
  if (weighting?.applied === true)
    return { nA: num(weighting.waves?.a?.effectiveN), nB: num(weighting.waves?.b?.effectiveN) };
  return { nA: num(comparison.waves.a.n), nB: num(comparison.waves.b.n) };
}

/** One index's change as shown, or null when it is hidden or absent. */
export function changeOf(comparison: ComparisonFigures | null, key: string): IndexFigures["change"] {
  const entry = comparison?.indices?.[key];
  if (!comparison || !entry || isSuppressed(entry)) return null;
  const c = entry as Record<string, unknown>;
  if (isSuppressed(c["change"])) return null;
  // The index's own sizes where the body gives them; a whole wave's size otherwise.
  const sizes = "nA" in c ? { nA: num(c["nA"]), nB: num(c["nB"]) } : waveSizes(comparison);
  return { change: num(c["change"]), significant: c["significant"] === true, ...sizes };
}

/**
 * The figures a results card shows for each index: the weighted score and effective n when
 * weighting was applied, else the score and n (a hidden one counts as absent), and the
 * change from the comparison shown beside it.
 */
export function resultsFigures(
  results: ResultsBody,
  comparison: ComparisonFigures | null,
): Partial<Record<IndexKey, IndexFigures>> {
  const weighted = results.weighting?.["applied"] === true ? results.weighted : null;
  const figures: Partial<Record<IndexKey, IndexFigures>> = {};
  for (const key of INDEX_KEYS) {
    const index = results.indices[key];
    if (!index) continue;
    const w = weighted?.indices[key];
    const score = num(w ? w.score : index.score);
    const n = num(w ? w.effectiveN : index.n);
    figures[key] = { score, n, change: changeOf(comparison, key) };
  }
  return figures;
}

/**
 * The figures of the later wave of a comparison (the digest's "this week"): its score, the
 * wave's size as the test used it, and the change.
 */
export function comparisonFigures(comparison: ComparisonFigures): Partial<Record<IndexKey, IndexFigures>> {
  const figures: Partial<Record<IndexKey, IndexFigures>> = {};
  for (const key of INDEX_KEYS) {
    const entry = comparison.indices?.[key];
    if (!entry || isSuppressed(entry)) continue;
    const score = num((entry as Record<string, unknown>)["b"]);
    const change = changeOf(comparison, key);
    figures[key] = { score, n: change?.nB ?? waveSizes(comparison).nB, change };
  }
  return figures;
}

/**
 * The two waves the cards compare: the last two months with responses, each cut to the
 * date filter so the change describes the same answers as the score. Null with fewer than two.
 */
export function lastTwoMonths(
  periods: string[],
  filter: { from?: string | null; to?: string | null } = {},
): { a: { from: string; to: string }; b: { from: string; to: string } } | null {
  const range = (month: string) => {
    const [y, m] = month.split("-").map(Number) as [number, number];
    const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
    const from = filter.from && filter.from > `${month}-01` ? filter.from : `${month}-01`;
    const to = filter.to && filter.to < last ? filter.to : last;
    return from <= to ? { from, to } : null;
  };
  const months = periods.map(range).filter((r): r is { from: string; to: string } => r !== null);
  if (months.length < 2) return null;
  return { a: months[months.length - 2]!, b: months[months.length - 1]! };
}
