import path from "node:path";
import type { InlineConfig } from "vite";
import { compressBeside } from "../compress-beside.js";

const here = import.meta.dirname;

/**
 * The respondent page's own build: its script, its stylesheet and the offline service worker,
 * with nothing shared with the staff pages. Hashed names for the first two (cached for a year);
 * the worker keeps the fixed name `sw.js` because a worker's URL is its identity. The server
 * finds the current names in `dist/respondent/.vite/manifest.json`.
 */
export const respondentBuild: InlineConfig = {
  configFile: false,
  root: here,
  base: "/s/",
  logLevel: "warn",
  plugins: [compressBeside],
  resolve: { alias: { "@shared": path.resolve(here, "..", "..", "shared") } },
  build: {
    outDir: path.resolve(here, "..", "..", "dist", "respondent"),
    emptyOutDir: true,
    manifest: true,
    // Old phones: ES2019 runs on browsers from 2019 on; the page works without the script anyway.
    target: "es2019",
    // Logical properties (right-to-left layouts) are native from these versions on; older
    // browsers still get a usable page, so no bulky per-language fallbacks are generated.
    cssTarget: ["chrome89", "firefox88", "safari15"],
    modulePreload: false,
    cssCodeSplit: true,
    reportCompressedSize: true,
    rollupOptions: {
      input: {
        respondent: path.join(here, "main.ts"),
        style: path.join(here, "respondent.css"),
        sw: path.join(here, "sw.ts"),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js"),
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
};
