import { isReliable } from "@shared/flags.js";
import { isSuppressed, type Cell, type OptionResult, type OptionValue } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { textIn } from "../languages.js";
import type { Agency } from "../types.js";
import type { BarsSpec, DivergingSpec } from "./figure-spec.js";
import { AGREEMENT_LEVELS } from "./chart-data.js";
import { plain, shown } from "./data.js";

const DONT_KNOW = "0";
const ANSWER_LABELS: Record<string, string> = {
  ...Object.fromEntries(AGREEMENT_LEVELS.map((l) => [l.value, l.label])),
  [DONT_KNOW]: "Don't know",
};

/** Why nothing is drawn when every given figure is hidden by disclosure control; else nothing. */
export function hiddenReason(cells: unknown[], label: string): { emptyReason?: string } {
  const hidden = cells.filter(isSuppressed);
  return hidden.length > 0 && hidden.length === cells.length
    ? { emptyReason: `Figures hidden: ${shown(hidden[0], label)}.` }
    : {};
}

/** The answers to one question, or to one item of a matrix, as the server sent them. */
export interface AnswerPart {
  /** The item's prompt for a matrix; the question's for any other. */
  label: string;
  options: OptionResult[];
  n: Cell<number>;
  /** Weighted percent per option value, when weighting was asked for. */
  weighted: Map<string, unknown> | null;
}

/** Agreement questions (Likert, matrix) are drawn diverging; the rest as bars per option. */
export const isAgreement = (question: Question): boolean =>
  question.type === "likert" || question.type === "matrix";

function optionLabel(question: Question, value: OptionValue, agency: Agency, language: string): string {
  if (isAgreement(question)) return ANSWER_LABELS[String(value)] ?? String(value);
  if (question.type === "yesno") return value === true || value === "true" ? "Yes" : "No";
  if (question.type === "district")
    return agency.districts.find((d) => d.code === value)?.name ?? String(value);
  const option = question.options?.find((o) => String(o.value) === String(value));
  return option ? textIn(option.label, language) || String(value) : String(value);
}

const intervalText = (o: OptionResult, label: string): string =>
  isSuppressed(o.ci95)
    ? label
    : Array.isArray(o.ci95)
      ? `${o.ci95[0].toFixed(1)}–${o.ci95[1].toFixed(1)}`
      : "—";

/** The per-answer table of one question: count, percent, interval and weighted percent. */
function answerTable(part: AnswerPart, labels: string[], label: string) {
  return {
    columns: ["Answer", "Count", "Percent", "95% interval", ...(part.weighted ? ["Weighted percent"] : [])],
    rows: part.options.map((o, i) => [
      labels[i]!,
      shown(o.count, label, 0),
      shown(o.percent, label),
      intervalText(o, label),
      ...(part.weighted ? [shown(part.weighted.get(String(o.value)) as number, label)] : []),
    ]),
  };
}

/**
 * The share of each answer to a question with options, as horizontal bars in the order the
 * options are listed: every label shown, each bar's percent written on it (or the suppression
 * label where it is hidden), and its 95% interval as an error bar when the question has 30
 * answers or more.
 */
export function distributionSpec(
  question: Question,
  caption: string,
  part: AnswerPart,
  agency: Agency,
  language: string,
  label: string,
): BarsSpec {
  const labels = part.options.map((o) => optionLabel(question, o.value, agency, language));
  const values = part.options.map((o) => plain(o.percent));
  const reliable = isReliable(plain(part.n));
  const described = labels.map(
    (l, i) => `${l} ${values[i] === null ? "not shown" : `${values[i]!.toFixed(1)}%`}`,
  );
  return {
    kind: "bars",
    caption: `${caption} (n = ${shown(part.n, label, 0)})`,
    labels,
    seriesLabel: "Percent of answers",
    values,
    valueText: part.options.map((o) =>
      isSuppressed(o.percent) ? shown(o.percent, label) : `${shown(o.percent, label)}%`,
    ),
    intervals: part.options.map((o) => (reliable && Array.isArray(o.ci95) ? [o.ci95[0], o.ci95[1]] : null)),
    max: 100,
    axisTitle: "Percent of answers",
    ...answerTable(part, labels, label),
    ...hiddenReason(
      part.options.map((o) => o.percent),
      label,
    ),
    summary: described.join(", ") || "No answers yet.",
  };
}

