import { isReliable } from "@shared/flags.js";
import { indicesForTheme, INDEX_KEYS, type IndexKey } from "@shared/indices.js";
import { roundTo, type Interval } from "@shared/statistics.js";
import {
  isSuppressed,
  SUPPRESSED,
  type Cell,
  type IndexResult,
  type OptionResult,
  type OptionValue,
  type QuestionResult,
  type ResultsBody,
  type WeightedIndex,
  type WeightedOption,
  type WeightedQuestion,
} from "@shared/suppression.js";
import { uiStrings } from "@shared/i18n/index.js";
import { LIKERT, localize, type Question } from "@shared/survey.js";
import type { PublicStrings } from "./public-strings.js";

/*
 * Pure shaping of an already-suppressed results body into what the public sees: only the
 * published questions, only indices fed entirely by published questions, labels in the
 * reader's language, and one estimate per figure (weighted when weighting applied).
 */

export interface PublicOption {
  value: OptionValue;
  label: string;
  count: Cell<number>;
  percent: Cell<number>;
  ci95: Cell<Interval | null>;
  marginOfError: Cell<number | null>;
  /** The weights were raked to this share: it matches the population by design, no interval. */
  raked?: true;
}

export interface PublicScore {
  mean: Cell<number | null>;
  ci95: Cell<Interval | null>;
  marginOfError: Cell<number | null>;
}

export interface PublicItem extends PublicScore {
  id: string;
  prompt: string;
  n: Cell<number>;
  options: PublicOption[];
}

export interface PublicQuestion extends Partial<PublicScore> {
  id: string;
  type: string;
  prompt: string;
  n: Cell<number>;
  scale?: { min: number; max: number };
  options?: PublicOption[];
  items?: PublicItem[];
}

/** One index in one month, as the trend shows it. */
export interface MonthIndex {
  score: Cell<number | null>;
  ci95: Cell<Interval | null>;
  marginOfError: Cell<number | null>;
}

/** One index over one period (a month or a quarter), with the people behind its score. */
export type PeriodIndex = MonthIndex & { period: string; n: Cell<number> };

export interface PublicIndex {
  key: IndexKey;
  label: string;
  /** All months together. */
  score: Cell<number | null>;
  ci95: Cell<Interval | null>;
  marginOfError: Cell<number | null>;
  n: Cell<number>;
  /** The latest complete month with responses, or null when there is none yet. */
  latestMonth?: PeriodIndex | null;
  /**
   * The headline: the latest complete period of the agency's chosen length (`latestMonth`
   * again for months; a quarter, `2026-Q3`, from that quarter's own body) with responses.
   */
  latestPeriod?: PeriodIndex | null;
}

/** Question types whose results say nothing publishable as counts (open text, dates). */
const UNPUBLISHABLE = new Set(["text", "date"]);

/**
 * The indices the public may see: those fed by at least one published question and by no
 * unpublished one, so nothing derived from a withheld question leaves the server.
 */
export function publishableIndices(questions: Question[], published: ReadonlySet<string>): Set<IndexKey> {
  const fed = new Set<IndexKey>();
  const withheld = new Set<IndexKey>();
  for (const q of questions) {
    const keys = [q.theme, ...(q.items ?? []).map((i) => i.theme ?? q.theme)].flatMap(indicesForTheme);
    for (const key of keys) (published.has(q.id) ? fed : withheld).add(key);
  }
  return new Set(INDEX_KEYS.filter((k) => fed.has(k) && !withheld.has(k)));
}

/**
 * The digits a margin of error keeps, as the staff body rounds it: percentage points and
 * 0–100 index scores to 0.1, means on an answer scale to 0.01 (a ±0.125 must not read ±0.1).
 */
export const MARGIN_DIGITS = { percent: 1, index: 1, mean: 2 } as const;

/** Half an interval's width at the given digits; a hidden interval stays hidden. */
export const halfWidth = (ci: Cell<Interval | null> | undefined, digits: number): Cell<number | null> => {
  if (ci === undefined || ci === null) return null;
  if (isSuppressed(ci)) return SUPPRESSED;
  return roundTo((ci[1] - ci[0]) / 2, digits);
};

/**
 * An interval only where its estimate rests on MIN_RELIABLE_N answers (the Kish effective n
 * when weighted), the rule the dashboard and the flags follow; a hidden base keeps the
 * interval as the release left it (hidden with it).
 */
export const reliableInterval = (
  ci: Cell<Interval | null> | undefined,
  base: Cell<number> | undefined,
): Cell<Interval | null> => {
  if (ci === undefined || ci === null) return null;
  if (typeof base === "number" && !isReliable(base)) return null;
  return ci;
};

/** The staff body's own margin when it gives one (weighted), else half the interval. */
const marginOf = (
  ci: Cell<Interval | null> | undefined,
  given: Cell<number | null> | undefined,
  digits: number,
): Cell<number | null> => (given !== undefined && ci !== null ? given : halfWidth(ci, digits));

