import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "@server/platform/paths.js";

/** Where `npm run build:client` puts the respondent page's script, style and service worker. */
export const RESPONDENT_DIST = path.join(PROJECT_ROOT, "dist", "respondent");
export const ASSETS_URL = "/s/assets";
/** The service worker keeps one fixed name: a worker's URL is its identity in the browser. */
export const SERVICE_WORKER_FILE = "sw.js";

export interface RespondentAssets {
  /** URLs for the page's `<script>` and `<link>`; null when the client is not built. */
  script: string | null;
  style: string | null;
}

interface ManifestEntry {
  file: string;
  css?: string[];
  isEntry?: boolean;
}

const MANIFEST = path.join(RESPONDENT_DIST, ".vite", "manifest.json");
let cached: { mtimeMs: number; assets: RespondentAssets } | null = null;

const toUrl = (file: string): string => `${ASSETS_URL}/${file.replace(/^assets\//, "")}`;

/**
 * The built files' current (content-hashed) names, from Vite's manifest. Re-read when the
 * manifest changes, so a rebuild under a running server never serves a page that points at
 * files that are gone. Without a build the page still works: it just has no script or style.
 */
export function respondentAssets(): RespondentAssets {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(MANIFEST).mtimeMs;
  } catch {
    return { script: null, style: null };
  }
  if (cached?.mtimeMs === mtimeMs) return cached.assets;
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, ManifestEntry>;
  const entries = Object.values(manifest).filter((e) => e.isEntry);
  const script = entries.find((e) => e.file.endsWith(".js") && !e.file.endsWith(SERVICE_WORKER_FILE));
  const styleFile = entries.find((e) => e.file.endsWith(".css"))?.file ?? script?.css?.[0];
  const assets = {
    script: script ? toUrl(script.file) : null,
    style: styleFile ? toUrl(styleFile) : null,
  };
  cached = { mtimeMs, assets };
  return assets;
}
