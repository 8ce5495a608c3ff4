import { existsSync } from "node:fs";
import path from "node:path";
import compression from "compression";
import express, { Router, type Request, type RequestHandler, type Response } from "express";

/** How long the browser keeps a file whose name changes with its content: it never changes. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** A page whose asset names change with each build: the browser asks again every time. */
export const REVALIDATE = "no-cache";

/**
 * Brotli or gzip, as the browser prefers (brotli first), for every compressible response of
 * 1 KB or more: the staff pages and their assets, API JSON, the public page. A server-sent
 * event stream is left alone, since compression would hold its events in zlib's buffer;
 * socket.io answers on the HTTP server before Express and never passes here. Responses that
 * set their own Content-Encoding (the respondent page's precompressed files) are not touched.
 */
export function compressResponses(): RequestHandler {
  return compression({
    filter: (req: Request, res: Response) =>
      !/^text\/event-stream/i.test(String(res.getHeader("Content-Type") ?? "")) &&
      compression.filter(req, res),
  });
}

/**
 * A build's content-hashed files, cached for a year. Each script and stylesheet goes out as the
 * brotli or gzip twin the build wrote beside it (client/compress-beside.ts), whichever the
 * browser takes, brotli first: smaller than compressing on the fly, and no work per request.
 */
export function hashedAssets(dir: string): Router {
  const router = Router();
  router.get(/^\/[\w.-]+\.(js|css)$/, (req, res, next) => {
    const name = req.path.slice(1);
    const encoding = (["br", "gzip"] as const).find((e) => req.acceptsEncodings(e) === e);
    const file = encoding && path.join(dir, `${name}.${encoding === "br" ? "br" : "gz"}`);
    if (!file || !existsSync(file)) return next();
    res
      .type(path.extname(name))
      .set({ "Content-Encoding": encoding, Vary: "Accept-Encoding", "Cache-Control": IMMUTABLE })
      .sendFile(file, (error) => {
        if (error && !res.headersSent) next();
      });
  });
  router.use(
    express.static(dir, {
      index: false,
      cacheControl: false,
      setHeaders: (res) => res.setHeader("Cache-Control", IMMUTABLE),
    }),
  );
  return router;
}

/**
 * The staff pages' build: Vite's content-hashed files under `assets/` as `hashedAssets`;
 * anything else (index.html) is revalidated on every load, so a deploy is seen at once.
 */
export function staffPages(dist: string): Router {
  const router = Router();
  router.use("/assets", hashedAssets(path.join(dist, "assets")));
  router.use(
    express.static(dist, {
      index: "index.html",
      cacheControl: false,
      setHeaders: (res) => res.setHeader("Cache-Control", REVALIDATE),
    }),
  );
  return router;
}

// A pulse line on the brand blue; small enough to send with no build step.
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="6" fill="#0b5cad"/>' +
  '<path d="M4 17h6l3-7 5 13 3-6h7" fill="none" stroke="#fff" stroke-width="3" ' +
  'stroke-linecap="round" stroke-linejoin="round"/></svg>';

/** Where every page links its icon. */
export const FAVICON_URL = "/favicon.svg";

/**
 * The icon at `/favicon.svg`, which every page links, and at `/favicon.ico`, which browsers
 * and tools ask for on pages that link none (mail previews, printouts), so no page logs a 404.
 */
export function faviconRouter(): Router {
  const router = Router();
  const send: RequestHandler = (_req, res) => {
    res.type("image/svg+xml").set("Cache-Control", "public, max-age=86400").send(FAVICON_SVG);
  };
  router.get(FAVICON_URL, send);
  router.get("/favicon.ico", send);
  return router;
}
