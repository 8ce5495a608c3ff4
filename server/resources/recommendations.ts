import { indexFlags, type IndexFigures } from "@shared/flags.js";
import { INDICES, type IndexKey } from "@shared/indices.js";
import { INDICATOR_CATEGORIES, isOwnProgramme, keyOf, programmeFit } from "./indicator-categories.js";
import { catalogKey } from "./catalog/index.js";

export { themeMatches } from "./theme-match.js";

export interface RecommendableResource {
  id: string;
  category: string;
  title: string;
  kind: string;
  themes: string[];
  /** The library key; derived from category and title when absent (see `keyOf`). */
  key?: string;
}

/** An index as shown: the figures the shared flag rule (shared/flags.ts) judges. */
export type IndicatorReading = IndexFigures;

/** A suggested resource with the mapping's one-line reason for this index. */
export type Suggested<R> = R & { why: string };

export interface Recommendation<R extends RecommendableResource> {
  indicator: IndexKey;
  theme: string;
  reason: "falling" | "weak" | "weakest";
  score: number | null;
  change: number | null;
  resources: Array<Suggested<R>>;
}

export interface RecommendOptions {
  perIndicator?: number;
}

const sameTitle = (title: string): string => title.toLowerCase().replace(/[’']/g, "'");

/**
 * The candidates for one index, best first: the agency's own programmes that the mapping fits
 * (local work the agency can act on at once), then the mapping's picks taken one per category in
 * turn, so three suggestions span three angles rather than one category's list.
 */
function candidates<R extends RecommendableResource>(
  indicator: IndexKey,
  resources: R[],
  byKey: Map<string, R>,
): Array<Suggested<R>> {
  const out: Array<Suggested<R>> = [];
  for (const r of resources) {
    if (!isOwnProgramme(r)) continue;
    const row = programmeFit(r, indicator);
    if (row) out.push({ ...r, why: row.reason });
  }
  const rows = INDICATOR_CATEGORIES[indicator];
  const longest = Math.max(0, ...rows.map((row) => row.picks.length));
  for (let i = 0; i < longest; i++) {
    for (const row of rows) {
      const title = row.picks[i];
      const resource = title === undefined ? undefined : byKey.get(catalogKey(row.category, title));
      if (resource) out.push({ ...resource, why: row.reason });
    }
  }
  return out;
}

/**
 * The resources for the indicators that need attention by the shared flag rule (indexFlags):
 * every index falling or weak, or, when none is, the single weakest one; nothing on fewer
 * answers than the rule's minimum. Falling indicators come first, then the lowest scores.
 * Suggestions come from the curated mapping (indicator-categories.ts), each with its reason,
 * and no resource (nor a title the library lists under two categories) is suggested twice in
 * one answer: an indicator lower in the list gets its next candidates instead.
 */
export function resourcesForIndicators<R extends RecommendableResource>(
  indicators: Partial<Record<IndexKey, IndicatorReading>>,
  resources: R[],
  options: RecommendOptions = {},
): Array<Recommendation<R>> {
  const perIndicator = options.perIndicator ?? 3;
  const flags = indexFlags(indicators);
  type Chosen = { key: IndexKey; r: IndicatorReading; reason: Recommendation<R>["reason"] };
  const chosen: Chosen[] = [];
  for (const [key, flag] of Object.entries(flags) as Array<[IndexKey, string]>) {
    // A rise needs no resources.
    if (flag === "falling" || flag === "weak" || flag === "weakest")
      chosen.push({ key, r: indicators[key]!, reason: flag });
  }
  chosen.sort(
    (x, y) =>
      Number(y.reason === "falling") - Number(x.reason === "falling") ||
      (x.r.score ?? 100) - (y.r.score ?? 100),
  );
  const byKey = new Map(resources.map((r) => [keyOf(r), r]));
  const used = new Set<string>();
  return chosen.map(({ key, r, reason }) => {
    const picked: Array<Suggested<R>> = [];
    for (const resource of candidates(key, resources, byKey)) {
      if (picked.length === perIndicator) break;
      const title = sameTitle(resource.title);
      if (used.has(resource.id) || used.has(title)) continue;
      used.add(resource.id).add(title);
      picked.push(resource);
    }
    return {
      indicator: key,
      theme: INDICES[key],
      reason,
      score: r.score,
      change: r.change?.change ?? null,
      resources: picked,
    };
  });
}
