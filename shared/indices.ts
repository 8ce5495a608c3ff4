import { answerOf, LIKERT, type Answers, type Question } from "./survey.js";

/**
 * Indices on a 0–100 scale, each the mean of a respondent's answers to the items themed for
 * it. Keys are safe as database field names (no dots).
 */
export const INDICES = {
  procedural_justice: "procedural_justice",
  procedural_justice_voice: "procedural_justice.voice",
  procedural_justice_neutrality: "procedural_justice.neutrality",
  procedural_justice_respect: "procedural_justice.respect",
  procedural_justice_motives: "procedural_justice.motives",
  trust: "trust",
  safety: "safety",
} as const;
export type IndexKey = keyof typeof INDICES;
export const INDEX_KEYS = Object.keys(INDICES) as IndexKey[];

/** What staff call each index, in mails and on screens. */
export const INDEX_LABELS: Record<IndexKey, string> = {
  procedural_justice: "Procedural justice",
  procedural_justice_voice: "Procedural justice: voice",
  procedural_justice_neutrality: "Procedural justice: neutrality",
  procedural_justice_respect: "Procedural justice: respect",
  procedural_justice_motives: "Procedural justice: trustworthy motives",
  trust: "Trust and legitimacy",
  safety: "Safety",
};

/** The indices an item with this theme feeds: a theme feeds every index whose prefix it matches. */
export function indicesForTheme(theme: string | undefined): IndexKey[] {
  if (!theme) return [];
  return INDEX_KEYS.filter((key) => {
    const prefix = INDICES[key];
    return theme === prefix || theme.startsWith(`${prefix}.`);
  });
}

/** An answer rescaled to 0–100, or null for "don't know" and non-scored answers. */
function scaled(question: Question, value: unknown): number | null {
  if (typeof value !== "number") return null;
  if (question.type === "likert" || question.type === "matrix") {
    return value === LIKERT.dontKnow ? null : ((value - LIKERT.min) / (LIKERT.max - LIKERT.min)) * 100;
  }
  if (question.type === "rating") {
    const { min, max } = question.scale ?? { min: 1, max: 5 };
    return ((value - min) / (max - min)) * 100;
  }
  return null;
}

/** One respondent's index scores, from the themed items they answered. */
export function scoreIndices(questions: Question[], answers: Answers): Partial<Record<IndexKey, number>> {
  const totals = new Map<IndexKey, { sum: number; n: number }>();
  const add = (theme: string | undefined, score: number | null): void => {
    if (score === null) return;
    for (const key of indicesForTheme(theme)) {
      const t = totals.get(key) ?? { sum: 0, n: 0 };
      t.sum += score;
      t.n += 1;
      totals.set(key, t);
    }
  };
  for (const question of questions) {
    const answer = answerOf(answers, question.id);
    if (answer === undefined) continue;
    if (question.type === "matrix" && typeof answer === "object" && !Array.isArray(answer)) {
      for (const item of question.items ?? []) {
        add(item.theme ?? question.theme, scaled(question, (answer as Record<string, number>)[item.id]));
      }
    } else {
      add(question.theme, scaled(question, answer));
    }
  }
  const scores: Partial<Record<IndexKey, number>> = {};
  for (const [key, { sum, n }] of totals) scores[key] = sum / n;
  return scores;
}
