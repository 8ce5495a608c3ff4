import path from "node:path";
import { build } from "esbuild";
import { JSON_BODY_LIMIT } from "../../server/app.js";
import { SERVER_NODE_FLAGS } from "../build-server.js";
import { REPO_ROOT, startListeningProcess, type ListeningProcess } from "./harness.js";

const CEILING_BUNDLE = path.join(REPO_ROOT, "dist", "bench", "http-ceiling.mjs");

/**
 * Starts http-ceiling-server.ts in its own process, compiled and run with the same node flags
 * as the real server's bundle, so the two differ only in what the route does: neither pays for
 * tsx, and neither shares the load generator's event loop.
 */
export async function startCeilingProcess(): Promise<ListeningProcess> {
  await build({
    entryPoints: [path.join(import.meta.dirname, "http-ceiling-server.ts")],
    outfile: CEILING_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return startListeningProcess(
    "the HTTP ceiling server",
    [...SERVER_NODE_FLAGS, CEILING_BUNDLE, JSON_BODY_LIMIT],
    {},
  );
}
