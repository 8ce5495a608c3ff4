import type { Types } from "mongoose";
import { INDEX_LABELS } from "@shared/indices.js";
import { fitsOf } from "./indicator-categories.js";

export interface ResourceRecord {
  _id: Types.ObjectId;
  agency: Types.ObjectId | null;
  key: string;
  category: string;
  title: string;
  kind: string;
  summary: string;
  themes: string[];
  url: string | null;
  position: number;
}

/**
 * The fields of a resource that leave the server (the contract's, plus where it comes from and
 * `fits`: the indices the curated mapping suggests it for, each with the mapping's reason).
 */
export function presentResource(resource: ResourceRecord) {
  return {
    id: String(resource._id),
    category: resource.category,
    title: resource.title,
    kind: resource.kind,
    summary: resource.summary,
    themes: resource.themes,
    url: resource.url ?? null,
    source: resource.agency ? ("agency" as const) : ("iacp" as const),
    fits: fitsOf(resource).map((f) => ({
      indicator: f.indicator,
      label: INDEX_LABELS[f.indicator],
      reason: f.reason,
    })),
  };
}
