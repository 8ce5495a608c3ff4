import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "@server/platform/paths.js";
import { submitResponse } from "@server/responses/responses.service.js";
import type { Answers } from "@shared/survey.js";
import { communityAnswers } from "./answers.js";
import type { Page } from "playwright-core";
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

/**
 * 360 answers over two months: South-west (D3) has only 3, fewer than the agency's 10, so the
 * disclosure step hides its figures from designers and the public; the others have ~119 each,
 * in blocks of six answers so each district holds every answer value.
 */
export async function answerAcrossDistricts(slug: string): Promise<void> {
  const others = ["D1", "D2", "D4"];
  await Promise.all(
    Array.from({ length: 360 }, (_, i) => {
      const district = i < 3 ? "D3" : others[Math.floor(i / 6) % 3];
      // Districts differ in how safe people feel, so the map has more than one shade.
      const safety = {
        D1: {},
        D2: { q_safe_day: 5, q_safe_night: 4 },
        D3: {},
        D4: { q_safe_day: 1, q_safe_night: 1 },
      };
      const answers = {
        ...communityAnswers(i),
        q_district: district,
        ...safety[district as "D1"],
      } as Answers;
      const day = `2026-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, "0")}`;
      return submitResponse(
        slug,
        { submissionId: randomUUID(), language: "en", answers },
        new Date(`${day}T18:00:00Z`),
      );
    }),
  );
}

/** Picks the Safety index for the dashboard's district map and waits until the map shows it. */
export async function showSafetyMap(page: Page): Promise<void> {
  await page.getByLabel("Index in the chart").selectOption("safety");
  await page.waitForFunction(() =>
    document
      .querySelector("figure[data-chart='map'] canvas")
      ?.getAttribute("aria-label")
      ?.startsWith("Map of Safety"),
  );
}
