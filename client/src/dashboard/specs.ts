import { isReliable } from "@shared/flags.js";
import { hiddenReason } from "./answer-specs.js";
import type { BarsSpec, FigureSpec, LineSpec } from "./figure-spec.js";
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

/** What the chart of a series of index scores says in one sentence. */
function lineSummary(labels: string[], series: LineSpec["series"]): string {
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
 * bands (none on fewer than 30 answers), every index in the table. A single period is no line:
 * it is drawn as one labelled bar per headline index, its intervals as error bars.
 */
export function trendSpec(points: TrendPoint[], interval: string, label: string): FigureSpec {
  const table = {
    caption: `Index scores by ${interval} (0–100; 95% interval in brackets where there are 30 answers or more)`,
    columns: ["Period", "Responses", ...INDEX_ORDER.map((k) => INDEX_NAMES[k]!)],
    rows: points.map((p) => [
      p.period,
      shown(p.n, label, 0),
      ...INDEX_ORDER.map((k) => scoreCell(p, k, label)),
    ]),
  };
  const only = points.length === 1 ? points[0]! : null;
  if (only) {
    const values = HEADLINE.map((key) => plain(only.indices[key]?.score));
    const names = HEADLINE.map((key) => INDEX_NAMES[key]!);
    return {
      kind: "bars",
      ...table,
      labels: names,
      seriesLabel: `Score in ${only.period}`,
      values,
      valueText: HEADLINE.map((key) => shown(only.indices[key]?.score, label)),
      intervals: HEADLINE.map((key) => reliableInterval(only, key)),
      max: 100,
      axisTitle: `Score in ${only.period}, the only ${interval} so far`,
      summary: `One ${interval} so far, ${only.period}: ${names
        .map((name, i) => `${name} ${values[i] === null ? "not shown" : values[i]!.toFixed(1)}`)
        .join(", ")}.`,
    } satisfies BarsSpec;
  }
  const labels = points.map((p) => p.period);
  const value = (p: TrendPoint, key: string) => plain(p.indices[key]?.score);
  const series = HEADLINE.map((key) => ({
    label: INDEX_NAMES[key]!,
    values: points.map((p) => value(p, key)),
    band: points.map((p) => reliableInterval(p, key)),
  }));
  return {
    kind: "line",
    ...table,
    labels,
    series,
    summary: lineSummary(labels, series),
    yMax: 100,
    yTitle: "Score",
  } satisfies LineSpec;
}

/**
 * One index compared across districts as labelled bars, with its 95% interval as an error bar
 * where a district has 30 answers or more; responses and every headline index in the table.
 */
export function districtSpec(
  rows: Array<{ district: { code: string; name: string }; results: Results }>,
  indexKey: string,
  label: string,
): FigureSpec {
  const labels = rows.map((r) => r.district.name);
  const index = (r: (typeof rows)[number]) => r.results.indices[indexKey];
  const values = rows.map((r) => plain(index(r)?.score));
  const intervals = rows.map((r): [number, number] | null => {
    const ci = index(r)?.ci95;
    return Array.isArray(ci) && isReliable(plain(index(r)?.n)) ? [ci[0], ci[1]] : null;
  });
  const described = rows.map(
    (r, i) => `${labels[i]} ${values[i] === null ? "not shown" : values[i]!.toFixed(1)}`,
  );
  return {
    kind: "bars",
    caption: `${INDEX_NAMES[indexKey]} by district (0–100)`,
    labels,
    seriesLabel: INDEX_NAMES[indexKey]!,
    values,
    valueText: rows.map((r) => shown(index(r)?.score, label)),
    intervals,
    max: 100,
    axisTitle: "Score",
    columns: ["District", "Responses", ...HEADLINE.map((k) => INDEX_NAMES[k]!)],
    rows: rows.map((r) => [
      `${r.district.name} (${r.district.code})`,
      shown(r.results.n, label, 0),
      ...HEADLINE.map((k) => shown(r.results.indices[k]?.score, label)),
    ]),
    summary: rows.length === 0 ? "The agency has no districts." : `${described.join(", ")}.`,
    ...hiddenReason(
      rows.map((r) => index(r)?.score),
      label,
    ),
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
    kind: "bars",
    caption: "Invitation funnel",
    labels: steps.map(([s]) => s),
    seriesLabel: "Invitations",
    values: steps.map(([, v]) => v),
    valueText: steps.map(([, v]) => String(v)),
    columns: ["Step", "Invitations", "Share of created"],
    rows: steps.map(([s, v]) => [s, String(v), pct(v)]),
    summary: steps.map(([s, v]) => `${s} ${v}`).join(", ") + ".",
    axisTitle: "Invitations",
  };
}
