import type { Types } from "mongoose";
import { INDEX_LABELS } from "@shared/indices.js";
import type { PresentedResource } from "@shared/resources.js";
import { fitsOf } from "./indicator-categories.js";

/** A stored resource, as `.lean()` reads it: the presented text fields plus where it belongs. */
export interface ResourceRecord extends Pick<
  PresentedResource,
  "category" | "title" | "kind" | "summary" | "themes" | "url"
> {
  _id: Types.ObjectId;
  agency: Types.ObjectId | null;
  key: string;
  position: number;
}

/**
 * The fields of a resource that leave the server (the contract's, plus where it comes from and
 * `fits`: the indices the curated mapping suggests it for, each with the mapping's reason).
 */
export function presentResource(resource: ResourceRecord): PresentedResource {
  return {
    id: String(resource._id),
    category: resource.category,
    title: resource.title,
    kind: resource.kind,
    summary: resource.summary,
    themes: resource.themes,
    url: resource.url ?? null,
    source: resource.agency ? "agency" : "iacp",
    // An agency's copy of a library entry (its link or edits) is still that entry.
    fromLibrary: !resource.key.startsWith("agency/"),
    fits: fitsOf(resource).map((f) => ({
      indicator: f.indicator,
      label: INDEX_LABELS[f.indicator],
      reason: f.reason,
    })),
  };
}
