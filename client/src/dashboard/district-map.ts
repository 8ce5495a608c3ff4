import { Chart, type Plugin } from "chart.js";
import { ChoroplethController, ColorScale, GeoFeature, ProjectionScale } from "chartjs-chart-geo";
import { isSuppressed } from "@shared/suppression.js";
import { h } from "../dom.js";
import { tableOf, type ChartFigure } from "./charts.js";
import { HEADLINE, INDEX_NAMES, plain, shown, type Results } from "./data.js";

// Loaded only when the agency has boundaries: the geo plugin (and d3-geo in it) stays out of
// the dashboard's first bundle.
Chart.register(ChoroplethController, GeoFeature, ColorScale, ProjectionScale);

type Ring = Array<[number, number]>;
export interface BoundaryFeature {
  type: "Feature";
  properties: { district: string; name: string };
  geometry: { type: "Polygon"; coordinates: Ring[] } | { type: "MultiPolygon"; coordinates: Ring[][] };
}

export interface DistrictRow {
  district: { code: string; name: string };
  results: Results;
}

/**
 * The server keeps RFC 7946 winding (outer rings counterclockwise); d3-geo, which draws the
 * map, reads rings on the sphere and wants them clockwise, else a district becomes the world.
 */
function forD3(feature: BoundaryFeature): BoundaryFeature {
  const flip = (rings: Ring[]) => rings.map((ring) => [...ring].reverse());
  const geometry: BoundaryFeature["geometry"] =
    feature.geometry.type === "Polygon"
      ? { type: "Polygon", coordinates: flip(feature.geometry.coordinates) }
      : { type: "MultiPolygon", coordinates: feature.geometry.coordinates.map(flip) };
  return { ...feature, geometry };
}

/** Diagonal grey lines on white: a hidden district reads as "no figure", not as a low score. */
function hatchPattern(): CanvasPattern | string {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const ctx = tile.getContext("2d");
  if (!ctx) return "#d0d5dc";
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = "#5b6470";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(tile, "repeat") ?? "#d0d5dc";
}

/** Each district's name and score (or why it is hidden) written on it, with a white halo. */
function districtLabels(names: string[], texts: string[]): Plugin<"choropleth"> {
  return {
    id: "districtLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      ctx.lineWidth = 4;
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#1b1f24";
      chart.getDatasetMeta(0).data.forEach((element, i) => {
        const { x, y } = element.getProps(["x", "y"], true) as { x: number; y: number };
        for (const [line, dy, font] of [
          [names[i] ?? "", -8, "600 12px system-ui, sans-serif"],
          [texts[i] ?? "", 8, "12px system-ui, sans-serif"],
        ] as const) {
          ctx.font = font;
          ctx.strokeText(line, x, y + dy);
          ctx.fillText(line, x, y + dy);
        }
      });
      ctx.restore();
    },
  };
}

/**
 * One index by district as a choropleth (0–100 in five steps), hidden districts hatched and
 * labelled with the suppression wording, the data table beside it. The canvas is an image
 * named by a sentence holding every value; the table is the accessible view.
 */
export function districtMapFigure(
  features: BoundaryFeature[],
  rows: DistrictRow[],
  indexKey: string,
  label: string,
): ChartFigure {
  const byCode = new Map(rows.map((r) => [r.district.code, r]));
  const drawn = features.filter((f) => byCode.has(f.properties.district));
  const indexName = INDEX_NAMES[indexKey] ?? indexKey;
  // A district whose n is hidden carries no indices: its score is hidden the same way.
  const score = (code: string) => {
    const results = byCode.get(code)?.results;
    return results?.indices[indexKey]?.score ?? (isSuppressed(results?.n) ? results.n : undefined);
  };
  const texts = drawn.map((f) => shown(score(f.properties.district), label, 0));
  const names = drawn.map((f) => byCode.get(f.properties.district)!.district.name);
  const caption = `${indexName} by district (0–100)`;
  const summary = `${names.map((name, i) => `${name} ${texts[i]}`).join(", ")}.`;
  const canvas = h("canvas", { role: "img", "aria-label": `Map of ${caption}: ${summary}` }, summary);
  const hidden = drawn.map((f) => isSuppressed(score(f.properties.district)));
  const hatch = hatchPattern();
  const chart = new Chart<"choropleth">(canvas, {
    type: "choropleth",
    data: {
      labels: names,
      datasets: [
        {
          label: indexName,
          outline: drawn.map(forD3),
          data: drawn.map((f) => ({ feature: forD3(f), value: plain(score(f.properties.district)) ?? NaN })),
          borderColor: "#ffffff",
          borderWidth: 2,
          backgroundColor: (context) => {
            if (context.dataIndex === undefined || context.dataIndex === null) return "transparent";
            if (hidden[context.dataIndex]) return hatch;
            const meta = context.chart.getDatasetMeta(context.datasetIndex);
            return (meta.controller as ChoroplethController).indexToColor(context.dataIndex);
          },
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      showOutline: false,
      showGraticule: false,
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        projection: { axis: "x", projection: "mercator" },
        color: {
          axis: "x",
          min: 0,
          max: 100,
          quantize: 5,
          interpolate: "blues",
          missing: "#ffffff",
          legend: { position: "bottom-right", align: "right" },
        },
      },
    },
    plugins: [districtLabels(names, texts)],
  });
  const table = {
    caption: `${caption}, with every headline index`,
    columns: ["District", "Responses", ...HEADLINE.map((k) => INDEX_NAMES[k]!)],
    rows: rows.map((r) => [
      `${r.district.name} (${r.district.code})`,
      shown(r.results.n, label, 0),
      ...HEADLINE.map((k) => shown(r.results.indices[k]?.score, label)),
    ]),
  };
  const hiddenNote = hidden.some(Boolean)
    ? h(
        "p",
        { class: "hint" },
        `Hatched districts show no score: ${label} answers, or hidden so that a small district cannot be worked out.`,
      )
    : null;
  const element = h(
    "figure",
    { class: "chart-figure district-map", "data-chart": "map" },
    h("div", { class: "map-box" }, canvas),
    h(
      "div",
      { class: "map-table table-scroll", tabindex: "0", role: "region", "aria-label": table.caption },
      tableOf(table),
      hiddenNote,
    ),
  );
  return {
    element,
    update: () => undefined,
    destroy: () => chart.destroy(),
  };
}
