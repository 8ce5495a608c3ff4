import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they crossed the wire, not decoded. */
  body: Buffer;
}

/** A GET that leaves the body as sent (fetch would decode it and hide what the server did). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

const decoded = (raw: Raw): string => {
  const encoding = raw.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(raw.body).toString("utf8");
  if (encoding === "gzip") return gunzipSync(raw.body).toString("utf8");
  return raw.body.toString("utf8");
};

const BROWSER = "gzip, deflate, br, zstd";

describe("delivery: compression, caching and the icon", () => {
  let server: TestServer;
  let agencySlug: string;
  let surveyId: string;
  let surveySlug: string;
  let cookie: string;
  let staffHtml: string;

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin"]);
    agencySlug = built.slug;
    const admin = built.clients.admin;
    ({ id: surveyId, slug: surveySlug } = await publishFromTemplate(admin));
    for (let i = 0; i < 3; i++)
      assert.equal((await submit(server.url, surveySlug, communityAnswers(i))).status, 201);
    const survey = (
      await admin.get<{ survey: { questions: Array<{ id: string }> } }>(`/api/v1/surveys/${surveyId}`)
    ).body.survey;
    const published = await admin.request("PUT", `/api/v1/surveys/${surveyId}/publication`, {
      published: true,
      questions: survey.questions.map((q) => q.id),
    });
    assert.equal(published.status, 200);
    // The same session the API client holds, for raw requests.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `admin-${agencySlug}@example.org`, password: TEST_PASSWORD }),
    });
    cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const index = await rawGet(`${server.url}/app/`);
    assert.equal(index.status, 200);
    staffHtml = decoded(index);
  });
  after(() => server?.stop());

  const hashedScript = (): string => {
    const src = /<script type="module"[^>]* src="(\/app\/assets\/[^"]+\.js)"/.exec(staffHtml)?.[1];
    assert.ok(src, "no built staff script in /app/: run `npm run build:client` first");
    return src;
  };

  it("sends a staff page script brotli-compressed to a browser that takes brotli, and gzipped to one that takes only gzip", async () => {
    const url = `${server.url}${hashedScript()}`;
    const plain = await rawGet(url, { "accept-encoding": "identity" });
    const br = await rawGet(url, { "accept-encoding": BROWSER });
    const gzip = await rawGet(url, { "accept-encoding": "gzip" });
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(br.headers["content-encoding"], "br");
    assert.equal(gzip.headers["content-encoding"], "gzip");
    assert.match(String(br.headers["vary"]), /accept-encoding/i);
    assert.equal(decoded(br), plain.body.toString("utf8"));
    assert.equal(decoded(gzip), plain.body.toString("utf8"));
    assert.ok(br.body.length < plain.body.length / 2, `${br.body.length} of ${plain.body.length} bytes`);
  });

  it("sends the respondent page's script as the build's brotli twin, or its gzip twin, cached for a year", async () => {
    const page = decoded(await rawGet(`${server.url}/s/${surveySlug}`, { "accept-encoding": BROWSER }));
    const src = /<script type="module" src="(\/s\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    assert.ok(src, "no built respondent script: run `npm run build:client` first");
    const plain = await rawGet(`${server.url}${src}`, { "accept-encoding": "identity" });
    for (const [accept, encoding] of [
      [BROWSER, "br"],
      ["gzip", "gzip"],
    ] as const) {
      const raw = await rawGet(`${server.url}${src}`, { "accept-encoding": accept });
      assert.equal(raw.headers["content-encoding"], encoding);
      assert.equal(raw.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.equal(decoded(raw), plain.body.toString("utf8"));
    }
    assert.equal(plain.headers["content-encoding"], undefined);
  });

  it("sends API JSON compressed", async () => {
    const raw = await rawGet(`${server.url}/api/v1/surveys/${surveyId}/results`, {
      "accept-encoding": BROWSER,
      cookie,
    });
    assert.equal(raw.status, 200);
    assert.match(String(raw.headers["content-type"]), /application\/json/);
    assert.equal(raw.headers["content-encoding"], "br");
    assert.equal((JSON.parse(decoded(raw)) as { n: number }).n, 3);
  });

  it("sends the public page compressed", async () => {
    const raw = await rawGet(`${server.url}/p/${agencySlug}`, { "accept-encoding": BROWSER });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers["content-encoding"], "br");
    assert.match(decoded(raw), /<html/);
  });

  it("caches hashed staff assets for a year as immutable, and has the browser revalidate the page", async () => {
    const asset = await rawGet(`${server.url}${hashedScript()}`);
    assert.equal(asset.headers["cache-control"], "public, max-age=31536000, immutable");
    const css = /<link rel="stylesheet"[^>]* href="(\/app\/assets\/[^"]+\.css)"/.exec(staffHtml)?.[1];
    assert.ok(css);
    assert.equal(
      (await rawGet(`${server.url}${css}`)).headers["cache-control"],
      "public, max-age=31536000, immutable",
    );
    for (const page of ["/app/", "/app/index.html"]) {
      const raw = await rawGet(`${server.url}${page}`);
      assert.equal(raw.status, 200);
      assert.equal(raw.headers["cache-control"], "no-cache", page);
    }
  });

  it("serves the icon every page links, so no page asks for a missing one", async () => {
    for (const url of ["/favicon.svg", "/favicon.ico"]) {
      const raw = await rawGet(`${server.url}${url}`);
      assert.equal(raw.status, 200, url);
      assert.match(String(raw.headers["content-type"]), /^image\/svg\+xml/);
      assert.match(raw.body.toString("utf8"), /^<svg /);
    }
    const pages = {
      staff: staffHtml,
      respondent: decoded(await rawGet(`${server.url}/s/${surveySlug}`, { "accept-encoding": BROWSER })),
      public: decoded(await rawGet(`${server.url}/p/${agencySlug}`, { "accept-encoding": BROWSER })),
      "public, not found": decoded(await rawGet(`${server.url}/p/no-such-agency`)),
    };
    for (const [name, html] of Object.entries(pages))
      assert.match(html, /<link rel="icon" href="\/favicon\.svg" type="image\/svg\+xml"/, name);
  });
});
