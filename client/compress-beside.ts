import { writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/**
 * Writes `<file>.br` (brotli at its best, 11) and `<file>.gz` (gzip 9) beside each script and
 * stylesheet, so the server sends hashed assets compressed once, at build time, and smaller
 * than its on-the-fly compression (brotli 4) would make them.
 */
export const compressBeside: Plugin = {
  name: "compress-beside",
  apply: "build",
  writeBundle(options, bundle) {
    for (const file of Object.keys(bundle).filter((f) => /\.(js|css)$/.test(f))) {
      const output = bundle[file]!;
      const source = output.type === "chunk" ? output.code : output.source;
      const target = path.join(options.dir!, file);
      writeFileSync(`${target}.gz`, gzipSync(source, { level: 9 }));
      writeFileSync(
        `${target}.br`,
        brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
    }
  },
};
