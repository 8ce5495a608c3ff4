import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { h } from "../dom.js";

// Only the pieces the dashboard draws, so the bundle carries no other chart type.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Filler,
  Legend,
  Tooltip,
);

/**
 * Series colours, each at least 4.5:1 against white; lines also differ by point shape and dash
 * so no series is told apart by colour alone.
 */
const COLOURS = ["#0b5cad", "#a4161a", "#1b6e35", "#6b3fa0", "#8a4b00", "#374151", "#00677f"];
const POINTS = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "cross"] as const;
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [], [6, 4], [2, 3]];

export interface FigureSpec {
  kind: "line" | "bar";
  /** Table caption and the start of the chart's accessible name. */
  caption: string;
  labels: string[];
  series: Array<{
    label: string;
    values: Array<number | null>;
    /** A line's 95% interval per point, drawn as a shaded band; null where none is shown. */
    band?: Array<[number, number] | null>;
  }>;
  /** The data table: its header row and one row per label (first cell is the row header). */
  columns: string[];
  rows: string[][];
  /** One sentence that says what the chart shows, read instead of the picture. */
  summary: string;
  yMax?: number;
  yTitle?: string;
}

export interface ChartFigure {
  element: HTMLElement;
  update(spec: FigureSpec): void;
  destroy(): void;
}

let figureCount = 0;

function tableOf(spec: FigureSpec): HTMLTableElement {
  return h(
    "table",
    { class: "data-table" },
    h("caption", {}, spec.caption),
    h("thead", {}, h("tr", {}, ...spec.columns.map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...spec.rows.map(([head, ...cells]) =>
        h("tr", {}, h("th", { scope: "row" }, head ?? ""), ...cells.map((c) => h("td", {}, c))),
      ),
    ),
  );
}

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

const isBand = (dataset: unknown): boolean => (dataset as { band?: boolean } | undefined)?.band === true;

function configOf(spec: FigureSpec): ChartConfiguration {
  const datasets = spec.series.flatMap(
    (s, i): Array<{ label: string; data: Array<number | null> } & Record<string, unknown>> => {
      const colour = COLOURS[i % COLOURS.length]!;
      if (spec.kind !== "line")
        return [{ label: s.label, data: s.values, backgroundColor: colour, borderColor: colour }];
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
    },
  );
  const lines = spec.series.length;
  return {
    type: spec.kind,
    data: { labels: spec.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: {
          display: lines > 1,
          labels: {
            usePointStyle: true,
            color: "#1b1f24",
            filter: (item, data) => !isBand(data.datasets[item.datasetIndex ?? -1]),
          },
        },
        tooltip: { filter: (item) => !isBand(item.dataset) },
      },
      scales: {
        x: { ticks: { color: "#1b1f24" } },
        y: {
          min: 0,
          ...(spec.yMax !== undefined ? { max: spec.yMax } : {}),
          ticks: { color: "#1b1f24" },
          ...(spec.yTitle ? { title: { display: true, text: spec.yTitle, color: "#1b1f24" } } : {}),
        },
      },
    },
  } as ChartConfiguration;
}

/**
 * A chart with its data table behind a "Show as table" disclosure. The canvas is an image
 * named by a summary; the table carries every number, for screen readers and for anyone who
 * cannot tell the series apart. The picture itself is drawn once the figure nears the screen.
 */
export function chartFigure(spec: FigureSpec): ChartFigure {
  const id = `figure-${++figureCount}`;
  const canvas = h("canvas", { role: "img", "aria-label": `${spec.caption}: ${spec.summary}` }, spec.summary);
  const box = h("div", { class: "chart-box" }, canvas);
  const scroll = h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": `${id}-label` },
    tableOf(spec),
  );
  const details = h(
    "details",
    { class: "as-table" },
    h(
      "summary",
      { id: `${id}-label` },
      "Show as table",
      h("span", { class: "visually-hidden" }, `: ${spec.caption}`),
    ),
    scroll,
  );
  const element = h("figure", { class: "chart-figure", id }, box, details);
  let latest = spec;
  let chart: Chart | null = null;
  // Drawn when it nears the screen (or the page is printed): a dashboard has dozens of charts,
  // and drawing them all at once held the main thread for half a second on a fast desktop.
  const draw = () => {
    observer.disconnect();
    window.removeEventListener("beforeprint", draw);
    chart ??= new Chart(canvas, configOf(latest));
  };
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) draw();
    },
    { rootMargin: "200px" },
  );
  observer.observe(box);
  window.addEventListener("beforeprint", draw);
  return {
    element,
    update(next) {
      latest = next;
      if (chart) {
        chart.data = configOf(next).data;
        chart.update("none");
      }
      canvas.setAttribute("aria-label", `${next.caption}: ${next.summary}`);
      canvas.textContent = next.summary;
      scroll.replaceChildren(tableOf(next));
    },
    destroy() {
      observer.disconnect();
      window.removeEventListener("beforeprint", draw);
      chart?.destroy();
    },
  };
}
