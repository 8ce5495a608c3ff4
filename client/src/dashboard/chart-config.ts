import type { ChartConfiguration, LegendItem, Scale, TooltipItem } from "chart.js";
import {
  axisEnd,
  barChartHeight,
  divergingDatasets,
  divergingExtent,
  labelCharacters,
  wrapLabel,
} from "./chart-data.js";
import { INLINE_PLUGINS, type AnnotatedDataset } from "./chart-plugins.js";
import type { BarsSpec, DivergingSpec, FigureSpec, LineSpec } from "./figure-spec.js";

/**
 * Series colours, each at least 4.5:1 against white; lines also differ by point shape and dash
 * so no series is told apart by colour alone.
 */
const COLOURS = ["#0b5cad", "#a4161a", "#1b6e35", "#6b3fa0", "#8a4b00", "#374151", "#00677f"];
const POINTS = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "cross"] as const;
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [], [6, 4], [2, 3]];
const INK = "#1b1f24";
/** Bars: 3.8:1 against white, and the dark error bar drawn over it still reads (5:1). */
const BAR = "#4a7fc1";
/** Red for disagreeing, grey for neutral, blue for agreeing; darker at the ends of the scale. */
const AGREEMENT_COLOURS: Record<string, { fill: string; text: string }> = {
  "1": { fill: "#a4161a", text: "#ffffff" },
  "2": { fill: "#f0a3a0", text: INK },
  "3": { fill: "#d4d7dc", text: INK },
  "4": { fill: "#9cc3eb", text: INK },
  "5": { fill: "#0b5cad", text: "#ffffff" },
};

/**
 * The characters per label line the box's height is planned for, before the chart knows its
 * width: as narrow as a chart in the questions grid or on a phone, so rows are never too short.
 */
const plannedCharacters = (): number => labelCharacters(Math.min(window.innerWidth - 48, 340));

/**
 * Category labels wrapped to the chart's width when it is drawn (and again on resize), so
 * every label shows whole; `notes` adds lines under a row's label.
 */
function wrappedTicks(labels: string[], notes?: string[][]) {
  return {
    ...ticks,
    autoSkip: false,
    callback(this: Scale, _value: number | string, index: number) {
      return [
        ...wrapLabel(labels[index] ?? "", labelCharacters(this.chart.width)),
        ...(notes?.[index] ?? []),
      ];
    },
  };
}

/** The chart box's height in pixels for bar charts (which grow with their rows), else null. */
export function heightOf(spec: FigureSpec): number | null {
  const width = plannedCharacters();
  if (spec.kind === "bars")
    return barChartHeight(
      spec.labels.map((l) => wrapLabel(l, width)),
      false,
    );
  if (spec.kind === "diverging")
    return barChartHeight(
      spec.items.map((item) => [...wrapLabel(item.label, width), ...(item.notes ?? [])]),
      true,
    );
  return null;
}

/** A dataset with this module's extras; Chart.js ignores keys it does not know. */
type Dataset = AnnotatedDataset & { label: string; data: Array<number | null> } & Record<string, unknown>;

const isBand = (dataset: unknown): boolean => (dataset as AnnotatedDataset | undefined)?.band === true;
const ticks = { color: INK };
/** A value axis ends where its bars need it to, without an extra tick squeezed in at its ends. */
const valueTicks = { ...ticks, includeBounds: false };

/** The band's edges as two datasets, the upper filled down to the lower; never in the legend. */
function bandDatasets(label: string, band: Array<[number, number] | null>, colour: string) {
  const edge = { borderWidth: 0, pointRadius: 0, pointHitRadius: 0, spanGaps: false, band: true };
  return [
    { ...edge, label: `${label}: 95% interval, lower`, data: band.map((b) => b?.[0] ?? null), fill: false },
    {
      ...edge,
      label: `${label}: 95% interval, upper`,
      data: band.map((b) => b?.[1] ?? null),
      fill: "-1",
      backgroundColor: `${colour}26`,
    },
  ];
}

function lineConfig(spec: LineSpec): ChartConfiguration {
  const datasets = spec.series.flatMap((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const line = {
      label: s.label,
      data: s.values,
      borderColor: colour,
      backgroundColor: colour,
      pointStyle: POINTS[i % POINTS.length]!,
      pointRadius: 4,
      borderDash: DASHES[i % DASHES.length]!,
      spanGaps: true,
    };
    return s.band?.some((b) => b !== null) ? [line, ...bandDatasets(s.label, s.band, colour)] : [line];
  });
  return {
    type: "line",
    data: { labels: spec.labels, datasets },
    options: {
      plugins: {
        legend: {
          display: spec.series.length > 1,
          labels: {
            usePointStyle: true,
            color: INK,
            filter: (item: LegendItem, data) => !isBand(data.datasets[item.datasetIndex ?? -1]),
          },
        },
        tooltip: { filter: (item: TooltipItem<"line">) => !isBand(item.dataset) },
      },
      scales: {
        x: { ticks },
        y: {
          min: 0,
          ...(spec.yMax !== undefined ? { max: spec.yMax } : {}),
          ticks,
          ...(spec.yTitle ? { title: { display: true, text: spec.yTitle, color: INK } } : {}),
        },
      },
    },
  } as ChartConfiguration;
}

