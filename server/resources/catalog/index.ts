import { biasFreePolicing } from "./bias-free-policing.js";
import { communityPartnerships } from "./community-partnerships.js";
import { communityTraumaVictimServices } from "./community-trauma-victim-services.js";
import { cooperativeSafetySolutions } from "./cooperative-safety-solutions.js";
import { leadershipAndCulture } from "./leadership-and-culture.js";
import { newResources } from "./new-resources.js";
import { recruitmentAndHiring } from "./recruitment-and-hiring.js";
import { useOfForce } from "./use-of-force.js";

/** `programme`: an agency's own local programme; the IACP library has none. */
export const RESOURCE_KINDS = ["policy_paper", "resource", "article", "video", "programme"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface CatalogEntry {
  kind: ResourceKind;
  /** Exactly as the IACP page lists it. */
  title: string;
  /** Survey themes it addresses, the main one first (keys used by the templates). */
  themes: string[];
  /** One or two plain sentences of our own; the page's wording is never reused. */
  summary: string;
}

export interface CatalogCategory {
  name: string;
  description: string;
  /** The themes this category answers first; used to rank resources for a weak indicator. */
  themes: string[];
  entries: CatalogEntry[];
}

/**
 * The engagement resource library, built from the IACP "Community-Police Engagement" page:
 * every category and every title it lists, in its order. The page gives no links, so no
 * entry has a URL. The page lists its video sections empty, so no entry is a video.
 */
export const CATALOG: CatalogCategory[] = [
  newResources,
  biasFreePolicing,
  useOfForce,
  leadershipAndCulture,
  recruitmentAndHiring,
  communityTraumaVictimServices,
  communityPartnerships,
  cooperativeSafetySolutions,
];

const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);

/** A library entry's stable key, `<category>/<title>`: seeding and agency edits find it by this. */
export const catalogKey = (category: string, title: string): string => `${slug(category)}/${slug(title)}`;

export interface CatalogRow extends CatalogEntry {
  key: string;
  category: string;
  position: number;
}

/** The library as flat rows in page order. */
export function catalogRows(): CatalogRow[] {
  let position = 0;
  return CATALOG.flatMap((category) =>
    category.entries.map((entry) => ({
      ...entry,
      key: catalogKey(category.name, entry.title),
      category: category.name,
      position: position++,
    })),
  );
}
