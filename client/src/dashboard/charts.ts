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
} from "chart.js";
import { h } from "../dom.js";
import { configOf, heightOf } from "./chart-config.js";
import { hasData, type FigureSpec } from "./figure-spec.js";

export type { FigureSpec } from "./figure-spec.js";

// Only the pieces the dashboard draws, so the bundle carries no other chart type. Horizontal
// and stacked bars are options of the bar controller; values and error bars are inline plugins.
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

/** Said instead of a chart with bare axes. */
export const NO_DATA = "Not enough data yet";

export interface ChartFigure {
  element: HTMLElement;
  update(spec: FigureSpec): void;
  destroy(): void;
}

let figureCount = 0;

/** A figure's data table: every number of the chart, in text. */
export function tableOf(spec: Pick<FigureSpec, "caption" | "columns" | "rows">): HTMLTableElement {
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

/**
 * A chart with its data table behind a "Show as table" disclosure. The canvas is an image
 * named by a summary; the table carries every number, for screen readers and for anyone who
 * cannot tell the series apart. With nothing to draw, the figure says "Not enough data yet"
 * and keeps its table. The picture itself is drawn once the figure nears the screen.
 */
export function chartFigure(spec: FigureSpec): ChartFigure {
  const id = `figure-${++figureCount}`;
  const box = h("div", { class: "chart-box" });
  const scroll = h("div", {
    class: "table-scroll",
    tabindex: "0",
    role: "region",
    "aria-labelledby": `${id}-label`,
  });
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
  let chart: Chart | null = null;
  let kind: FigureSpec["kind"] | null = null;
  // Drawn when it nears the screen (or the page is printed): a dashboard has dozens of charts,
  // and drawing them all at once held the main thread for half a second on a fast desktop.
  let waiting: { canvas: HTMLCanvasElement; spec: FigureSpec } | null = null;
  let near = false;
  const drawWaiting = () => {
    if (!waiting || !near) return;
    chart = new Chart(waiting.canvas, configOf(waiting.spec));
    waiting = null;
  };
  const nearScreen = () => {
    near = true;
    observer.disconnect();
    window.removeEventListener("beforeprint", nearScreen);
    drawWaiting();
  };
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) nearScreen();
    },
    { rootMargin: "200px" },
  );
  observer.observe(box);
  window.addEventListener("beforeprint", nearScreen);

  const clearDescription = () => {
    for (const key of Object.keys(element.dataset)) delete element.dataset[key];
  };
  const render = (next: FigureSpec) => {
    scroll.replaceChildren(tableOf(next));
    if (!hasData(next)) {
      chart?.destroy();
      chart = null;
      waiting = null;
      kind = null;
      clearDescription();
      element.dataset["chart"] = "empty";
      box.classList.add("no-data");
      box.style.height = "";
      box.replaceChildren(
        h(
          "p",
          { class: "no-data-text" },
          NO_DATA,
          next.emptyReason ? h("span", { class: "no-data-reason" }, next.emptyReason) : null,
        ),
      );
      return;
    }
    const height = heightOf(next);
    box.classList.remove("no-data");
    box.style.height = height === null ? "" : `${height}px`;
    element.dataset["chart"] = next.kind;
    const label = `${next.caption}: ${next.summary}`;
    if (waiting && kind === next.kind) {
      waiting.canvas.setAttribute("aria-label", label);
      waiting.canvas.textContent = next.summary;
      waiting.spec = next;
      return;
    }
    if (chart && kind === next.kind) {
      const config = configOf(next);
      chart.data = config.data;
      if (config.options) chart.options = config.options;
      chart.update("none");
      chart.canvas.setAttribute("aria-label", label);
      chart.canvas.textContent = next.summary;
      return;
    }
    chart?.destroy();
    clearDescription();
    element.dataset["chart"] = next.kind;
    const canvas = h("canvas", { role: "img", "aria-label": label }, next.summary);
    box.replaceChildren(canvas);
    chart = null;
    waiting = { canvas, spec: next };
    kind = next.kind;
    drawWaiting();
  };
  render(spec);
  return {
    element,
    update: render,
    destroy() {
      observer.disconnect();
      window.removeEventListener("beforeprint", nearScreen);
      chart?.destroy();
      chart = null;
      waiting = null;
    },
  };
}
