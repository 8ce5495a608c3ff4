import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The project's root directory, found by walking up to its package.json. The server runs both
 * from source (through tsx) and as one compiled bundle under `dist/server/`, so a file's own
 * directory says nothing fixed about where assets are; the root does.
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name === "community-pulse") return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`No community-pulse package.json above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);
