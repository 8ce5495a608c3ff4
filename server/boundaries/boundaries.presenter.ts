import type { Agency } from "@server/accounts/accounts.service.js";
import { currentShapes, type StoredBoundaries } from "./boundaries.service.js";

/** What an upload kept: which districts have a shape, which have none, and the sizes. */
export function presentBoundarySummary(boundaries: StoredBoundaries, agency: Pick<Agency, "districts">) {
  const shapes = currentShapes(boundaries, agency);
  const drawn = new Set(shapes.map((s) => s.district));
  return {
    districts: shapes.map((s) => s.district),
    missing: agency.districts.map((d) => d.code).filter((code) => !drawn.has(code)),
    sizes: boundaries.sizes,
    updatedAt: new Date(boundaries.updatedAt).toISOString(),
  };
}

/** The summary and the simplified shapes as a GeoJSON FeatureCollection, each named. */
export function presentBoundaries(boundaries: StoredBoundaries, agency: Pick<Agency, "districts">) {
  const names = new Map(agency.districts.map((d) => [d.code, d.name]));
  return {
    ...presentBoundarySummary(boundaries, agency),
    geojson: {
      type: "FeatureCollection" as const,
      features: currentShapes(boundaries, agency).map((s) => ({
        type: "Feature" as const,
        properties: { district: s.district, name: names.get(s.district) ?? s.district },
        geometry: s.geometry,
      })),
    },
  };
}