/** One item's shares by answer value, null where hidden, with notes for what is not drawn. */
function itemRow(part: AnswerPart, rowLabel: string, label: string): DivergingSpec["items"][number] {
  const percents = Object.fromEntries(part.options.map((o) => [String(o.value), plain(o.percent)]));
  const hidden = part.options.filter((o) => isSuppressed(o.percent));
  const notes: string[] = [];
  if (hidden.length > 0 && hidden.length === part.options.length)
    notes.push(`(${shown(hidden[0]!.percent, label)})`);
  else if (hidden.length > 0) notes.push("(some answers hidden)");
  const dontKnow = percents[DONT_KNOW];
  if (typeof dontKnow === "number" && dontKnow > 0) notes.push(`Don't know ${dontKnow.toFixed(0)}%`);
  return { label: rowLabel, percents, notes };
}

/** An item's agreement in words: agree and disagree shares, or that they are not shown. */
function agreementSentence(row: DivergingSpec["items"][number]): string {
  const sum = (values: string[]) => {
    const shares = values.map((v) => row.percents[v] ?? null);
    return shares.some((s) => s === null) ? null : shares.reduce((a, b) => a! + b!, 0)!;
  };
  const agree = sum(["4", "5"]);
  const disagree = sum(["1", "2"]);
  if (agree === null || disagree === null) return `${row.label}: not shown`;
  return `${row.label}: ${agree.toFixed(0)}% agree, ${disagree.toFixed(0)}% disagree`;
}

/** A cell of the item table: percent with its count, or the suppression label. */
const shareCell = (o: OptionResult | undefined, label: string): string =>
  !o
    ? "—"
    : isSuppressed(o.percent)
      ? shown(o.percent, label)
      : `${shown(o.percent, label)}% (${shown(o.count, label, 0)})`;

/**
 * Agreement answers as diverging stacked bars: disagreeing answers left of zero, the neutral
 * answer split across it, agreeing ones right; "don't know" is written beside the row, not
 * drawn. A matrix is one chart with one row per item; a single question one row. The table
 * keeps every figure: per answer for a single question, per item and answer for a matrix.
 */
export function agreementSpec(
  caption: string,
  parts: AnswerPart[],
  n: Cell<number>,
  label: string,
): DivergingSpec {
  const single = parts.length === 1 && parts[0]!;
  const items = parts.map((part) =>
    itemRow(part, single ? `n = ${shown(part.n, label, 0)}` : part.label, label),
  );
  const values = [...AGREEMENT_LEVELS.map((l) => l.value), DONT_KNOW];
  const table = single
    ? answerTable(
        single,
        single.options.map((o) => ANSWER_LABELS[String(o.value)] ?? String(o.value)),
        label,
      )
    : {
        columns: ["Item", "Answers", ...values.map((v) => ANSWER_LABELS[v]!)],
        rows: parts.flatMap((part) => {
          const byValue = (v: string) => part.options.find((o) => String(o.value) === v);
          const row = [
            part.label,
            shown(part.n, label, 0),
            ...values.map((v) => shareCell(byValue(v), label)),
          ];
          if (!part.weighted) return [row];
          const weighted = [
            `${part.label} (weighted)`,
            "—",
            ...values.map((v) => {
              const w = part.weighted!.get(v);
              return typeof w === "number" ? `${w.toFixed(1)}%` : shown(w as Cell<number>, label);
            }),
          ];
          return [row, weighted];
        }),
      };
  return {
    kind: "diverging",
    caption: `${caption} (n = ${shown(n, label, 0)})`,
    items,
    ...table,
    ...hiddenReason(
      parts.flatMap((p) => p.options.map((o) => o.percent)),
      label,
    ),
    summary: single
      ? `${agreementSentence({ ...items[0]!, label: "All answers" })}.`
      : `${items.map(agreementSentence).join("; ")}.`,
  };
}
