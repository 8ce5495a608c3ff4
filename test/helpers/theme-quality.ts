import { readFileSync } from "node:fs";
import { THEME_IDS, commentThemes, type ThemeId } from "@shared/themes.js";
import { SENTIMENTS, commentSentiment, type SentimentLabel } from "@server/analytics/sentiment.js";

export interface LabelledComment {
  language: "en" | "es";
  text: string;
  themes: ThemeId[];
  sentiment: SentimentLabel;
  /** `tuning`: the lexicon was tuned on it; `holdout`: written after tuning, never tuned on. */
  split: "tuning" | "holdout";
}

export const LABELLED_COMMENTS_FILE = new URL("../fixtures/labelled-comments.json", import.meta.url);

export function labelledComments(split?: LabelledComment["split"]): LabelledComment[] {
  const { comments } = JSON.parse(readFileSync(LABELLED_COMMENTS_FILE, "utf8")) as {
    comments: LabelledComment[];
  };
  return split ? comments.filter((c) => c.split === split) : comments;
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
 * packages on the hand-labelled comments (test/fixtures/labelled-comments.json).
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
