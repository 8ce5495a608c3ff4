import type { Chart, Plugin, Scale } from "chart.js";

/**
 * Three small inline plugins, passed to each chart rather than registered, so no other chart
 * pays for them: 95% intervals as error bars, values written on bars, and a description of what
 * was drawn on the figure's data attributes (tests and tools read those; nothing is global).
 */

/** What a bar dataset may carry beyond Chart.js's own options. */
export interface AnnotatedDataset {
  /** Text written per bar; null writes nothing. */
  valueLabels?: Array<string | null>;
  /** After the bar (and its interval), inside the segment, or centred on zero (a split segment). */
  anchor?: "end" | "inside" | "zero" | "none";
  /** Text colour inside a segment, chosen for contrast with its fill. */
  valueColour?: string;
  /** 95% interval per bar in axis units, drawn as an error bar; null draws none. */
  intervals?: Array<[number, number] | null>;
  /** A line's interval band edge; never in the legend or tooltips. */
  band?: boolean;
}

const INK = "#1b1f24";
const FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const drawn = new WeakMap<Chart, { labels: number; hidden: number; errorBars: number }>();

function tally(chart: Chart) {
  let counts = drawn.get(chart);
  if (!counts) {
    counts = { labels: 0, hidden: 0, errorBars: 0 };
    drawn.set(chart, counts);
  }
  return counts;
}

/** Runs `draw` on a horizontal bar chart's two scales with the canvas state saved around it. */
function drawOver(chart: Chart, draw: (x: Scale, y: Scale, ctx: CanvasRenderingContext2D) => void) {
  const x = chart.scales["x"];
  const y = chart.scales["y"];
  if (!x || !y) return;
  chart.ctx.save();
  draw(x, y, chart.ctx);
  chart.ctx.restore();
}

const datasetsOf = (chart: Chart) =>
  chart.data.datasets.map((d, i) => ({
    dataset: d as unknown as AnnotatedDataset,
    meta: chart.getDatasetMeta(i),
    visible: chart.isDatasetVisible(i),
  }));

/** Error bars across horizontal bars: a line from the lower to the upper end, with caps. */
export const errorBars: Plugin = {
  id: "errorBars",
  afterDatasetsDraw(chart) {
    const counts = tally(chart);
    counts.errorBars = 0;
    drawOver(chart, (x, y, ctx) => {
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1.5;
      for (const { dataset, visible } of datasetsOf(chart)) {
        if (!visible || !dataset.intervals) continue;
        dataset.intervals.forEach((interval, i) => {
          if (!interval) return;
          const at = y.getPixelForValue(i);
          const [from, to] = [x.getPixelForValue(interval[0]), x.getPixelForValue(interval[1])];
          ctx.beginPath();
          ctx.moveTo(from, at);
          ctx.lineTo(to, at);
          for (const end of [from, to]) {
            ctx.moveTo(end, at - 5);
            ctx.lineTo(end, at + 5);
          }
          ctx.stroke();
          counts.errorBars++;
        });
      }
    });
  },
};

/**
 * Values on bars. After a bar the text goes past its interval too; inside a segment it is
 * written only where it fits, so small segments stay clean (their value is in the tooltip and
 * the table). A hidden value has no bar: its label (e.g. "fewer than 10") is written at zero.
 */
export const valueLabels: Plugin = {
  id: "valueLabels",
  afterDatasetsDraw(chart) {
    const counts = tally(chart);
    counts.labels = 0;
    counts.hidden = 0;
    drawOver(chart, (x, y, ctx) => {
      const zero = x.getPixelForValue(0);
      ctx.font = FONT;
      ctx.textBaseline = "middle";
      for (const { dataset, meta, visible } of datasetsOf(chart)) {
        if (!visible || !dataset.valueLabels) continue;
        dataset.valueLabels.forEach((text, i) => {
          if (!text) return;
          const at = y.getPixelForValue(i);
          const bar = meta.data[i]?.getProps(["x", "base"], true) as
            { x?: number; base?: number } | undefined;
          const end = bar?.x;
          const base = bar?.base;
          const width = ctx.measureText(text).width;
          const value = (dataset as { data?: unknown[] }).data?.[i];
          const drawable =
            typeof value === "number" &&
            typeof end === "number" &&
            Number.isFinite(end) &&
            typeof base === "number";
          if (dataset.anchor === "end") {
            const interval = dataset.intervals?.[i];
            const past = Math.max(drawable ? end : zero, interval ? x.getPixelForValue(interval[1]) : zero);
            ctx.fillStyle = INK;
            ctx.textAlign = "left";
            ctx.fillText(text, past + 4, at);
            if (!drawable) counts.hidden++;
          } else if (dataset.anchor === "inside" && drawable) {
            if (width + 6 > Math.abs(end - base)) return;
            ctx.fillStyle = dataset.valueColour ?? INK;
            ctx.textAlign = "center";
            ctx.fillText(text, (end + base) / 2, at);
          } else if (dataset.anchor === "zero" && drawable) {
            // The segment is half of one split across zero: the whole is twice as wide.
            if (width + 6 > 2 * Math.abs(end - base)) return;
            ctx.fillStyle = dataset.valueColour ?? INK;
            ctx.textAlign = "center";
            ctx.fillText(text, zero, at);
          } else {
            return;
          }
          counts.labels++;
        });
      }
    });
  },
};

/**
 * Writes what Chart.js actually built and drew onto the figure: kind, axis, stacking, rows, the
 * category ticks shown, the legend, band datasets, value labels (and those written where a
 * hidden value has no bar) and error bars drawn.
 */
export const describeOnFigure: Plugin = {
  id: "describeOnFigure",
  afterRender(chart) {
    const figure = chart.canvas.closest("figure");
    if (!figure) return;
    const indexAxis = chart.options.indexAxis ?? "x";
    const categoryScale = chart.scales[indexAxis];
    const valueScale = chart.scales[indexAxis === "y" ? "x" : "y"];
    const counts = tally(chart);
    const scales = chart.options.scales as Record<string, { stacked?: boolean } | undefined>;
    const legend = chart.legend?.legendItems?.map((item) => item.text) ?? [];
    const bands = chart.data.datasets.filter((d) => (d as unknown as AnnotatedDataset).band).length;
    Object.assign(figure.dataset, {
      type: (chart.config as { type?: string }).type ?? "",
      indexAxis,
      stacked: String(Boolean(scales["x"]?.stacked && scales["y"]?.stacked)),
      rows: String(chart.data.labels?.length ?? 0),
      ticks: String(categoryScale?.ticks.length ?? 0),
      valueMin: String(valueScale?.min ?? ""),
      valueMax: String(valueScale?.max ?? ""),
      legend: chart.options.plugins?.legend?.display === false ? "" : legend.join("|"),
      bands: String(bands),
      valueLabels: String(counts.labels),
      hiddenLabels: String(counts.hidden),
      errorBars: String(counts.errorBars),
      rendered: "true",
    });
  },
};

export const INLINE_PLUGINS: Plugin[] = [errorBars, valueLabels, describeOnFigure];
