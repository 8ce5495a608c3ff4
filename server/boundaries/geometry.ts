import simplify from "simplify-js";

/** `[longitude, latitude]` in WGS 84 degrees, as GeoJSON (RFC 7946) has them. */
export type Position = [number, number];
export type Ring = Position[];
export type PolygonRings = Ring[];

export type DistrictGeometry =
  { type: "Polygon"; coordinates: PolygonRings } | { type: "MultiPolygon"; coordinates: PolygonRings[] };

/**
 * Douglas–Peucker tolerance in degrees (about 11 m north–south): well under a pixel on a city
 * map drawn a few hundred pixels wide, and enough to drop most of the surveyed vertices a GIS
 * export carries (measured in docs/API.md).
 */
export const SIMPLIFY_TOLERANCE_DEGREES = 0.0001;
/** Decimals kept per coordinate: 5 is about 1 m, far finer than the tolerance above. */
const COORDINATE_DECIMALS = 5;

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function positionProblem(value: unknown, where: string): string | null {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every(isNumber))
    return `${where} is not a [longitude, latitude] pair of numbers`;
  const [lon, lat] = value as number[];
  if (Math.abs(lon!) > 180 || Math.abs(lat!) > 90)
    return `${where} is [${lon}, ${lat}], outside longitude −180…180 and latitude −90…90: GeoJSON coordinates are WGS 84 degrees, so re-project the file (it looks like a projected coordinate system)`;
  return null;
}

function ringProblem(value: unknown, where: string): string | null {
  if (!Array.isArray(value)) return `${where} is not an array of positions`;
  if (value.length < 4) return `${where} has ${value.length} positions; a closed ring needs at least 4`;
  for (let i = 0; i < value.length; i++) {
    const problem = positionProblem(value[i], `position ${i} of ${where}`);
    if (problem) return problem;
  }
  const first = value[0] as number[];
  const last = value[value.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1])
    return `${where} is not closed: its first position [${first.join(", ")}] differs from its last [${last.join(", ")}]`;
  return null;
}

function polygonProblem(value: unknown, where: string): string | null {
  if (!Array.isArray(value) || value.length === 0) return `${where} is not an array of rings`;
  for (let i = 0; i < value.length; i++) {
    const problem = ringProblem(value[i], `ring ${i}${where ? ` of ${where}` : ""}`);
    if (problem) return problem;
  }
  return null;
}

/**
 * The first problem of a Polygon's or MultiPolygon's coordinates, in words, or null: rings of
 * at least 4 positions, closed, each a [longitude, latitude] within WGS 84 bounds.
 */
export function coordinatesProblem(type: "Polygon" | "MultiPolygon", coordinates: unknown): string | null {
  if (type === "Polygon") return polygonProblem(coordinates, "");
  if (!Array.isArray(coordinates) || coordinates.length === 0) return "is not an array of polygons";
  for (let i = 0; i < coordinates.length; i++) {
    const problem = polygonProblem(coordinates[i], `polygon ${i}`);
    if (problem) return problem;
  }
  return null;
}

/** Twice the signed planar area: positive when the ring runs counterclockwise. */
function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

const round = (value: number): number => Number(value.toFixed(COORDINATE_DECIMALS));

/**
 * One ring simplified (Douglas–Peucker), rounded and wound as RFC 7946 asks (outer rings
 * counterclockwise, holes clockwise). A ring the tolerance would collapse is kept whole:
 * a small district must not vanish from the map.
 */
function simplifyRing(ring: Ring, outer: boolean): Ring {
  const points = ring.map(([x, y]) => ({ x, y }));
  const simplified = simplify(points, SIMPLIFY_TOLERANCE_DEGREES, true);
  const kept = simplified.length >= 4 ? simplified : points;
  const rounded: Ring = kept.map((p) => [round(p.x), round(p.y)]);
  // Dropping the third coordinate and rounding can leave neighbours equal: one is enough.
  const distinct = rounded.filter(
    (p, i) => i === 0 || p[0] !== rounded[i - 1]![0] || p[1] !== rounded[i - 1]![1],
  );
  const closed = distinct.length >= 4 ? distinct : rounded;
  const counterclockwise = signedArea(closed) > 0;
  return counterclockwise === outer ? closed : [...closed].reverse();
}

const simplifyPolygon = (rings: PolygonRings): PolygonRings =>
  rings.map((ring, i) => simplifyRing(ring, i === 0));

/** A validated geometry, simplified for the browser. */
export function simplifyGeometry(geometry: DistrictGeometry): DistrictGeometry {
  if (geometry.type === "Polygon")
    return { type: "Polygon", coordinates: simplifyPolygon(geometry.coordinates) };
  return { type: "MultiPolygon", coordinates: geometry.coordinates.map(simplifyPolygon) };
}

/** Every position of a geometry, however nested. */
export function positionsOf(geometry: DistrictGeometry): Position[] {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flat(2);
}
