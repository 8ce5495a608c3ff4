import { AppError, notFound } from "@server/platform/errors.js";
import { clock } from "@server/platform/clock.js";
import { AgencyModel } from "./agency.model.js";
import { AgencyLogoModel } from "./logo.model.js";

/** WCAG 2.x AA for normal text: white text on the brand colour must reach this. */
export const MIN_CONTRAST_WITH_WHITE = 4.5;
export const LOGO_MAX_BYTES = 100 * 1024;
/** Raster types only: an SVG can carry script, and a logo never needs to. */
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** The WCAG contrast ratio between white and a `#rrggbb` colour (1 to 21). */
export function contrastWithWhite(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const luminance =
    0.2126 * channel((n >> 16) & 0xff) + 0.7152 * channel((n >> 8) & 0xff) + 0.0722 * channel(n & 0xff);
  return 1.05 / (luminance + 0.05);
}

/** Which image the bytes really are, from their signature; null when none we accept. */
export function sniffImageType(bytes: Buffer): LogoType | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString("latin1") === "RIFF" &&
    bytes.subarray(8, 12).toString("latin1") === "WEBP"
  )
    return "image/webp";
  return null;
}

/**
 * Stores an agency's logo. The declared type must match what the bytes are, so a file
 * renamed to .png (or a script posing as an image) is refused.
 */
export async function saveLogo(agencyId: string, declaredType: string, bytes: Buffer): Promise<void> {
  if (bytes.length === 0) throw new AppError(400, "invalid_image", "The logo file is empty.");
  const actual = sniffImageType(bytes);
  if (!actual || actual !== declaredType) {
    throw new AppError(
      400,
      "invalid_image",
      `The file is not a ${declaredType.replace("image/", "").toUpperCase()} image.`,
      [{ path: "body", message: "the bytes do not match the declared Content-Type" }],
    );
  }
  const updatedAt = clock.now();
  await AgencyLogoModel.replaceOne(
    { _id: agencyId },
    { _id: agencyId, contentType: actual, data: bytes, updatedAt },
    { upsert: true },
  );
  await AgencyModel.updateOne(
    { _id: agencyId },
    { $set: { logo: { contentType: actual, size: bytes.length, updatedAt } } },
  );
}

export async function removeLogo(agencyId: string): Promise<void> {
  await AgencyLogoModel.deleteOne({ _id: agencyId });
  await AgencyModel.updateOne({ _id: agencyId }, { $set: { logo: null } });
}

/** The logo's bytes and type; 404 when the agency has none. */
export async function readLogo(agencyId: string): Promise<{ contentType: string; data: Buffer }> {
  const logo = await AgencyLogoModel.findById(agencyId).lean<{ contentType: string; data: unknown }>();
  if (!logo) throw notFound("logo");
  // A lean read gives BSON Binary, whose `buffer` holds the bytes.
  const data = logo.data as Buffer | { buffer: Uint8Array };
  return { contentType: logo.contentType, data: Buffer.isBuffer(data) ? data : Buffer.from(data.buffer) };
}
