import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * Compiles the server into one ES module, `dist/server/main.mjs`, with its npm packages left
 * as imports. Production and the benchmarks run that file with plain `node`: running through
 * tsx costs about 40 MB more resident memory (its loader and the compiled sources it keeps)
 * and a slower start. Development and the tests keep running the TypeScript through tsx.
 */
export const SERVER_BUNDLE = path.resolve(import.meta.dirname, "..", "dist", "server", "main.mjs");

export async function buildServer(): Promise<string> {
  await build({
    entryPoints: [path.resolve(import.meta.dirname, "..", "server", "main.ts")],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // Stack traces name the TypeScript files under NODE_OPTIONS=--enable-source-maps.
    sourcemap: "linked",
    logLevel: "warning",
  });
  return SERVER_BUNDLE;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const file = await buildServer();
  process.stdout.write(`server bundle: ${path.relative(process.cwd(), file)}\n`);
}
