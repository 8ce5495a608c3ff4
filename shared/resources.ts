/** Why a resource fits an index, by the curated mapping (server/resources/indicator-categories.ts). */
export interface ResourceFit {
  indicator: string;
  label: string;
  reason: string;
}

/** A resource as the API presents it: a library entry, an agency's copy of one, or its own programme. */
export interface PresentedResource {
  id: string;
  category: string;
  title: string;
  kind: string;
  summary: string;
  themes: string[];
  url: string | null;
  source: "iacp" | "agency";
  /** False for an agency's own programme; true for a library entry and an agency's copy of one. */
  fromLibrary: boolean;
  fits: ResourceFit[];
}

/** What staff call each kind of resource, on the dashboard and in the library. */
export const RESOURCE_KIND_NAMES: Record<string, string> = {
  policy_paper: "Policy paper",
  resource: "Resource",
  article: "Article",
  video: "Video",
  programme: "Local programme",
};
