import { fill } from "@shared/i18n/index.js";
import type { Interval } from "@shared/statistics.js";
import { isSuppressed, type Cell } from "@shared/suppression.js";
import { markup, type SafeHtml } from "@server/respondent/html.js";
import type { PublicIndex, PublicItem, PublicOption, PublicQuestion, PublicScore } from "./public-results.js";
import type { PublicStrings } from "./public-strings.js";

/*
 * Pieces of the public page. Bars are inline SVG sized by attributes (the CSP forbids style=""),
 * hidden from screen readers: the number next to each bar says the same thing in words.
 */

export interface PageContext {
  language: string;
  strings: PublicStrings;
  k: number;
  /** Anchor prefix of the survey being drawn, e.g. `s-community-trust-3f2a1b`. */
  anchor: string;
}

export function formatNumber(value: number, language: string, digits = 1): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
}

export function formatPercent(value: number, language: string): string {
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 }).format(value / 100);
}

/** `2026-03-14` → "March 14, 2026" in the page's language; `2026-03` → "March 2026". */
export function formatDate(date: string, language: string): string {
  const month = date.length === 7;
  const instant = new Date(`${month ? `${date}-01` : date}T12:00:00Z`);
  if (Number.isNaN(instant.getTime())) return date;
  const options: Intl.DateTimeFormatOptions = month
    ? { year: "numeric", month: "long", timeZone: "UTC" }
    : { dateStyle: "long", timeZone: "UTC" };
  return new Intl.DateTimeFormat(language, options).format(instant);
}

/** A month ("February 2026") or a quarter ("July–September 2026") in the reader's language. */
export function formatPeriod(period: string, ctx: Pick<PageContext, "language" | "strings">): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!quarter) return formatDate(period, ctx.language);
  const first = (Number(quarter[2]) - 1) * 3;
  const name = (month: number) =>
    new Intl.DateTimeFormat(ctx.language, { month: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(Number(quarter[1]), month, 15)),
    );
  return fill(ctx.strings.quarterSpan, { first: name(first), last: name(first + 2), year: quarter[1]! });
}

/** A count a reader may see, "fewer than k", or hidden to protect a small count elsewhere. */
export function countText(cell: Cell<number>, ctx: PageContext): string {
  if (!isSuppressed(cell)) return formatNumber(cell, ctx.language, 0);
  return cell.protects === "others" ? ctx.strings.protectsOthers : fill(ctx.strings.fewerThan, { k: ctx.k });
}

const clamp = (value: number): number => Math.max(0, Math.min(100, Math.round(value * 10) / 10));

/** A 0–100 bar with its 95% interval as a line; nothing when the value is hidden. */
export function bar(value: Cell<number | null>, ci95?: Cell<Interval | null>, scale = { min: 0, max: 100 }) {
  if (value === null || isSuppressed(value)) return "";
  const at = (v: number): number => clamp(((v - scale.min) / (scale.max - scale.min)) * 100);
  const interval =
    ci95 && !isSuppressed(ci95)
      ? markup`<line class="ci" x1="${at(ci95[0])}" x2="${at(ci95[1])}" y1="5" y2="5" vector-effect="non-scaling-stroke"/>`
      : "";
  return markup`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="track" width="100" height="10"/><rect class="fill" width="${at(value)}" height="10"/>${interval}</svg>`;
}

/** An answer's share, and apart from it the words that qualify it (margin, weighting). */
function optionValue(option: PublicOption, ctx: PageContext): { share: string; note: string | null } {
  if (isSuppressed(option.percent)) return { share: fill(ctx.strings.hiddenCell, { k: ctx.k }), note: null };
  const moe = option.marginOfError;
  const share = formatPercent(option.percent, ctx.language);
  if (option.raked) return { share, note: ctx.strings.rakedShare };
  if (typeof moe !== "number") return { share, note: null };
  return { share, note: fill(ctx.strings.marginOfError, { moe: formatNumber(moe, ctx.language) }) };
}

/**
 * Each answer: its label beside its share, then the bar, then the margin on a line of its own,
 * so on a phone the words "give or take …" never squeeze the label into a narrow column.
 */
function optionList(options: PublicOption[], ctx: PageContext): SafeHtml {
  const rows = options.map((o) => {
    const { share, note } = optionValue(o, ctx);
    const qualifier = note === null ? "" : markup`<span class="qualifier"> (${note})</span>`;
    return markup`<li><span class="label">${o.label}</span> <span class="value">${share}</span>${qualifier}${bar(o.percent, o.ci95)}</li>`;
  });
  const note = options.some((o) => isSuppressed(o.percent))
    ? markup`<p class="note">${fill(ctx.strings.hiddenNote, { k: ctx.k })}</p>`
    : "";
  return markup`<ul class="bars">${rows}</ul>${note}`;
}

function scoreLine(
  score: Partial<PublicScore>,
  scale: { min: number; max: number } | undefined,
  ctx: PageContext,
) {
  if (score.mean === undefined || score.mean === null) return "";
  if (isSuppressed(score.mean))
    return markup`<p class="note">${fill(ctx.strings.hiddenMean, { k: ctx.k })}</p>`;
  const mean = formatNumber(score.mean, ctx.language, 2);
  const text = scale
    ? fill(ctx.strings.averageOf, { mean, min: scale.min, max: scale.max })
    : fill(ctx.strings.average, { mean });
  const ci = score.ci95 && !isSuppressed(score.ci95) ? score.ci95 : null;
  const range = ci
    ? ` (${fill(ctx.strings.likelyBetween, { low: formatNumber(ci[0], ctx.language, 2), high: formatNumber(ci[1], ctx.language, 2) })})`
    : "";
  return markup`<p class="mean">${text}${range}</p>${scale ? bar(score.mean, score.ci95, scale) : ""}`;
}

