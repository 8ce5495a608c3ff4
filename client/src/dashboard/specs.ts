import { isReliable } from "@shared/flags.js";
import { isSuppressed, type OptionResult, type OptionValue } from "@shared/suppression.js";
import type { Question } from "@shared/survey.js";
import { textIn } from "../languages.js";
import type { Agency } from "../types.js";
import type { FigureSpec } from "./charts.js";
import {
  HEADLINE,
  INDEX_NAMES,
  INDEX_ORDER,
  plain,
  shown,
  type Funnel,
  type Results,
  type TrendPoint,
} from "./data.js";

const LIKERT_LABELS: Record<string, string> = {
  "1": "Strongly disagree",
  "2": "Disagree",
  "3": "Neither agree nor disagree",
  "4": "Agree",
  "5": "Strongly agree",
  "0": "Don't know",
};

/** What the chart of a series of index scores says in one sentence. */
function lineSummary(labels: string[], series: FigureSpec["series"]): string {
  if (labels.length === 0) return "No responses yet.";
  const parts = series.map((s) => {
    const last = [...s.values].reverse().find((v) => v !== null);
    return `${s.label} ${last === undefined || last === null ? "not shown" : last.toFixed(1)}`;
  });
  return `${labels.length} periods from ${labels[0]} to ${labels[labels.length - 1]}; latest: ${parts.join(", ")}.`;
}

/** A point's 95% interval, or null when it is hidden or rests on too few answers to be reliable. */
function reliableInterval(p: TrendPoint, key: string): [number, number] | null {
  const index = p.indices[key];
  const ci = index?.ci95;
  return Array.isArray(ci) && isReliable(plain(index?.n)) ? [ci[0], ci[1]] : null;
}

/** A score as the table shows it: with its interval in brackets when it has a reliable one. */
function scoreCell(p: TrendPoint, key: string, label: string): string {
  const ci = reliableInterval(p, key);
  const score = shown(p.indices[key]?.score, label);
  return ci ? `${score} (${ci[0].toFixed(1)}–${ci[1].toFixed(1)})` : score;
}

/**
 * Index scores per week or month: the headline indices as lines with their 95% intervals as
 * bands (none on fewer than 30 answers), every index in the table.
 */
export function trendSpec(points: TrendPoint[], interval: string, label: string): FigureSpec {
  const labels = points.map((p) => p.period);
  const value = (p: TrendPoint, key: string) => plain(p.indices[key]?.score);
  const series = HEADLINE.map((key) => ({
    label: INDEX_NAMES[key]!,
    values: points.map((p) => value(p, key)),
    band: points.map((p) => reliableInterval(p, key)),
  }));
  return {
    kind: "line",
    caption: `Index scores by ${interval} (0–100; 95% interval in brackets where there are 30 answers or more)`,
    labels,
    series,
    columns: ["Period", "Responses", ...INDEX_ORDER.map((k) => INDEX_NAMES[k]!)],
    rows: points.map((p) => [
      p.period,
      shown(p.n, label, 0),
      ...INDEX_ORDER.map((k) => scoreCell(p, k, label)),
    ]),
    summary: lineSummary(labels, series),
    yMax: 100,
    yTitle: "Score",
  };
}

/** One index compared across districts (bars), with responses and every headline index in the table. */
export function districtSpec(
  rows: Array<{ district: { code: string; name: string }; results: Results }>,
  indexKey: string,
  label: string,
): FigureSpec {
  const labels = rows.map((r) => r.district.name);
  const values = rows.map((r) => plain(r.results.indices[indexKey]?.score));
  const described = rows.map(
    (r, i) => `${labels[i]} ${values[i] === null ? "not shown" : values[i]!.toFixed(1)}`,
  );
  return {
    kind: "bar",
    caption: `${INDEX_NAMES[indexKey]} by district (0–100)`,
    labels,
    series: [{ label: INDEX_NAMES[indexKey]!, values }],
    columns: ["District", "Responses", ...HEADLINE.map((k) => INDEX_NAMES[k]!)],
    rows: rows.map((r) => [
      `${r.district.name} (${r.district.code})`,
      shown(r.results.n, label, 0),
      ...HEADLINE.map((k) => shown(r.results.indices[k]?.score, label)),
    ]),
    summary: rows.length === 0 ? "The agency has no districts." : `${described.join(", ")}.`,
    yMax: 100,
    yTitle: "Score",
  };
}

function optionLabel(question: Question, value: OptionValue, agency: Agency, language: string): string {
  if (question.type === "likert" || question.type === "matrix")
    return LIKERT_LABELS[String(value)] ?? String(value);
  if (question.type === "yesno") return value === true || value === "true" ? "Yes" : "No";
  if (question.type === "district")
    return agency.districts.find((d) => d.code === value)?.name ?? String(value);
  const option = question.options?.find((o) => String(o.value) === String(value));
  return option ? textIn(option.label, language) || String(value) : String(value);
}

/** The share of each answer to one question (or matrix item), in percent. */
export function distributionSpec(
  question: Question,
  caption: string,
  options: OptionResult[],
  n: unknown,
  weightedPercents: Map<string, unknown> | null,
  agency: Agency,
  language: string,
  label: string,
): FigureSpec {
  const labels = options.map((o) => optionLabel(question, o.value, agency, language));
  const values = options.map((o) => plain(o.percent));
  const interval = (o: OptionResult) =>
    isSuppressed(o.ci95)
      ? label
      : Array.isArray(o.ci95)
        ? `${o.ci95[0].toFixed(1)}–${o.ci95[1].toFixed(1)}`
        : "—";
  const described = labels.map(
    (l, i) => `${l} ${values[i] === null ? "not shown" : `${values[i]!.toFixed(1)}%`}`,
  );
  return {
    kind: "bar",
    caption: `${caption} (n = ${shown(n as number, label, 0)})`,
    labels,
    series: [{ label: "Percent of answers", values }],
    columns: [
      "Answer",
      "Count",
      "Percent",
      "95% interval",
      ...(weightedPercents ? ["Weighted percent"] : []),
    ],
    rows: options.map((o, i) => [
      labels[i]!,
      shown(o.count, label, 0),
      shown(o.percent, label),
      interval(o),
      ...(weightedPercents ? [shown(weightedPercents.get(String(o.value)) as number, label)] : []),
    ]),
    summary: described.join(", ") || "No answers yet.",
    yMax: 100,
    yTitle: "Percent",
  };
}

/** Invitations from created to completed, with bounces. */
export function funnelSpec(funnel: Funnel): FigureSpec {
  const steps: Array<[string, number]> = [
    ["Created", funnel.created],
    ["Sent", funnel.sent],
    ["Opened", funnel.opened],
    ["Completed", funnel.completed],
    ["Bounced", funnel.bounced],
  ];
  const pct = (v: number) => (funnel.created > 0 ? `${((100 * v) / funnel.created).toFixed(1)}%` : "—");
  return {
    kind: "bar",
    caption: "Invitation funnel",
    labels: steps.map(([s]) => s),
    series: [{ label: "Invitations", values: steps.map(([, v]) => v) }],
    columns: ["Step", "Invitations", "Share of created"],
    rows: steps.map(([s, v]) => [s, String(v), pct(v)]),
    summary: steps.map(([s, v]) => `${s} ${v}`).join(", ") + ".",
    yTitle: "Invitations",
  };
}