function barsConfig(spec: BarsSpec): ChartConfiguration {
  const dataset: Dataset = {
    label: spec.seriesLabel,
    data: spec.values,
    backgroundColor: BAR,
    borderColor: BAR,
    maxBarThickness: 28,
    valueLabels: spec.valueText,
    anchor: "end",
    intervals: spec.intervals,
  };
  return {
    type: "bar",
    data: { labels: spec.labels, datasets: [dataset] },
    options: {
      indexAxis: "y",
      // Room after the longest bar for its value.
      layout: { padding: { right: 52 } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<"bar">) => {
              const interval = spec.intervals?.[item.dataIndex];
              const range = interval
                ? ` (95% interval ${interval[0].toFixed(1)}–${interval[1].toFixed(1)})`
                : "";
              return `${spec.valueText[item.dataIndex] ?? ""}${range}`;
            },
          },
        },
      },
      scales: {
        x: {
          min: 0,
          max: axisEnd(spec.values, spec.intervals, spec.max),
          ticks: valueTicks,
          ...(spec.axisTitle ? { title: { display: true, text: spec.axisTitle, color: INK } } : {}),
        },
        // Every category keeps its label: none skipped, long ones wrapped.
        y: { ticks: wrappedTicks(spec.labels), grid: { display: false } },
      },
    },
  } as ChartConfiguration;
}

function divergingConfig(spec: DivergingSpec): ChartConfiguration {
  const sets = divergingDatasets(spec.items);
  const extent = divergingExtent(sets);
  const datasets = sets.map((d): Dataset => {
    const colour = AGREEMENT_COLOURS[d.value]!;
    return {
      label: d.label,
      data: d.data,
      backgroundColor: colour.fill,
      borderColor: "#ffffff",
      borderWidth: 1,
      borderSkipped: false,
      maxBarThickness: 32,
      stack: "answers",
      valueLabels: d.shares.map((s) => (s === null || s === 0 ? null : `${Math.round(s)}%`)),
      anchor: d.anchor,
      valueColour: colour.text,
      shares: d.shares,
      rank: d.rank,
      inLegend: d.inLegend,
    };
  });
  const meta = (datasetIndex: number | undefined) =>
    datasets[datasetIndex ?? -1] as { rank?: number; inLegend?: boolean; shares?: Array<number | null> };
  return {
    type: "bar",
    data: {
      labels: spec.items.map((item) => item.label),
      datasets,
    },
    options: {
      indexAxis: "y",
      plugins: {
        legend: {
          display: true,
          position: "top",
          labels: {
            color: INK,
            boxWidth: 12,
            filter: (item: LegendItem) => meta(item.datasetIndex).inLegend !== false,
            sort: (a: LegendItem, b: LegendItem) =>
              (meta(a.datasetIndex).rank ?? 0) - (meta(b.datasetIndex).rank ?? 0),
          },
        },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<"bar">) => {
              const share = meta(item.datasetIndex).shares?.[item.dataIndex];
              return `${item.dataset.label}: ${share === null || share === undefined ? "—" : `${share.toFixed(1)}%`}`;
            },
          },
        },
      },
      scales: {
        x: {
          stacked: true,
          min: -extent,
          max: extent,
          ticks: { ...valueTicks, callback: (value: string | number) => `${Math.abs(Number(value))}%` },
          title: { display: true, text: "Percent of answers: disagree ← → agree", color: INK },
        },
        y: {
          stacked: true,
          ticks: wrappedTicks(
            spec.items.map((item) => item.label),
            spec.items.map((item) => item.notes ?? []),
          ),
          grid: { display: false },
        },
      },
    },
  } as ChartConfiguration;
}

/**
 * The Chart.js configuration of a figure: lines with bands, horizontal bars with values and
 * error bars, or diverging stacked bars. All are responsive, unanimated (live pushes redraw in
 * place) and carry the inline plugins.
 */
export function configOf(spec: FigureSpec): ChartConfiguration {
  const config =
    spec.kind === "line" ? lineConfig(spec) : spec.kind === "bars" ? barsConfig(spec) : divergingConfig(spec);
  config.options = { ...config.options, responsive: true, maintainAspectRatio: false, animation: false };
  config.plugins = INLINE_PLUGINS;
  return config;
}
