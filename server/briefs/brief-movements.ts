import { INDEX_LABELS, type IndexKey } from "@shared/indices.js";
import { isSuppressed } from "@shared/suppression.js";
import { LIKERT, localize, type Question } from "@shared/survey.js";
import type { Change, Comparison } from "@server/analytics/compare.js";

/** One change of the comparison as the brief lists it. */
export interface Movement {
  label: string;
  unit: "points" | "percentage points" | "mean";
  /** A mean's scale (`1–5`); null for points. */
  scale: string | null;
  a: number | null;
  b: number | null;
  change: number;
  testName: string;
  pAdjusted: number | null;
  significant: boolean;
  /** The change as a share of its scale (0–100): what the movements are ranked by. */
  size: number;
}

const isTested = (x: unknown): x is Change =>
  typeof x === "object" &&
  x !== null &&
  !isSuppressed(x) &&
  "test" in x &&
  typeof (x as Change).change === "number";

/** The ends of a scored question's scale, or null when it has none (a free number). */
function scaleOf(q: Question | undefined): { min: number; max: number } | null {
  if (!q) return null;
  if (q.type === "likert" || q.type === "matrix") return { min: LIKERT.min, max: LIKERT.max };
  if (q.type === "rating" && q.scale) return q.scale;
  return null;
}

/**
 * Every tested change the comparison shows (hidden ones are already removed by the compare
 * service), sized on a common 0–100 scale so they can be ranked: an index's points as they
 * are, an option's share in percentage points, a mean as a share of its scale's span. A free
 * number has no span and is not ranked; the second option of a two-option question is the
 * same finding as the first and carries no test of its own, so it is not listed twice.
 */
export function rankedMovements(comparison: Comparison, questions: Question[], language: string): Movement[] {
  const out: Movement[] = [];
  const add = (
    c: Change,
    label: string,
    unit: Movement["unit"],
    scale: number,
    range: string | null = null,
  ) =>
    out.push({
      label,
      unit,
      scale: range,
      a: c.a,
      b: c.b,
      change: c.change!,
      testName: c.testName,
      pAdjusted: c.pAdjusted,
      significant: c.significant,
      size: Math.abs(c.change!) * scale,
    });
  for (const [key, c] of Object.entries(comparison.indices))
    if (isTested(c)) add(c, INDEX_LABELS[key as IndexKey] ?? key, "points", 1);
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const qc of comparison.questions) {
    const q = byId.get(qc.id);
    const prompt = localize(q?.prompt, language, "en") || qc.id;
    const scale = scaleOf(q);
    const width = scale ? scale.max - scale.min : null;
    const range = scale ? `${scale.min}–${scale.max}` : null;
    if (qc.mean && isTested(qc.mean) && width) add(qc.mean, prompt, "mean", 100 / width, range);
    for (const item of qc.items ?? []) {
      if (!isTested(item.mean) || !width) continue;
      const itemText = localize(q?.items?.find((i) => i.id === item.id)?.prompt, language, "en") || item.id;
      add(item.mean, `${prompt}: ${itemText}`, "mean", 100 / width, range);
    }
    for (const option of qc.options ?? []) {
      if (!isTested(option)) continue;
      const optionText = localize(
        q?.options?.find((o) => o.value === String(option.value))?.label,
        language,
        "en",
      );
      add(option, `${prompt}: ${optionText || String(option.value)}`, "percentage points", 1);
    }
  }
  return out.sort((x, y) => y.size - x.size);
}
