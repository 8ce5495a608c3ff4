/**
 * Compares a response body with the figures recomputed for it (expected*.ts). The body is
 * walked generically: every number, boolean and null in it must have a recomputed figure at
 * the same path, so a figure added to a body later fails the check until the reference learns
 * it, and every recomputed figure must be in the body.
 *
 * Tolerances, after the body's documented rounding: a figure the body rounds to k decimals
 * agrees when it is what rounding some value within the tolerance of ours to k decimals gives
 * (so a value next to a rounding boundary may round either way, and nothing else is allowed).
 * Estimates (means, shares, scores, changes, statistics, df, effective n, design effects)
 * have tolerance 1e-6; interval bounds and margins 1e-4; p-values, given to 4 significant
 * digits, a relative 1e-4 (stricter than an absolute 1e-4 below p = 1, and still telling for
 * p = 1e-29). Counts and constants must be equal.
 */
import type { Expectation, Expected } from "./expected.js";

/** Fields that name a row rather than report a figure. */
const IDENTIFIERS = new Set(["id", "value", "testedWith"]);

/** Every leaf (number, boolean, null or string) of a body, by path (`questions[q_x].options[3].ci95[0]`). */
export function leaves(body: unknown, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(body)) {
    body.forEach((element, i) => {
      const row = element as Record<string, unknown> | null;
      const key =
        row && typeof row === "object" && "id" in row
          ? row["id"]
          : row && typeof row === "object" && "value" in row
            ? row["value"]
            : i;
      leaves(element, `${path}[${String(key)}]`, out);
    });
  } else if (body !== null && typeof body === "object") {
    for (const [key, value] of Object.entries(body)) {
      if (IDENTIFIERS.has(key)) continue;
      leaves(value, path ? `${path}.${key}` : key, out);
    }
  } else {
    out.set(path, body);
  }
  return out;
}

const roundTo = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const significant4 = (x: number): number => Number(x.toPrecision(4));
const SLACK = 1e-12;

/** Why `actual` does not agree with the expectation, or null when it does. */
export function disagreement(e: Expectation, actual: unknown): string | null {
  if (e.kind === "positiveInteger")
    return Number.isInteger(actual) && (actual as number) > 0 ? null : "is not a positive whole number";
  if (e.kind === "below")
    return typeof actual === "number" && actual < e.value ? null : `is not below ${e.value}`;
  if (e.value === null || e.kind === "exact")
    return actual === e.value ? null : `expected ${String(e.value)}`;
  if (typeof actual !== "number") return `expected a number near ${e.value}`;
  const v = e.value;
  let lo: number;
  let hi: number;
  if (e.kind === "p") {
    [lo, hi] = [significant4(v * (1 - 1e-4)), significant4(v * (1 + 1e-4))];
  } else {
    const tolerance = e.kind === "estimate" ? 1e-6 : 1e-4;
    [lo, hi] = [roundTo(v - tolerance, e.digits), roundTo(v + tolerance, e.digits)];
  }
  return actual >= lo - SLACK * Math.max(1, Math.abs(lo)) && actual <= hi + SLACK * Math.max(1, Math.abs(hi))
    ? null
    : `expected ${v} (allowed ${lo} … ${hi})`;
}

/** All disagreements between a body and its recomputed figures, and how many were compared. */
export function checkBody(body: unknown, expected: Expected): { problems: string[]; compared: number } {
  const found = leaves(body);
  const known = [
    ...new Set(
      [...expected.keys()].map((p) =>
        p
          .replace(/\[\d+\]$/, "")
          .split(".")
          .pop()!,
      ),
    ),
  ];
  const problems: string[] = [];
  let compared = 0;
  for (const [path, actual] of found) {
    const e = expected.get(path);
    // Labels, names and notes are words, not figures; a string is compared only where expected.
    if (!e && typeof actual === "string") continue;
    if (!e) {
      problems.push(
        `${path} = ${String(actual)}: a figure the reference does not recompute (known: ${known.sort().join(", ")})`,
      );
      continue;
    }
    compared++;
    const problem = disagreement(e, actual);
    if (problem) problems.push(`${path} = ${String(actual)}: ${problem}`);
  }
  for (const [path, e] of expected) {
    if (!found.has(path)) problems.push(`${path}: missing from the body (expected ${JSON.stringify(e)})`);
  }
  return { problems, compared };
}