function optionLabel(
  question: Question,
  value: OptionValue,
  language: string,
  districts: Map<string, string>,
) {
  const s = uiStrings(language);
  switch (question.type) {
    case "likert":
    case "matrix": {
      const l = s.likert;
      const names = [l.dontKnow, l.stronglyDisagree, l.disagree, l.neutral, l.agree, l.stronglyAgree];
      return names[Number(value)] ?? String(value);
    }
    case "yesno":
      return value === true ? s.yes : s.no;
    case "district":
      return districts.get(String(value)) ?? String(value);
    case "single":
    case "multi": {
      const option = question.options?.find((o) => o.value === value);
      return option ? localize(option.label, language, "en") : String(value);
    }
    default:
      return String(value);
  }
}

function mergeOptions(
  question: Question,
  exact: OptionResult[],
  weighted: WeightedOption[] | undefined,
  base: Cell<number>,
  language: string,
  districts: Map<string, string>,
): PublicOption[] {
  return exact.map((o) => {
    const w = weighted?.find((x) => String(x.value) === String(o.value));
    const ci95 = reliableInterval(w ? w.ci95 : o.ci95, base);
    return {
      value: o.value,
      label: optionLabel(question, o.value, language, districts),
      count: o.count,
      percent: w ? w.percent : o.percent,
      ci95,
      marginOfError: halfWidth(ci95, MARGIN_DIGITS.percent),
      ...(w?.raked && !isSuppressed(w.percent) ? { raked: true as const } : {}),
    };
  });
}

interface Scored {
  mean?: Cell<number | null>;
  ci95?: Cell<Interval | null>;
  marginOfError?: Cell<number | null>;
}

/** A mean and its interval; `base` is the n (or effective n) of the estimate used. */
function score(exact: Scored, weighted: Scored | undefined, base: Cell<number>): PublicScore {
  const source = weighted ?? exact;
  const ci95 = reliableInterval(source.ci95, base);
  return {
    mean: source.mean ?? null,
    ci95,
    marginOfError: marginOf(ci95, source.marginOfError, MARGIN_DIGITS.mean),
  };
}

function scaleOf(question: Question): { min: number; max: number } | undefined {
  if (question.type === "likert" || question.type === "matrix") return { min: LIKERT.min, max: LIKERT.max };
  if (question.type === "rating") return question.scale ?? { min: 1, max: 5 };
  return undefined;
}

/** One published question, with the weighted figures in place of the raw ones when given. */
export function publicQuestion(
  question: Question,
  exact: QuestionResult,
  weighted: WeightedQuestion | undefined,
  language: string,
  districts: Map<string, string>,
): PublicQuestion {
  const out: PublicQuestion = {
    id: question.id,
    type: question.type,
    prompt: localize(question.prompt, language, "en"),
    n: exact.n,
  };
  const scale = scaleOf(question);
  if (scale) out.scale = scale;
  const base = weighted ? weighted.effectiveN : exact.n;
  if (exact.options)
    out.options = mergeOptions(question, exact.options, weighted?.options, base, language, districts);
  if (exact.mean !== undefined) Object.assign(out, score(exact, weighted, base));
  if (exact.items) {
    out.items = exact.items.map((item) => {
      const w = weighted?.items?.find((x) => x.id === item.id);
      const def = question.items?.find((x) => x.id === item.id);
      const itemBase = w ? w.effectiveN : item.n;
      return {
        id: item.id,
        prompt: localize(def?.prompt, language, "en"),
        n: item.n,
        options: mergeOptions(question, item.options, w?.options, itemBase, language, districts),
        ...score(item, w, itemBase),
      };
    });
  }
  return out;
}

/** The published questions of a suppressed body, in the survey's order. */
export function publicQuestions(
  questions: Question[],
  body: ResultsBody,
  published: ReadonlySet<string>,
  language: string,
  districts: Map<string, string>,
): PublicQuestion[] {
  const exact = new Map(body.questions.map((q) => [q.id, q]));
  const weighted = new Map((body.weighted?.questions ?? []).map((q) => [q.id, q]));
  return questions
    .filter((q) => published.has(q.id) && !UNPUBLISHABLE.has(q.type) && exact.has(q.id))
    .map((q) => publicQuestion(q, exact.get(q.id)!, weighted.get(q.id), language, districts));
}

/** The allowed indices, weighted when weighting applied. */
export function publicIndices(
  body: ResultsBody,
  allowed: ReadonlySet<IndexKey>,
  strings: PublicStrings,
): PublicIndex[] {
  const weighted: Record<string, WeightedIndex> = body.weighted?.indices ?? {};
  return INDEX_KEYS.filter((key) => allowed.has(key) && body.indices[key]).map((key) => {
    const exact = body.indices[key] as IndexResult;
    const w = weighted[key];
    const ci95 = reliableInterval(w ? w.ci95 : exact.ci95, w ? w.effectiveN : exact.n);
    return {
      key,
      label: strings.indices[key],
      score: w ? w.score : exact.score,
      ci95,
      marginOfError: marginOf(ci95, w?.marginOfError, MARGIN_DIGITS.index),
      n: exact.n,
    };
  });
}
