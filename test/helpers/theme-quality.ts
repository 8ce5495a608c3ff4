import { readFileSync } from "node:fs";
import { THEME_IDS, commentThemes, type ThemeId } from "@shared/themes.js";
import { SENTIMENTS, commentSentiment, type SentimentLabel } from "@server/analytics/sentiment.js";

export interface LabelledComment {
  language: "en" | "es";
  text: string;
  themes: ThemeId[];
  sentiment: SentimentLabel;
  /**
   * In labelled-comments.json, `tuning`: the lexicon was tuned on it; `holdout`: written after
   * tuning, never tuned on. held-out-comments.json has no split: none of it is tuned on.
   */
  split?: "tuning" | "holdout";
}

export const LABELLED_COMMENTS_FILE = new URL("../fixtures/labelled-comments.json", import.meta.url);
/** The second held-out set, written blind before the lexicon was broadened (docs/THEMES.md). */
export const HELD_OUT_COMMENTS_FILE = new URL("../fixtures/held-out-comments.json", import.meta.url);

function readComments(file: URL): LabelledComment[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { comments: LabelledComment[] }).comments;
}

export function labelledComments(split?: LabelledComment["split"]): LabelledComment[] {
  const comments = readComments(LABELLED_COMMENTS_FILE);
  return split ? comments.filter((c) => c.split === split) : comments;
}

export function heldOutComments(): LabelledComment[] {
  return readComments(HELD_OUT_COMMENTS_FILE);
}

/** The sets quality is reported on, by name: what the lexicon was tuned on, and two held-out sets. */
export function commentSets(): Array<{ name: string; comments: LabelledComment[] }> {
  return [
    { name: "tuning (labelled-comments.json, split tuning)", comments: labelledComments("tuning") },
    { name: "first held-out (labelled-comments.json, split holdout)", comments: labelledComments("holdout") },
    { name: "second held-out (held-out-comments.json)", comments: heldOutComments() },
  ];
}

export interface ThemeScore {
  theme: ThemeId;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/**
 * Per-theme precision and recall of the lexicon and sentiment accuracy of the lexicon
 * packages on hand-labelled comments (test/fixtures/labelled-comments.json by default).
 */
export function evaluateThemes(comments = labelledComments()) {
  const scores = new Map<ThemeId, ThemeScore>(
    THEME_IDS.map((theme) => [theme, { theme, tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 }]),
  );
  const confusion: Record<string, Record<string, number>> = Object.fromEntries(
    SENTIMENTS.map((label) => [label, Object.fromEntries(SENTIMENTS.map((p) => [p, 0]))]),
  );
  const right = { en: 0, es: 0 };
  const byLanguage = { en: 0, es: 0 };
  const misses: string[] = [];
  for (const comment of comments) {
    byLanguage[comment.language] += 1;
    const found = new Set(commentThemes(comment.text));
    const wanted = new Set(comment.themes);
    for (const score of scores.values()) {
      const got = found.has(score.theme);
      const want = wanted.has(score.theme);
      if (got && want) score.tp += 1;
      if (got && !want) {
        score.fp += 1;
        misses.push(`fp ${score.theme}: ${comment.text}`);
      }
      if (!got && want) {
        score.fn += 1;
        misses.push(`fn ${score.theme}: ${comment.text}`);
      }
    }
    const predicted = commentSentiment(comment.text, comment.language);
    confusion[comment.sentiment]![predicted]! += 1;
    if (predicted === comment.sentiment) right[comment.language] += 1;
    else misses.push(`sentiment ${comment.sentiment} → ${predicted}: ${comment.text}`);
  }
  for (const score of scores.values()) {
    score.precision = score.tp / Math.max(1, score.tp + score.fp);
    score.recall = score.tp / Math.max(1, score.tp + score.fn);
  }
  return {
    comments: comments.length,
    byLanguage,
    themes: [...scores.values()],
    sentiment: {
      accuracy: (right.en + right.es) / comments.length,
      byLanguage: { en: right.en / byLanguage.en, es: right.es / byLanguage.es },
      confusion,
    },
    misses,
  };
}
