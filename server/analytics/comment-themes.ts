import { redactText } from "@shared/redaction.js";
import { commentThemes, type ThemeId } from "@shared/themes.js";
import {
  emptyTally,
  tallyComment,
  type ThemeFigure,
  type ThemeTally,
} from "@server/disclosure/comment-themes.js";
import {
  ALL_UNIT,
  NO_DISTRICT_UNIT,
  districtUnit,
  monthUnit,
  type UnitId,
} from "@server/disclosure/figures.js";
import {
  scanResponses,
  type ResponseScan,
  type StoredResponse,
} from "@server/responses/responses.service.js";
import { commentSentiment, type SentimentLabel } from "./sentiment.js";

/** Themes and sentiment are read from the redacted text: the same text every viewer sees. */
export function classifyComment(
  text: string,
  language: string,
): { themes: ThemeId[]; sentiment: SentimentLabel } {
  const clean = redactText(text);
  return { themes: commentThemes(clean), sentiment: commentSentiment(clean, language) };
}

/** Comments are classified over at most this many of the newest matching responses (as terms are). */
export const THEMES_SCAN_LIMIT = 20_000;

/**
 * Exact theme tallies per open-text question in every unit the disclosure step knows (the
 * whole survey, each district and the responses without one, each month), over the same newest
 * responses the comments service classifies. What the auditor checks shown theme figures against.
 */
export async function unitThemeTallies(
  surveyId: string,
  questionIds: string[],
): Promise<Map<UnitId, Map<string, ThemeTally>>> {
  const units = new Map<UnitId, Map<string, ThemeTally>>();
  const tallyOf = (unit: UnitId, question: string): ThemeTally => {
    const byQuestion = units.get(unit) ?? new Map<string, ThemeTally>();
    units.set(unit, byQuestion);
    const tally = byQuestion.get(question) ?? emptyTally();
    byQuestion.set(question, tally);
    return tally;
  };
  const scan: ResponseScan = { surveyId, answered: questionIds };
  for await (const response of scanResponses(scan, { newestFirst: true, limit: THEMES_SCAN_LIMIT }))
    for (const [question, text] of openTexts(response, questionIds)) {
      const { themes, sentiment } = classifyComment(text, response.language);
      const district = response.district ? districtUnit(response.district) : NO_DISTRICT_UNIT;
      for (const unit of [ALL_UNIT, district, monthUnit(response.periods.month)])
        tallyComment(tallyOf(unit, question), themes, sentiment);
    }
  return units;
}

/** A response's answers to the listed open-text questions. */
export function openTexts(response: StoredResponse, questionIds: string[]): Array<[string, string]> {
  return questionIds.flatMap((id) => {
    const text = response.answers[id];
    return typeof text === "string" ? [[id, text] as [string, string]] : [];
  });
}

export interface TopTheme {
  label: string;
  count: number;
  /** The tone of the theme's comments; null when hidden from the caller's role. */
  sentiment: { positive: number; neutral: number; negative: number } | null;
}

/**
 * The top themes of a comments reply for a summary (digest, brief): only shown, non-zero
 * counts, most comments first, as the caller's role was given them.
 */
export function topThemes(listed: readonly ThemeFigure[], limit: number): TopTheme[] {
  return listed
    .filter((t): t is ThemeFigure & { count: number } => typeof t.count === "number" && t.count > 0)
    .slice(0, limit)
    .map((t) => {
      const { positive, neutral, negative } = t.sentiment;
      return {
        label: t.label.en,
        count: t.count,
        sentiment:
          typeof positive === "number" && typeof neutral === "number" && typeof negative === "number"
            ? { positive, neutral, negative }
            : null,
      };
    });
}
