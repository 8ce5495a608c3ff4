import { INDEX_LABELS, INDICES, type IndexKey } from "@shared/indices.js";
import type { PresentedResource } from "@shared/resources.js";
import { api } from "../api.js";
import type { Agency } from "../types.js";

/** A library entry or an agency programme as `GET /resources?agency=` presents it. */
export type LibraryResource = PresentedResource;

export interface LibraryCategory {
  name: string;
  description: string;
}

export interface Library {
  agency: Agency;
  resources: LibraryResource[];
  categories: LibraryCategory[];
}

const THEME_NAMES = new Map<string, string>(
  (Object.entries(INDICES) as Array<[IndexKey, string]>).map(([key, theme]) => [theme, INDEX_LABELS[key]]),
);

/** A theme as staff call it: an index's own name, otherwise its words ("Engagement: dialogue"). */
export function themeName(theme: string): string {
  const known = THEME_NAMES.get(theme);
  if (known) return known;
  const words = theme.split(".").map((part) => part.replace(/_/g, " "));
  const text = words.join(": ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

/** The themes a programme can be tagged with on screen: the indices, which drive suggestions. */
export const PROGRAMME_THEMES = Object.values(INDICES) as string[];

/** The agency's library: the IACP entries with its links and edits laid over, and its programmes. */
export async function loadLibrary(): Promise<Library> {
  const { agency } = await api<{ agency: Agency }>("GET", "/agency");
  const reply = await api<{ resources: LibraryResource[]; categories: LibraryCategory[] }>(
    "GET",
    `/resources?agency=${encodeURIComponent(agency.slug)}`,
  );
  return { agency, resources: reply.resources, categories: reply.categories };
}

/** Whether an entry matches the search words (every word somewhere in title, summary or category). */
export function matches(resource: LibraryResource, search: string): boolean {
  const text = `${resource.title} ${resource.summary} ${resource.category}`.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}
