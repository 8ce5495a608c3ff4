import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { getPage } from "./respondent-support.js";

/** DESIGN.md: the respondent page's JS + CSS, gzipped, stay within 25 KB. */
const BUDGET_BYTES = 25 * 1024;

describe("respondent page weight", () => {
  let server: TestServer;
  let slug: string;

  before(async () => {
    server = await startTestServer();
    const { clients } = await buildAgency(server.url, ["admin"]);
    ({ slug } = await publishFromTemplate(clients.admin, "community-trust"));
  });
  after(() => server.stop());

  it("all the script and style the page loads, and its service worker, are at most 25 KB gzipped", async () => {
    const page = await getPage(`${server.url}/s/${slug}`);
    const scripts = [...page.html.matchAll(/<script[^>]* src="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...page.html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 1, "no built script: run `npm run build:client` first");
    assert.equal(styles.length, 1, "no built stylesheet: run `npm run build:client` first");
    const files = [...scripts, ...styles, "/s/sw.js"];
    const sizes: Record<string, { raw: number; gzip: number }> = {};
    for (const file of files) {
      const response = await fetch(`${server.url}${file}`);
      assert.equal(response.status, 200, file);
      const bytes = Buffer.from(await response.arrayBuffer());
      sizes[file] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    }
    const total = Object.values(sizes).reduce((sum, s) => sum + s.gzip, 0);
    assert.ok(total <= BUDGET_BYTES, `${total} bytes gzipped > ${BUDGET_BYTES}: ${JSON.stringify(sizes)}`);
  });

  it("hashed assets are cached for a year and sent gzipped; the service worker and the page are not cached", async () => {
    const page = await getPage(`${server.url}/s/${slug}`);
    const script = /<script[^>]* src="([^"]+)"/.exec(page.html)![1]!;
    const asset = await fetch(`${server.url}${script}`);
    assert.match(asset.headers.get("cache-control") ?? "", /max-age=31536000.*immutable/);
    // Sent compressed (from the build's .gz twin), as is the page itself.
    assert.equal(asset.headers.get("content-encoding"), "gzip");
    assert.equal(page.headers.get("content-encoding"), "gzip");
    const worker = await fetch(`${server.url}/s/sw.js`);
    assert.match(worker.headers.get("content-type") ?? "", /javascript/);
    assert.equal(worker.headers.get("cache-control"), "no-cache");
    assert.match(page.headers.get("cache-control") ?? "", /no-store/);
  });
});
