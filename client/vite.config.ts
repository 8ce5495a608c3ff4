import path from "node:path";
import { build, defineConfig, type Plugin } from "vite";
import { compressBeside } from "./compress-beside.js";
import { respondentBuild } from "./respondent/build.js";

/** One command builds both pages: the respondent page is its own build, run right after this one. */
const alsoBuildRespondent: Plugin = {
  name: "also-build-respondent",
  apply: "build",
  async closeBundle() {
    await build(respondentBuild);
  },
};

/** Staff pages, served by the app under /app/. */
export default defineConfig({
  plugins: [compressBeside, alsoBuildRespondent],
  root: path.resolve(import.meta.dirname),
  base: "/app/",
  resolve: { alias: { "@shared": path.resolve(import.meta.dirname, "..", "shared") } },
  build: {
    outDir: path.resolve(import.meta.dirname, "..", "dist", "client"),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: true,
  },
  logLevel: "warn",
});
