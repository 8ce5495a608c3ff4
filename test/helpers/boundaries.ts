import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "@server/platform/paths.js";
import type { ApiClient } from "./api-client.js";

/** The agency's districts as the 4-district fixture names them (the factory makes three). */
export const FOUR_DISTRICTS = [
  { code: "D1", name: "North-west" },
  { code: "D2", name: "North-east" },
  { code: "D3", name: "South-west" },
  { code: "D4", name: "South-east" },
];

export interface FeatureCollection {
  type: string;
  features: Array<{
    type: string;
    properties: Record<string, unknown>;
    geometry: { type: string; coordinates: unknown };
  }>;
}

/**
 * A 2×2 grid of districts whose borders are surveyed every ~5 m at 7 decimals, as a city's GIS
 * export is (394 KB, 17,600 positions); a fresh copy each call, so a test may spoil it.
 */
export function fourDistricts(): FeatureCollection {
  const file = path.join(PROJECT_ROOT, "test", "fixtures", "districts-4.geojson");
  return JSON.parse(readFileSync(file, "utf8")) as FeatureCollection;
}

/** Gives an agency the fixture's four districts and uploads the fixture's boundaries. */
export async function uploadFourDistricts(admin: ApiClient): Promise<void> {
  const patched = await admin.patch("/api/v1/agency", { districts: FOUR_DISTRICTS });
  if (patched.status !== 200) throw new Error(`districts: ${JSON.stringify(patched.body)}`);
  const put = await admin.request("PUT", "/api/v1/agency/boundaries", fourDistricts());
  if (put.status !== 200) throw new Error(`boundaries: ${JSON.stringify(put.body)}`);
}
