import path from "node:path";
import { defineConfig } from "vite";

/** Staff pages, served by the app under /app/. */
export default defineConfig({
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
