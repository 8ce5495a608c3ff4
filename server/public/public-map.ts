import { fill } from "@shared/i18n/index.js";
import { isSuppressed, type Cell } from "@shared/suppression.js";
import type { DistrictShape } from "@server/boundaries/boundaries.service.js";
import type { Position, Ring } from "@server/boundaries/geometry.js";
import { markup, type SafeHtml } from "@server/respondent/html.js";
import { formatNumber, type PageContext } from "./public-page-parts.js";

/** One district's figure on the map, from the public (disclosure-controlled) district view. */
export interface PublicDistrictFigure {
  code: string;
  name: string;
  score: Cell<number | null>;
  n: Cell<number>;
}

export interface PublicDistrictMap {
  index: string;
  label: string;
  districts: PublicDistrictFigure[];
}

/** A district's outline in the map's own units (y down), ready for an SVG path. */
export interface ProjectedDistrict {
  code: string;
  d: string;
  /** Where its label goes: the centre of its largest ring's box. */
  at: [number, number];
}

export interface ProjectedMap {
  width: number;
  height: number;
  districts: ProjectedDistrict[];
}

const MAP_WIDTH = 600;
/** Five equal steps of 0–100, light to dark; labels carry a white halo, so all stay legible. */
const STEPS = ["#eef4fb", "#c6dbef", "#85b5da", "#3f83c0", "#0b4f94"];

const stepOf = (score: number): number =>
  Math.min(STEPS.length - 1, Math.floor(score / (100 / STEPS.length)));

/**
 * District outlines projected for a city-sized map: longitude shrunk by the cosine of the
 * middle latitude (an equirectangular projection, true enough over a few kilometres), the
 * whole fitted to a fixed width. Done once per upload-and-page, never in the browser.
 */
export function projectShapes(shapes: DistrictShape[]): ProjectedMap | null {
  const polygons = (shape: DistrictShape): Ring[][] =>
    shape.geometry.type === "Polygon" ? [shape.geometry.coordinates] : shape.geometry.coordinates;
  const all: Position[] = shapes.flatMap((s) => polygons(s).flat(2));
  if (all.length === 0) return null;
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const shrink = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * shrink, 1e-9);
  const scale = MAP_WIDTH / spanX;
  const height = Math.max(1, Math.round((north - south) * scale));
  const point = ([lon, lat]: Position): [number, number] => [
    Math.round((lon - west) * shrink * scale * 10) / 10,
    Math.round((north - lat) * scale * 10) / 10,
  ];
  const districts = shapes.map((shape) => {
    const rings = polygons(shape).flat();
    const d = rings
      .map(
        (ring) =>
          `M${ring
            .slice(0, -1)
            .map((p) => point(p).join(","))
            .join("L")}Z`,
      )
      .join("");
    const largest = polygons(shape)
      .map((rings) => rings[0]!.map(point))
      .sort((a, b) => boxArea(b) - boxArea(a))[0]!;
    const xs = largest.map((p) => p[0]);
    const ys = largest.map((p) => p[1]);
    const at: [number, number] = [
      Math.round((Math.min(...xs) + Math.max(...xs)) / 2),
      Math.round((Math.min(...ys) + Math.max(...ys)) / 2),
    ];
    return { code: shape.district, d, at };
  });
  return { width: MAP_WIDTH, height, districts };
}

function boxArea(points: Array<[number, number]>): number {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

/** A district's score as the page words it: the number, or why it is hidden. */
function scoreText(figure: PublicDistrictFigure, ctx: PageContext): string {
  if (isSuppressed(figure.score))
    return figure.score.protects === "others"
      ? ctx.strings.protectsOthers
      : fill(ctx.strings.fewerThan, { k: ctx.k });
  if (typeof figure.score !== "number") return "—";
  return formatNumber(figure.score, ctx.language, 0);
}

/**
 * The published index by district as an inline SVG that needs no script: each district
 * shaded by its score in five steps, hatched and labelled where the disclosure step hid it,
 * named for assistive technology (role="img", a <title> and every value in its label), with
 * a legend. Nothing when the agency has no boundaries or the survey no district figures.
 */
export function districtMap(
  figures: PublicDistrictMap | null,
  projected: ProjectedMap | null,
  ctx: PageContext,
): SafeHtml | string {
  if (!figures || !projected) return "";
  const byCode = new Map(figures.districts.map((f) => [f.code, f]));
  const drawn = projected.districts.filter((d) => byCode.has(d.code));
  if (drawn.length === 0) return "";
  const s = ctx.strings;
  const id = `${ctx.anchor}-map`;
  const hatch = `${id}-hidden`;
  const heading = fill(s.mapHeading, { index: figures.label });
  const values = drawn
    .map((d) => `${byCode.get(d.code)!.name} ${scoreText(byCode.get(d.code)!, ctx)}`)
    .join("; ");
  const description = fill(s.mapDescription, { index: figures.label, values });
  const areas = drawn.map((d) => {
    const figure = byCode.get(d.code)!;
    const hidden = isSuppressed(figure.score);
    const score = typeof figure.score === "number" ? figure.score : null;
    // Hatched where the score is hidden; white where there is none (no answers yet).
    const paint = hidden ? `url(#${hatch})` : score === null ? "#ffffff" : STEPS[stepOf(score)]!;
    return markup`<path class="district${hidden ? " hidden" : ""}" data-district="${d.code}" d="${d.d}" fill="${paint}" fill-rule="evenodd"/>`;
  });
  const labels = drawn.map((d) => {
    const figure = byCode.get(d.code)!;
    return markup`<text class="district-label" x="${d.at[0]}" y="${d.at[1]}" text-anchor="middle"><tspan x="${d.at[0]}" dy="-0.2em">${figure.name}</tspan><tspan x="${d.at[0]}" dy="1.2em">${scoreText(figure, ctx)}</tspan></text>`;
  });
  const legend = STEPS.map((colour, i) => {
    const low = (i * 100) / STEPS.length;
    return markup`<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><rect width="10" height="10" fill="${colour}"/></svg>${formatNumber(low, ctx.language, 0)}–${formatNumber(low + 100 / STEPS.length, ctx.language, 0)}</li>`;
  });
  return markup`<figure class="district-map" id="${id}" aria-labelledby="${id}-h"><h4 id="${id}-h">${heading}</h4><svg class="map" viewBox="-4 -4 ${projected.width + 8} ${projected.height + 8}" role="img" aria-label="${description}" focusable="false"><title>${description}</title><defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="10" height="10" patternTransform="rotate(45)"><rect width="10" height="10" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="10" stroke="#5b6470" stroke-width="3"/></pattern></defs>${areas}${labels}</svg><figcaption><p class="map-scale">${s.mapScale}</p><ul class="map-legend">${legend}<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><rect width="10" height="10" fill="url(#${hatch})"/></svg>${fill(s.mapHidden, { k: ctx.k })}</li></ul></figcaption></figure>`;
}
