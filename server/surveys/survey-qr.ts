/** Default PNG size in pixels: large enough to print on a card at 300 dpi. */
export const DEFAULT_PNG_WIDTH = 512;

// Loaded on the first QR request: most processes never draw one, and it costs memory.
const qrcode = async () => (await import("qrcode")).default;

/**
 * QR code of a URL as SVG. Medium error correction (qrcode's default) survives a worn card
 * while keeping the code small enough for a phone camera at arm's length.
 */
export async function qrSvg(url: string): Promise<string> {
  return (await qrcode()).toString(url, { type: "svg", errorCorrectionLevel: "M" });
}

/** QR code of a URL as a PNG of the given width. */
export async function qrPng(url: string, width = DEFAULT_PNG_WIDTH): Promise<Buffer> {
  return (await qrcode()).toBuffer(url, { type: "png", errorCorrectionLevel: "M", width });
}