function itemBlock(item: PublicItem, scale: PublicQuestion["scale"], ctx: PageContext): SafeHtml {
  const answered = isSuppressed(item.n)
    ? fill(ctx.strings.answeredBy, { n: countText(item.n, ctx) })
    : fill(ctx.strings.answeredBy, { n: formatNumber(item.n, ctx.language, 0) });
  return markup`<li class="item"><p class="item-prompt">${item.prompt}</p><p class="answered">${answered}</p>${scoreLine(item, scale, ctx)}${isSuppressed(item.n) ? "" : optionList(item.options, ctx)}</li>`;
}

/** One question: how many answered, each answer's share with its margin, the average. */
export function questionBlock(
  question: PublicQuestion,
  ctx: PageContext,
  deeds: SafeHtml | string,
): SafeHtml {
  const id = `${ctx.anchor}-q-${question.id}`;
  const n = question.n;
  const answered =
    !isSuppressed(n) && n === 0
      ? ctx.strings.noAnswers
      : fill(ctx.strings.answeredBy, { n: countText(n, ctx) });
  const small = isSuppressed(n);
  const options = !small && question.options ? optionList(question.options, ctx) : "";
  const items =
    !small && question.items
      ? markup`<ul class="items">${question.items.map((i) => itemBlock(i, question.scale, ctx))}</ul>`
      : "";
  const mean = small ? "" : scoreLine(question, question.scale, ctx);
  return markup`<section class="question" id="${id}" aria-labelledby="${id}-h"><h4 id="${id}-h">${question.prompt}</h4><p class="answered">${answered}</p>${options}${mean}${items}${deeds}</section>`;
}

/** "likely between {low} and {high}"-style bounds of a shown interval, or null. */
const shownInterval = (ci: Cell<Interval | null> | undefined): Interval | null =>
  ci && !isSuppressed(ci) ? ci : null;

/** The all-time figure beside a month headline; nothing when it is hidden or has no range. */
function allTimeLine(index: PublicIndex, ctx: PageContext): SafeHtml | string {
  if (typeof index.score !== "number") return "";
  const ci = shownInterval(index.ci95);
  const score = formatNumber(index.score, ctx.language, 0);
  const n = countText(index.n, ctx);
  // An interval hidden by the release hides the line; one dropped for a thin base says so.
  if (isSuppressed(index.ci95)) return "";
  const text = ci
    ? fill(ctx.strings.indexAllTime, {
        score,
        low: formatNumber(ci[0], ctx.language, 0),
        high: formatNumber(ci[1], ctx.language, 0),
        n,
      })
    : fill(ctx.strings.indexAllTimeNoRange, { score, n });
  return markup`<p class="all-time">${text}</p>`;
}

/** "Likely between … Based on n people", or without a range when the base is too thin for one. */
function rangeLine(ci: Cell<Interval | null> | undefined, n: Cell<number>, ctx: PageContext): string {
  const shown = shownInterval(ci);
  if (shown)
    return fill(ctx.strings.indexRange, {
      low: formatNumber(shown[0], ctx.language, 0),
      high: formatNumber(shown[1], ctx.language, 0),
      n: countText(n, ctx),
    });
  return ci === null || ci === undefined ? fill(ctx.strings.indexNoRange, { n: countText(n, ctx) }) : "";
}

/**
 * One index in plain words. The headline is the latest complete month ("Trust: 68 out of
 * 100 in March 2026") with the all-time figure beside it; without a shown month, all time.
 */
export function indexBlock(index: PublicIndex, ctx: PageContext, deeds: SafeHtml | string): SafeHtml {
  const id = `${ctx.anchor}-i-${index.key}`;
  const month = index.latestPeriod ?? index.latestMonth;
  if (month && typeof month.score === "number") {
    const line = fill(ctx.strings.indexLineMonth, {
      name: index.label,
      score: formatNumber(month.score, ctx.language, 0),
      month: formatPeriod(month.period, ctx),
    });
    const range = rangeLine(month.ci95, month.n, ctx);
    return markup`<li id="${id}"><p class="index-line">${line}</p>${bar(month.score, month.ci95)}<p class="range">${range}</p>${allTimeLine(index, ctx)}${deeds}</li>`;
  }
  return allTimeBlock(index, ctx, deeds, id);
}

function allTimeBlock(index: PublicIndex, ctx: PageContext, deeds: SafeHtml | string, id: string): SafeHtml {
  if (isSuppressed(index.score) || index.score === null) {
    return markup`<li id="${id}"><p class="index-line">${index.label}: ${fill(ctx.strings.fewerThan, { k: ctx.k })}</p>${deeds}</li>`;
  }
  const line = fill(ctx.strings.indexLine, {
    name: index.label,
    score: formatNumber(index.score, ctx.language, 0),
  });
  const range = rangeLine(index.ci95, index.n, ctx);
  return markup`<li id="${id}"><p class="index-line">${line}</p>${bar(index.score, index.ci95)}<p class="range">${range}</p>${deeds}</li>`;
}
