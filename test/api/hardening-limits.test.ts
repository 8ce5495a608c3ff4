import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort } from "./invitations-smtp.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A session of our own, for requests ApiClient cannot make (raw bodies). */
async function rawSession(baseUrl: string, email: string) {
  const reply = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const body = (await reply.json()) as { csrfToken: string };
  const cookie = reply.headers.get("set-cookie")!.split(";")[0]!;
  return {
    csrfToken: body.csrfToken,
    send: (method: string, path: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, { method, headers: { cookie, ...headers }, body }),
  };
}

describe("hardened edges: size limits, field caps, branding, mail failure, headers, passwords", () => {
  let server: TestServer;
  let a: Built;
  const db = () => mongoose.connection.db!;

  before(async () => {
    // A mail server that is not there: staff invitations cannot be sent.
    server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
    a = await buildAgency(server.url, ["admin"]);
  });
  after(() => server.stop());

  it("when a body is over 1 MB or a logo over 100 KB, then 413 and nothing is stored", async () => {
    const session = await rawSession(server.url, `admin-${a.slug}@example.org`);
    const headers = { "x-csrf-token": session.csrfToken };
    const huge = JSON.stringify({ name: "x".repeat(1_100_000) });
    const big = await session.send("PATCH", "/api/v1/agency", huge, {
      ...headers,
      "content-type": "application/json",
    });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as ErrorBody).error.code, "payload_too_large");
    const bigLogo = Buffer.concat([PNG, Buffer.alloc(110 * 1024)]);
    const logo = await session.send("PUT", "/api/v1/agency/logo", bigLogo, {
      ...headers,
      "content-type": "image/png",
    });
    assert.equal(logo.status, 413);
    assert.equal(
      await db()
        .collection("agency_logos")
        .countDocuments({ _id: a.agencyId as never }),
      0,
    );
  });

  it("when a field is longer than its cap, then 400 names it and nothing changes", async () => {
    const reply = await a.clients.admin.patch<ErrorBody>("/api/v1/agency", {
      name: "n".repeat(121),
      districts: Array.from({ length: 201 }, (_, i) => ({ code: `D${i}`, name: "x" })),
      languages: ["en", "x".repeat(50)],
    });
    assert.equal(reply.status, 400);
    const paths = reply.body.error.details!.map((d) => d.path);
    assert.ok(
      paths.includes("name") && paths.includes("districts") && paths.some((p) => p.startsWith("languages")),
      paths.join(),
    );
    const invite = await a.clients.admin.post<ErrorBody>("/api/v1/staff-invitations", {
      email: `${"a".repeat(250)}@example.org`,
      role: "analyst",
      name: "n".repeat(500),
    });
    assert.equal(invite.status, 400);
    assert.deepEqual([...new Set(invite.body.error.details!.map((d) => d.path))].sort(), ["email", "name"]);
  });

  it("brand colours must give white text 4.5:1; logos must be PNG, JPEG or WebP and be what they claim", async () => {
    const admin = a.clients.admin;
    const pale = await admin.patch<ErrorBody>("/api/v1/agency", { brandColor: "#ffcc00" });
    assert.equal(pale.status, 400);
    assert.equal(pale.body.error.details![0]!.path, "brandColor");
    assert.match(pale.body.error.details![0]!.message, /contrast of 1\.\d+:1.*4\.5:1/);
    assert.equal(
      (await admin.patch("/api/v1/agency", { brandColor: "#777777" })).status,
      400,
      "4.48:1 is not enough",
    );
    assert.equal((await admin.patch("/api/v1/agency", { brandColor: "#767676" })).status, 200, "4.54:1 is");
    const dark = await admin.patch<{ agency: { brandColor: string } }>("/api/v1/agency", {
      brandColor: "#0B5CAD",
    });
    assert.equal(dark.status, 200);
    assert.equal(dark.body.agency.brandColor, "#0b5cad");

    const session = await rawSession(server.url, `admin-${a.slug}@example.org`);
    const put = (body: BodyInit, type: string) =>
      session.send("PUT", "/api/v1/agency/logo", body, {
        "x-csrf-token": session.csrfToken,
        "content-type": type,
      });
    const svg = await put(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      "image/svg+xml",
    );
    assert.equal(svg.status, 415);
    const fake = await put("<html><script>alert(1)</script></html>", "image/png");
    assert.equal(fake.status, 400);
    assert.equal(((await fake.json()) as ErrorBody).error.code, "invalid_image");
    assert.equal(await db().collection("agency_logos").countDocuments(), 0);

    const good = await put(PNG, "image/png");
    assert.equal(good.status, 200);
    const { agency } = (await good.json()) as { agency: { logoUrl: string } };
    const served = await fetch(`${server.url}${agency.logoUrl}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/png");
    assert.equal(served.headers.get("x-content-type-options"), "nosniff");
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG);

    assert.equal(
      (await session.send("DELETE", "/api/v1/agency/logo", null, { "x-csrf-token": session.csrfToken }))
        .status,
      204,
    );
    assert.equal((await fetch(`${server.url}${agency.logoUrl}`)).status, 404);
  });

  it("when the mail server cannot be reached, then inviting answers 503 and keeps nothing", async () => {
    const reply = await a.clients.admin.post<ErrorBody>("/api/v1/staff-invitations", {
      email: "unlucky@example.org",
      role: "analyst",
    });
    assert.equal(reply.status, 503);
    assert.equal(
      await db().collection("staff_invitations").countDocuments({ email: "unlucky@example.org" }),
      0,
    );
  });

  it("pages and API answers carry a strict CSP without inline script or style, no-referrer and nosniff", async () => {
    for (const path of ["/app/", "/api/v1/agency"]) {
      const reply = await fetch(`${server.url}${path}`);
      const csp = reply.headers.get("content-security-policy") ?? "";
      const directive = (name: string) =>
        csp
          .split(";")
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `)) ?? "";
      assert.equal(directive("script-src"), "script-src 'self'", path);
      assert.equal(directive("style-src"), "style-src 'self'", path);
      assert.match(directive("object-src"), /'none'/, path);
      assert.match(directive("frame-ancestors"), /'self'|'none'/, path);
      assert.equal(reply.headers.get("referrer-policy"), "no-referrer", path);
      assert.equal(reply.headers.get("x-content-type-options"), "nosniff", path);
    }
    const html = await (await fetch(`${server.url}/app/`)).text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, "no inline script");
    assert.doesNotMatch(html, /\sstyle=|<style/i, "no inline style");
  });

  it("a new staff account never gets a weak password", async () => {
    const reply = await a.clients.admin.post<ErrorBody>("/api/v1/users", {
      email: "weak@example.org",
      password: "Password2024!",
      role: "analyst",
    });
    assert.equal(reply.status, 400);
    assert.match(reply.body.error.details![0]!.message, /most common/);
    assert.equal(await db().collection("users").countDocuments({ email: "weak@example.org" }), 0);
    assert.equal((await new ApiClient(server.url).login("weak@example.org", "Password2024!")).status, 401);
  });
});
