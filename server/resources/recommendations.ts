import { indexFlags, type IndexFigures } from "@shared/flags.js";
import { INDICES, type IndexKey } from "@shared/indices.js";
import { CATALOG } from "./catalog/index.js";

export interface RecommendableResource {
  id: string;
  category: string;
  title: string;
  kind: string;
  themes: string[];
}

/** An index as shown: the figures the shared flag rule (shared/flags.ts) judges. */
export type IndicatorReading = IndexFigures;

export interface Recommendation<R extends RecommendableResource> {
  indicator: IndexKey;
  theme: string;
  reason: "falling" | "weak" | "weakest";
  score: number | null;
  change: number | null;
  resources: R[];
}

export interface RecommendOptions {
  perIndicator?: number;
  /** Category name → its leading themes; defaults to the IACP library's. */
  categoryThemes?: Record<string, string[]>;
}

/** Whether a resource theme and a wanted theme are about the same thing (either may be broader). */
export function themeMatches(resourceTheme: string, wanted: string): boolean {
  return (
    resourceTheme === wanted ||
    wanted.startsWith(`${resourceTheme}.`) ||
    resourceTheme.startsWith(`${wanted}.`)
  );
}

const DEFAULT_CATEGORY_THEMES = Object.fromEntries(CATALOG.map((c) => [c.name, c.themes]));

/**
 * How well a resource fits a theme: its own theme list first (the main theme counts most, an
 * exact match more than a broader or narrower one), then a bonus when its category leads with
 * that theme (low safety → Cooperative Safety Solutions), then policy papers before the rest.
 */
function relevance(
  resource: RecommendableResource,
  theme: string,
  categoryThemes: Record<string, string[]>,
): number {
  let best = 0;
  resource.themes.forEach((t, i) => {
    let score = 0;
    if (t === theme) score = 10 - i;
    else if (t.startsWith(`${theme}.`)) score = 6 - i;
    else if (theme.startsWith(`${t}.`)) score = 5 - i;
    best = Math.max(best, score);
  });
  if (best === 0) return 0;
  const lead = categoryThemes[resource.category]?.[0];
  if (lead && themeMatches(lead, theme)) best += 3;
  if (resource.kind === "policy_paper") best += 2;
  return best;
}

/**
 * The resources for the indicators that need attention by the shared flag rule (indexFlags):
 * every index falling or weak, or, when none is, the single weakest one; nothing on fewer
 * answers than the rule's minimum. Falling indicators come first, then the lowest scores. A
 * title listed under several categories appears once per indicator.
 */
export function resourcesForIndicators<R extends RecommendableResource>(
  indicators: Partial<Record<IndexKey, IndicatorReading>>,
  resources: R[],
  options: RecommendOptions = {},
): Array<Recommendation<R>> {
  const perIndicator = options.perIndicator ?? 3;
  const categoryThemes = options.categoryThemes ?? DEFAULT_CATEGORY_THEMES;
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
  return chosen.map(({ key, r, reason }) => {
    const theme = INDICES[key];
    const ranked = resources
      .map((resource, order) => ({ resource, order, score: relevance(resource, theme, categoryThemes) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.order - b.order);
    const seen = new Set<string>();
    const picked: R[] = [];
    for (const { resource } of ranked) {
      const title = resource.title.toLowerCase().replace(/[’']/g, "'");
      if (seen.has(title)) continue;
      seen.add(title);
      picked.push(resource);
      if (picked.length === perIndicator) break;
    }
    return {
      indicator: key,
      theme,
      reason,
      score: r.score,
      change: r.change?.change ?? null,
      resources: picked,
    };
  });
}
