import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import QRCode from "qrcode";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Clients = Awaited<ReturnType<typeof buildAgency>>["clients"];
interface ErrorBody {
  error: { code: string; details?: Array<{ path: string; message: string }> };
}
interface SurveyBody {
  survey: {
    id: string;
    slug: string;
    status: string;
    questions: Array<{ id: string }>;
    template: string | null;
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("QR codes, printable cards and definition files", () => {
  let server: TestServer;
  let clients: Clients;
  let published: { id: string; slug: string };
  let publicUrl: string;

  before(async () => {
    server = await startTestServer();
    ({ clients } = await buildAgency(server.url, ["admin", "designer", "analyst"]));
    published = await publishFromTemplate(clients.designer, "community-trust");
    publicUrl = `${server.url}/s/${published.slug}`;
  });
  after(() => server.stop());

  const raw = async (client: Clients["designer"], path: string) => {
    const headers: Record<string, string> = {};
    const cookie = (client as unknown as { cookie: string }).cookie;
    if (cookie) headers["cookie"] = cookie;
    const response = await fetch(`${server.url}${path}`, { headers });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  it("when a survey is published, then its SVG QR code is the one qrcode makes for its public URL", async () => {
    const reply = await raw(clients.analyst, `/api/v1/surveys/${published.id}/qr.svg`);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get("content-type") ?? "", /^image\/svg\+xml/);
    const expected = await QRCode.toString(publicUrl, { type: "svg", errorCorrectionLevel: "M" });
    assert.equal(reply.bytes.toString("utf8"), expected);
    const other = await QRCode.toString(`${publicUrl}x`, { type: "svg", errorCorrectionLevel: "M" });
    assert.notEqual(reply.bytes.toString("utf8"), other, "the code depends on the URL");
  });

  it("when a PNG is asked for, then it is a real PNG identical to qrcode's for that URL, sized as asked", async () => {
    const reply = await raw(clients.designer, `/api/v1/surveys/${published.id}/qr.png`);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get("content-type"), "image/png");
    assert.deepEqual(reply.bytes.subarray(0, 8), PNG_SIGNATURE);
    assert.equal(reply.bytes.readUInt32BE(16), 512, "default width");
    const expected = await QRCode.toBuffer(publicUrl, { type: "png", errorCorrectionLevel: "M", width: 512 });
    assert.ok(reply.bytes.equals(expected));

    const small = await raw(clients.designer, `/api/v1/surveys/${published.id}/qr.png?size=256&download=1`);
    assert.equal(small.bytes.readUInt32BE(16), 256);
    assert.match(
      small.headers.get("content-disposition") ?? "",
      new RegExp(`^attachment; filename="?${published.slug}-qr\\.png"?$`),
    );
  });

  it("when the size is out of range, then 400 names the size", async () => {
    const reply = await clients.designer.get<ErrorBody>(`/api/v1/surveys/${published.id}/qr.png?size=5`);
    assert.equal(reply.status, 400);
    assert.deepEqual(
      reply.body.error.details?.map((d) => d.path),
      ["query.size"],
    );
  });

  it("when the survey is still a draft, then QR codes and cards answer 409 not_published", async () => {
    const draft = await clients.designer.post<SurveyBody>("/api/v1/surveys", { template: "post-contact" });
    for (const path of ["qr.svg", "qr.png", "card", "public-link"]) {
      const reply = await clients.designer.get<ErrorBody>(`/api/v1/surveys/${draft.body.survey.id}/${path}`);
      assert.equal(reply.status, 409, path);
      assert.equal(reply.body.error.code, "not_published");
    }
  });

  it("when nobody is signed in, then every endpoint answers 401", async () => {
    for (const path of ["qr.svg", "qr.png", "card", "export.json", "preview", "public-link"]) {
      const response = await fetch(`${server.url}/api/v1/surveys/${published.id}/${path}`);
      assert.equal(response.status, 401, path);
    }
  });

  it("when another agency's survey is asked for, then every endpoint answers 404 like a missing one", async () => {
    const other = await buildAgency(server.url, ["designer"]);
    const theirs = await publishFromTemplate(other.clients.designer, "community-trust");
    for (const path of ["qr.svg", "qr.png", "card", "export.json", "preview", "public-link"]) {
      const reply = await clients.admin.get<ErrorBody>(`/api/v1/surveys/${theirs.id}/${path}`);
      const missing = await clients.admin.get<ErrorBody>(`/api/v1/surveys/${"0".repeat(24)}/${path}`);
      assert.equal(reply.status, 404, path);
      assert.deepEqual(reply.body, missing.body, path);
    }
  });

  it("the card sheet carries agency name, invitation in each survey language, the QR code and the short URL", async () => {
    const reply = await clients.designer.get<string>(`/api/v1/surveys/${published.id}/card`);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(reply.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const html = reply.body;
    const agencyName = (await clients.designer.get<{ agency: { name: string } }>("/api/v1/agency")).body
      .agency.name;
    assert.ok(html.includes(agencyName));
    assert.ok(html.includes(`${publicUrl.replace(/^http:\/\//, "")}<`), "short URL printed");
    assert.ok(html.includes('lang="en"') && html.includes('lang="es"'));
    assert.ok(html.includes("Tell us what you think") && html.includes("Queremos saber su opinión"));
    assert.ok(html.includes("Community Safety and Trust Survey"));
    assert.ok(html.includes("Encuesta sobre seguridad y confianza en la comunidad"));
    const svg = await QRCode.toString(publicUrl, { type: "svg", errorCorrectionLevel: "M" });
    const pathData = /<path stroke="#000000" d="([^"]+)"/.exec(svg)![1]!;
    assert.ok(html.includes(pathData), "the card embeds the QR code of the public URL");
    assert.equal(html.match(/<article class="card"/g)?.length, 8);
    assert.doesNotMatch(html, /<script|style=/, "no inline script or style under the strict CSP");
    const css = await fetch(`${server.url}/api/v1/print/card.css`);
    assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
    assert.match(await css.text(), /@media print/);
  });

  it("when one language and the poster format are asked for, then only that language is printed, once", async () => {
    const reply = await clients.designer.get<string>(
      `/api/v1/surveys/${published.id}/card?format=poster&lang=es`,
    );
    assert.equal(reply.status, 200);
    assert.equal(reply.body.match(/<article class="card"/g)?.length, 1);
    assert.ok(reply.body.includes("Queremos saber su opinión"));
    assert.ok(!reply.body.includes("Tell us what you think"));
    assert.match(reply.body, /<html lang="es"/);
  });

  it("when the card language or format is not offered, then 400 names the field", async () => {
    const badLang = await clients.designer.get<ErrorBody>(`/api/v1/surveys/${published.id}/card?lang=fr`);
    assert.equal(badLang.status, 400);
    assert.deepEqual(
      badLang.body.error.details?.map((d) => d.path),
      ["query.lang"],
    );
    const badFormat = await clients.designer.get<ErrorBody>(
      `/api/v1/surveys/${published.id}/card?format=flyer`,
    );
    assert.equal(badFormat.status, 400);
    assert.deepEqual(
      badFormat.body.error.details?.map((d) => d.path),
      ["query.format"],
    );
  });

  it("text staff typed is escaped on the card, and an Arabic survey prints right to left", async () => {
    const hostile = `<img src=x onerror="alert(1)"> & "quotes"`;
    await clients.admin.patch("/api/v1/agency", { name: `<b>Tom's</b> PD` });
    const created = await clients.designer.post<SurveyBody>("/api/v1/surveys", {
      title: { en: hostile, ar: "استطلاع" },
      kind: "event",
      languages: ["en", "ar"],
      questions: [{ id: "q_ok", type: "yesno", prompt: { en: "Was it useful?", ar: "هل كان مفيدًا؟" } }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await clients.designer.post(`/api/v1/surveys/${created.body.survey.id}/publish`);
    const reply = await clients.designer.get<string>(`/api/v1/surveys/${created.body.survey.id}/card`);
    assert.equal(reply.status, 200);
    assert.ok(!reply.body.includes("<img src=x"));
    assert.ok(!reply.body.includes("<b>Tom"));
    assert.ok(reply.body.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;"));
    assert.ok(reply.body.includes("&lt;b&gt;Tom&#39;s&lt;/b&gt; PD"));
    assert.match(reply.body, /<div class="lang-block" lang="ar" dir="rtl">/);
  });

  it("when a survey is exported and imported again, then the new draft has the same definition", async () => {
    const exported = await clients.designer.get<Record<string, unknown>>(
      `/api/v1/surveys/${published.id}/export.json`,
    );
    assert.equal(exported.status, 200);
    assert.match(
      exported.headers.get("content-disposition") ?? "",
      /^attachment; filename="?[a-z0-9-]+-v1\.json"?$/,
    );
    const file = exported.body;
    assert.equal(file["format"], "community-pulse/survey");
    assert.equal(file["formatVersion"], 1);
    for (const key of ["id", "_id", "agency", "agencyId", "slug", "status", "hasResponses"]) {
      assert.ok(!(key in file), `${key} does not leave in an export`);
    }
    const original = await clients.designer.get<SurveyBody>(`/api/v1/surveys/${published.id}`);

    const imported = await clients.designer.post<SurveyBody>("/api/v1/surveys/import", file);
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.equal(imported.body.survey.status, "draft");
    assert.notEqual(imported.body.survey.id, published.id);
    assert.notEqual(imported.body.survey.slug, published.slug);
    assert.deepEqual(imported.body.survey.questions, original.body.survey.questions);
    assert.equal(imported.body.survey.template, null);
  });

  it("when an import is malformed, then 400 lists every problem and no survey is created", async () => {
    const before = (await clients.designer.get<{ surveys: unknown[] }>("/api/v1/surveys")).body.surveys
      .length;
    const schemaErrors = await clients.designer.post<ErrorBody>("/api/v1/surveys/import", {
      formatVersion: 2,
      title: { en: "Imported" },
      kind: "community",
      languages: ["en"],
      questions: [{ id: "Bad Id", type: "slider", prompt: { en: "?" } }],
      status: "open",
    });
    assert.equal(schemaErrors.status, 400);
    assert.equal(schemaErrors.body.error.code, "validation_failed");
    assert.deepEqual(schemaErrors.body.error.details?.map((d) => d.path).sort(), [
      "format",
      "formatVersion",
      "questions.0.id",
      "questions.0.type",
      "status",
    ]);

    const ruleErrors = await clients.designer.post<ErrorBody>("/api/v1/surveys/import", {
      format: "community-pulse/survey",
      formatVersion: 1,
      title: { en: "Imported" },
      kind: "community",
      languages: ["en"],
      questions: [
        {
          id: "q_pick",
          type: "single",
          prompt: { en: "Pick" },
          options: [{ value: "a", label: { en: "A" } }],
        },
        { id: "q_next", type: "text", prompt: { en: "Why?" }, showIf: { question: "q_later", in: ["a"] } },
      ],
    });
    assert.equal(ruleErrors.status, 400);
    assert.equal(ruleErrors.body.error.code, "invalid_definition");
    assert.deepEqual(
      ruleErrors.body.error.details?.map((d) => d.path),
      ["questions[0].options", "questions[1].showIf.question"],
    );

    const notJson = await clients.designer.request<ErrorBody>("POST", "/api/v1/surveys/import", "{not json");
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error.code, "malformed_json");

    const after = (await clients.designer.get<{ surveys: unknown[] }>("/api/v1/surveys")).body.surveys.length;
    assert.equal(after, before);
  });

  it("the preview renders a draft through the respondent page, in the language asked for", async () => {
    const draft = await clients.designer.post<SurveyBody>("/api/v1/surveys", { template: "post-contact" });
    const id = draft.body.survey.id;
    const en = await clients.analyst.get<string>(`/api/v1/surveys/${id}/preview`);
    assert.equal(en.status, 200);
    assert.match(en.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(en.body, /<html lang="en"/);
    assert.ok(en.body.includes("How Did We Do?"));
    assert.match(en.body, /<form method="post"/);
    const es = await clients.analyst.get<string>(`/api/v1/surveys/${id}/preview?lang=es`);
    assert.match(es.body, /<html lang="es"/);
    assert.ok(es.body.includes("¿Cómo lo hicimos?"));
    const bad = await clients.analyst.get<ErrorBody>(`/api/v1/surveys/${id}/preview?lang=fr`);
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details?.map((d) => d.path),
      ["query.lang"],
    );
  });

  it("when an open survey is previewed, then its form cannot store an answer", async () => {
    const preview = await clients.designer.get<string>(`/api/v1/surveys/${published.id}/preview`);
    const action = /<form method="post" action="([^"]+)"/.exec(preview.body)?.[1];
    assert.equal(action, `/s/preview-${published.id}`);
    assert.ok(
      !preview.body.includes(`/s/${published.slug}"`),
      "nothing in the preview points at the live survey",
    );
    const post = await fetch(`${server.url}/api/v1/public/surveys/preview-${published.id}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ submissionId: "preview-test-0001", answers: {} }),
    });
    assert.equal(post.status, 404);
  });

  it("when an analyst imports, then 403", async () => {
    const file = (await clients.designer.get(`/api/v1/surveys/${published.id}/export.json`)).body;
    const reply = await clients.analyst.post<ErrorBody>("/api/v1/surveys/import", file);
    assert.equal(reply.status, 403);
  });
});
