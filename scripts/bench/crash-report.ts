import type { RoundResult } from "./crash-scenario.js";

/** How the crash bench prints its rounds and the crash test quotes them. */
const ms = (value: number | null): string => (value === null ? "never" : `${Math.round(value)} ms`);

/** One line per round: what was killed when, the traffic, the figures compared, the verdict. */
export function formatRound(r: RoundResult): string {
  return [
    `round ${String(r.round).padStart(2)}`,
    `${r.target.padEnd(6)} killed at ${String(r.killAtMs).padStart(4)} ms`,
    `sent ${r.sent}, acknowledged ${r.acknowledged}, resent ${r.resent} (${r.resentAlreadyStored} already stored)`,
    `rows ${r.rows}, n ${r.n}, expected ${r.expected}`,
    `repair ${ms(r.repairMs)} (start ${ms(r.startMs)})`,
    r.problems.length === 0 ? "ok" : `FAIL: ${r.problems.join("; ")}`,
  ].join(" | ");
}

/** Rounds passed, rounds whose crash left responses uncounted, and repair times. */
export function formatSummary(results: readonly RoundResult[]): string {
  const repairs = results.map((r) => r.repairMs);
  const reached = repairs.filter((v): v is number => v !== null).sort((a, b) => a - b);
  // A round that never repaired makes the worst case "never", not the slowest that did.
  const worst = reached.length < repairs.length ? null : (reached.at(-1) ?? null);
  const median = reached.length > 0 ? reached[Math.floor(reached.length / 2)]! : null;
  const passed = results.filter((r) => r.problems.length === 0).length;
  const unequal = results.filter((r) => r.rows !== r.n).length;
  const leaving = results.filter((r) => r.newlyUncounted !== 0).length;
  return [
    `rounds passed: ${passed}/${results.length}`,
    `rounds ending with rows ≠ n: ${unequal}; rounds whose crash left responses uncounted: ${leaving}`,
    `repair time: worst ${ms(worst)}, median ${ms(median)} (of ${reached.length} rounds that reached n = rows)`,
  ].join("\n");
}
