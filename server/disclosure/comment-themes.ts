import { SUPPRESSED, isSmall, type Cell } from "@shared/suppression.js";
import { THEMES, THEME_IDS, type ThemeId } from "@shared/themes.js";
import { SENTIMENTS, type SentimentLabel } from "@server/analytics/sentiment.js";
import { ALL_UNIT, countKey, partitionOf, type Relation, type UnitId } from "./figures.js";
import { PROTECTS_OTHERS } from "./present.js";

/**
 * Comment themes as figures: per open-text question and theme, how many comments are about it
 * and how many of those read positive, neutral and negative. Outside the analyst role they are
 * given for the whole survey's unfiltered list only (like the frequent terms: a district's or a
 * month's themes could be subtracted from the whole), and pass this step:
 *
 * - a theme's count is shown when it is 0, or at least k with at least k comments (or none)
 *   not about it: a theme is a filter on the comments, and a filter is answered only where it
 *   and its complement both hold k;
 * - its sentiment counts are shown only when each is 0 or at least k; otherwise all three are
 *   hidden (hiding one alone would leave it as the count less the other two);
 * - shares follow the counts they are computed from.
 *
 * The auditor (audit.ts) checks the shown counts against every unit's exact ones.
 */

export const themeKey = (question: string, theme: ThemeId): string => `t.${question}.${theme}.n`;
export const themeSentimentKey = (question: string, theme: ThemeId, sentiment: SentimentLabel): string =>
  `t.${question}.${theme}.s.${sentiment}`;

export type SentimentCounts = Record<SentimentLabel, number>;

/** Exact counts of one group of comments: how many, and per theme its count and sentiments. */
export interface ThemeTally {
  comments: number;
  themes: Map<ThemeId, { count: number; sentiment: SentimentCounts }>;
}

export function emptyTally(): ThemeTally {
  return {
    comments: 0,
    themes: new Map(
      THEME_IDS.map((id) => [id, { count: 0, sentiment: { positive: 0, neutral: 0, negative: 0 } }]),
    ),
  };
}

/** Counts one classified comment into a tally. */
export function tallyComment(tally: ThemeTally, themes: readonly ThemeId[], sentiment: SentimentLabel): void {
  tally.comments += 1;
  for (const id of themes) {
    const entry = tally.themes.get(id)!;
    entry.count += 1;
    entry.sentiment[sentiment] += 1;
  }
}

export interface ThemeFigure {
  theme: ThemeId;
  label: { en: string; es: string };
  count: Cell<number>;
  /** Percent of the listed comments that are about the theme. */
  share: Cell<number>;
  sentiment: Record<SentimentLabel, Cell<number>>;
  /** Percent of the theme's comments with each sentiment. */
  sentimentShare: Record<SentimentLabel, Cell<number>>;
}

const percent = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;

const shownOrZero = (value: number, k: number): boolean => value === 0 || !isSmall(value, k);

/**
 * A tally as it leaves the server, themes with most comments first (hidden ones last, in the
 * lexicon's order, so the order tells nothing about them). `k` null: exact (analyst and up).
 */
export function presentThemes(tally: ThemeTally, k: number | null): ThemeFigure[] {
  const figures = THEMES.map((theme): ThemeFigure => {
    const { count, sentiment } = tally.themes.get(theme.id)!;
    const exact = {
      theme: theme.id,
      label: theme.label,
      count,
      share: percent(count, tally.comments),
      sentiment: { ...sentiment },
      sentimentShare: Object.fromEntries(SENTIMENTS.map((s) => [s, percent(sentiment[s], count)])) as Record<
        SentimentLabel,
        number
      >,
    };
    if (k === null) return exact;
    if (!shownOrZero(count, k) || !shownOrZero(tally.comments - count, k)) {
      const mark = isSmall(count, k) ? SUPPRESSED : PROTECTS_OTHERS;
      const hidden = Object.fromEntries(
        SENTIMENTS.map((s) => [s, isSmall(sentiment[s], k) ? SUPPRESSED : PROTECTS_OTHERS]),
      ) as Record<SentimentLabel, Cell<number>>;
      return { ...exact, count: mark, share: mark, sentiment: hidden, sentimentShare: hidden };
    }
    if (SENTIMENTS.every((s) => shownOrZero(sentiment[s], k))) return exact;
    const hidden = Object.fromEntries(
      SENTIMENTS.map((s) => [s, isSmall(sentiment[s], k) ? SUPPRESSED : PROTECTS_OTHERS]),
    ) as Record<SentimentLabel, Cell<number>>;
    return { ...exact, sentiment: hidden, sentimentShare: hidden };
  });
  const shown = (f: ThemeFigure): number => (typeof f.count === "number" ? f.count : -1);
  return figures
    .map((figure, order) => ({ figure, order }))
    .sort((a, b) => shown(b.figure) - shown(a.figure) || a.order - b.order)
    .map(({ figure }) => figure);
}

/** A tally's figures keyed as the auditor reads them. */
export function tallyFigures(question: string, tally: ThemeTally): Map<string, number> {
  const values = new Map<string, number>();
  for (const [id, { count, sentiment }] of tally.themes) {
    values.set(themeKey(question, id), count);
    for (const s of SENTIMENTS) values.set(themeSentimentKey(question, id, s), sentiment[s]);
  }
  return values;
}

/** Shown figures, keyed as the auditor reads them (hidden ones as the marker). */
export function shownFigures(
  question: string,
  figures: ThemeFigure[],
): Array<{ key: string; value: Cell<number> }> {
  return figures.flatMap((f) => [
    { key: themeKey(question, f.theme), value: f.count },
    ...SENTIMENTS.map((s) => ({ key: themeSentimentKey(question, f.theme, s), value: f.sentiment[s] })),
  ]);
}

/**
 * What anyone knows about theme counts: in every unit a theme's sentiments add up to its
 * count, and a theme has at most as many comments as the question has answers; districts and
 * months each add up to the whole.
 */
export function themeRelations(questions: string[], units: UnitId[]): Relation[] {
  const relations: Relation[] = [];
  const term = (unit: UnitId, key: string, coefficient = 1) => ({ unit, key, coefficient });
  const parts = { district: [] as UnitId[], month: [] as UnitId[] };
  for (const unit of units)
    if (unit !== ALL_UNIT) parts[partitionOf(unit) as "district" | "month"].push(unit);
  for (const question of questions)
    for (const theme of THEME_IDS) {
      const count = themeKey(question, theme);
      const sentiments = SENTIMENTS.map((s) => themeSentimentKey(question, theme, s));
      for (const unit of units) {
        relations.push({
          terms: [...sentiments.map((key) => term(unit, key)), term(unit, count, -1)],
          op: "=",
          constant: 0,
        });
        relations.push({
          terms: [term(unit, count), term(unit, countKey(question), -1)],
          op: "<=",
          constant: 0,
        });
      }
      for (const key of [count, ...sentiments])
        for (const group of [parts.district, parts.month])
          if (group.length > 0)
            relations.push({
              terms: [term(ALL_UNIT, key, -1), ...group.map((unit) => term(unit, key))],
              op: "=",
              constant: 0,
            });
    }
  return relations;
}
