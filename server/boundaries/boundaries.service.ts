import type { Types } from "mongoose";
import { findAgencyById, type Agency } from "@server/accounts/accounts.service.js";
import { domainEvents } from "@server/platform/events.js";
import { badRequest, type ErrorDetail } from "@server/platform/errors.js";
import { BoundariesModel } from "./boundary.model.js";
import { positionsOf, simplifyGeometry, type DistrictGeometry } from "./geometry.js";

/** A FeatureCollection as the schema let it through. */
export interface BoundaryUpload {
  type: "FeatureCollection";
  features: Array<{ properties: { district: string }; geometry: DistrictGeometry }>;
}

export interface DistrictShape {
  district: string;
  geometry: DistrictGeometry;
}

export interface StoredBoundaries {
  districts: DistrictShape[];
  sizes: { receivedBytes: number; storedBytes: number; receivedPositions: number; storedPositions: number };
  updatedAt: Date;
}

/** Each district code once, and only codes the agency has: every problem named at once. */
function districtProblems(upload: BoundaryUpload, agency: Agency): ErrorDetail[] {
  const known = agency.districts.map((d) => d.code);
  const firstSeen = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  upload.features.forEach((feature, i) => {
    const code = feature.properties.district;
    const path = `features.${i}.properties.district`;
    const earlier = firstSeen.get(code);
    if (!known.includes(code))
      problems.push({
        path,
        message: `"${code}" is not a district of this agency (its districts: ${known.join(", ") || "none yet"})`,
      });
    else if (earlier !== undefined)
      problems.push({
        path,
        message: `"${code}" is given again (first in feature ${earlier}): give each district once, as a MultiPolygon if it has several areas`,
      });
    else firstSeen.set(code, i);
  });
  return problems;
}

const sizeOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/**
 * Replaces an agency's boundaries with an upload's, simplified for the browser. Unknown or
 * repeated district codes answer 400 naming each and change nothing.
 */
export async function saveBoundaries(agencyId: string, upload: BoundaryUpload): Promise<StoredBoundaries> {
  const agency = await findAgencyById(agencyId);
  const problems = districtProblems(upload, agency);
  if (problems.length > 0)
    throw badRequest(
      "invalid_boundaries",
      "The boundaries name districts the agency does not have, or one twice.",
      problems,
    );
  const received = upload.features.map((f) => f.geometry);
  const districts = upload.features.map((f) => ({
    district: f.properties.district,
    geometry: simplifyGeometry(f.geometry),
  }));
  const sizes = {
    receivedBytes: sizeOf(received),
    storedBytes: sizeOf(districts.map((d) => d.geometry)),
    receivedPositions: received.reduce((sum, g) => sum + positionsOf(g).length, 0),
    storedPositions: districts.reduce((sum, d) => sum + positionsOf(d.geometry).length, 0),
  };
  const stored = await BoundariesModel.findOneAndReplace(
    { _id: agencyId },
    {
      _id: agencyId,
      districts: districts.map((d) => ({ ...d, geometry: JSON.stringify(d.geometry) })),
      sizes,
    },
    { upsert: true, returnDocument: "after", lean: true },
  );
  domainEvents.emit("agency.boundaries.changed", { agencyId });
  return fromRecord(stored!);
}

type BoundariesRecord = {
  districts: Array<{ district: string; geometry: string }>;
  sizes: unknown;
  updatedAt?: Date;
};

function fromRecord(record: BoundariesRecord): StoredBoundaries {
  return {
    districts: record.districts.map((d) => ({
      district: d.district,
      geometry: JSON.parse(d.geometry) as DistrictGeometry,
    })),
    sizes: record.sizes as StoredBoundaries["sizes"],
    updatedAt: record.updatedAt ?? new Date(),
  };
}

/** An agency's boundaries, or null when it has uploaded none. */
export async function findBoundaries(agencyId: string | Types.ObjectId): Promise<StoredBoundaries | null> {
  const found = await BoundariesModel.findById(agencyId).lean();
  return found ? fromRecord(found as BoundariesRecord) : null;
}

/** Whether an agency has boundaries, without reading its shapes. */
export async function hasBoundaries(agencyId: string | Types.ObjectId): Promise<boolean> {
  return (await BoundariesModel.exists({ _id: agencyId })) !== null;
}

/** Removes an agency's boundaries; whether there were any. */
export async function removeBoundaries(agencyId: string): Promise<boolean> {
  const { deletedCount } = await BoundariesModel.deleteOne({ _id: agencyId });
  if (deletedCount > 0) domainEvents.emit("agency.boundaries.changed", { agencyId });
  return deletedCount > 0;
}

/** The shapes of the agency's current districts (codes since removed are left out). */
export function currentShapes(
  boundaries: StoredBoundaries,
  agency: Pick<Agency, "districts">,
): DistrictShape[] {
  const codes = new Set(agency.districts.map((d) => d.code));
  return boundaries.districts.filter((d) => codes.has(d.district));
}
