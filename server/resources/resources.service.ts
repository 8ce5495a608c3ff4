import { randomBytes } from "node:crypto";
import { Types, type AnyBulkWriteOperation } from "mongoose";
import type { IndexKey } from "@shared/indices.js";
import { findAgencyBySlug, type StaffContext } from "@server/accounts/accounts.service.js";
import { notFound } from "@server/platform/errors.js";
import { CATALOG, catalogRows, type ResourceKind } from "./catalog/index.js";
import { resourcesForIndicators, themeMatches, type IndicatorReading } from "./recommendations.js";
import { presentResource, type ResourceRecord } from "./resources.presenter.js";
import { ResourceModel } from "./resource.model.js";

/**
 * Puts the IACP library in the `resources` collection when it is missing or out of step with
 * the code (a release added or reworded entries). The shared entries are owned by the code:
 * agencies never edit them in place, so rewriting them loses nothing.
 */
export async function seedResourceLibrary(): Promise<void> {
  const rows = catalogRows();
  const present = await ResourceModel.countDocuments({ agency: null });
  if (present === rows.length) return;
  const operations: AnyBulkWriteOperation[] = rows.map((row) => ({
    updateOne: {
      filter: { agency: null, key: row.key },
      update: {
        $set: {
          category: row.category,
          title: row.title,
          kind: row.kind,
          summary: row.summary,
          themes: row.themes,
          url: null,
          position: row.position,
        },
      },
      upsert: true,
    },
  }));
  await ResourceModel.bulkWrite(operations, { ordered: false });
  await ResourceModel.deleteMany({ agency: null, key: { $nin: rows.map((r) => r.key) } });
}

export interface ResourceFilter {
  category?: string;
  theme?: string;
  /** An agency's slug: its own resources and edits are included. */
  agency?: string;
}

const categoryOrder = new Map(CATALOG.map((c, i) => [c.name, i]));

/** The shared library with one agency's additions and edits laid over it. */
async function libraryFor(agencyId: Types.ObjectId | null): Promise<ResourceRecord[]> {
  const docs = await ResourceModel.find(
    agencyId ? { agency: { $in: [null, agencyId] } } : { agency: null },
  ).lean<ResourceRecord[]>();
  const byKey = new Map<string, ResourceRecord>();
  for (const doc of docs) if (!doc.agency) byKey.set(doc.key, doc);
  for (const doc of docs) if (doc.agency) byKey.set(doc.key, doc);
  return [...byKey.values()].sort(
    (a, b) =>
      (categoryOrder.get(a.category) ?? CATALOG.length) - (categoryOrder.get(b.category) ?? CATALOG.length) ||
      a.category.localeCompare(b.category) ||
      a.position - b.position ||
      a.title.localeCompare(b.title),
  );
}

/** Public listing, filtered by category and by theme (a broader or narrower theme matches). */
export async function listResources(filter: ResourceFilter) {
  let agencyId: Types.ObjectId | null = null;
  if (filter.agency) {
    const agency = await findAgencyBySlug(filter.agency);
    if (!agency) throw notFound("agency");
    agencyId = agency._id;
  }
  const all = await libraryFor(agencyId);
  return all
    .filter((r) => !filter.category || r.category === filter.category)
    .filter((r) => !filter.theme || r.themes.some((t) => themeMatches(t, filter.theme!)))
    .map(presentResource);
}

export interface ResourceInput {
  category: string;
  title: string;
  kind?: ResourceKind;
  summary: string;
  themes?: string[];
  url?: string | null;
}

/** Adds a resource of the admin's own agency. */
export async function createResource(staff: StaffContext, input: ResourceInput) {
  const created = await ResourceModel.create({
    ...input,
    kind: input.kind ?? "programme",
    agency: staff.agencyId,
    key: `agency/${randomBytes(8).toString("hex")}`,
  });
  return presentResource(created.toObject() as unknown as ResourceRecord);
}

/**
 * Edits a resource for the admin's agency. Its own resources change in place; a shared
 * library entry gets an agency copy with the changes, which replaces it for that agency
 * only. Another agency's resource answers 404, like a missing one.
 */
export async function updateResource(
  staff: StaffContext,
  resourceId: string,
  changes: Partial<ResourceInput>,
) {
  const agencyId = new Types.ObjectId(staff.agencyId);
  const target = await ResourceModel.findOne({
    _id: resourceId,
    agency: { $in: [null, agencyId] },
  }).lean<ResourceRecord>();
  if (!target) throw notFound("resource");
  if (target.agency) {
    const updated = await ResourceModel.findOneAndUpdate(
      { _id: target._id, agency: agencyId },
      { $set: changes },
      { returnDocument: "after" },
    ).lean<ResourceRecord>();
    if (!updated) throw notFound("resource");
    return presentResource(updated);
  }
  const base = {
    category: target.category,
    title: target.title,
    kind: target.kind,
    summary: target.summary,
    themes: target.themes,
    url: target.url ?? null,
    position: target.position,
  };
  const copy = await ResourceModel.findOneAndUpdate(
    { agency: agencyId, key: target.key },
    { $set: { ...base, ...changes, agency: agencyId, key: target.key } },
    { upsert: true, returnDocument: "after" },
  ).lean<ResourceRecord>();
  return presentResource(copy!);
}

/**
 * Removes what the agency added: its own programme goes; its copy of a library entry goes too,
 * so the shared entry (without the agency's link or edits) shows again. A shared entry itself,
 * or another agency's resource, answers 404 like a missing one.
 */
export async function deleteResource(staff: StaffContext, resourceId: string): Promise<void> {
  const removed = await ResourceModel.findOneAndDelete({
    _id: resourceId,
    agency: new Types.ObjectId(staff.agencyId),
  }).lean();
  if (!removed) throw notFound("resource");
}

/** The library's categories in page order, with our one-line description of each. */
export function resourceCategories() {
  return CATALOG.map((c) => ({ name: c.name, description: c.description }));
}

/** The agency's library matched to its weak or falling indicators (see `resourcesForIndicators`). */
export async function recommendedResources(
  agencyId: string,
  indicators: Partial<Record<IndexKey, IndicatorReading>>,
) {
  const library = (await libraryFor(new Types.ObjectId(agencyId))).map((r) => ({
    ...presentResource(r),
    key: r.key,
  }));
  return resourcesForIndicators(indicators, library);
}
