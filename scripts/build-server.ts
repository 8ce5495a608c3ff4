import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * Compiles the server into one ES module, `dist/server/main.mjs`, with its npm packages left
 * as imports. Production and the benchmarks run that file with plain `node`: running through
 * tsx costs about 40 MB more resident memory (its loader and the compiled sources it keeps)
 * and a slower start. Development and the tests keep running the TypeScript through tsx.
 */
const SERVER_BUNDLE = path.resolve(import.meta.dirname, "..", "dist", "server", "main.mjs");

/**
 * How production starts node for the bundle (package.json `start`, the Dockerfile's CMD; a test
 * holds them equal). V8's young generation defaults to 16 MB semi-spaces, which a server
 * touching many short-lived objects per socket keeps resident: 8 MB kept a process with 1,000
 * live dashboards under 150 MB (docs/PERFORMANCE.md) at no measurable cost in latency.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=8"] as const;

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
