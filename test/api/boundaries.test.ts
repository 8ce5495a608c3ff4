import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { buildAgency } from "../helpers/factories.js";
import { FOUR_DISTRICTS, fourDistricts, type FeatureCollection } from "../helpers/boundaries.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}
interface Summary {
  districts: string[];
  missing: string[];
  sizes: { receivedBytes: number; storedBytes: number; receivedPositions: number; storedPositions: number };
}
interface Stored {
  boundaries:
    | (Summary & {
        geojson: {
          features: Array<{
            properties: { district: string; name: string };
            geometry: { type: string; coordinates: number[][][] };
          }>;
        };
      })
    | null;
}

const PATH = "/api/v1/agency/boundaries";

describe("district boundaries: upload, validation, limits, roles and agencies", () => {
  let server: TestServer;
  let a: Built;
  let b: Built;

  before(async () => {
    server = await startTestServer();
    a = await buildAgency(server.url, ["admin", "designer", "analyst"]);
    b = await buildAgency(server.url, ["admin"]);
    for (const agency of [a, b])
      assert.equal(
        (await agency.clients.admin.patch("/api/v1/agency", { districts: FOUR_DISTRICTS })).status,
        200,
      );
  });
  after(() => server.stop());

  /** A PUT whose answer must be a 400 naming `path`; the stored boundaries must not change. */
  async function refused(body: unknown, path: string, words: RegExp) {
    const before = await a.clients.analyst.get<Stored>(PATH);
    const reply = await a.clients.admin.request<ErrorBody>("PUT", PATH, body);
    assert.equal(reply.status, 400, JSON.stringify(reply.body));
    const detail = reply.body.error.details?.find((d) => d.path === path);
    assert.ok(detail, `a detail on ${path}: ${JSON.stringify(reply.body.error.details)}`);
    assert.match(detail.message, words);
    assert.deepEqual((await a.clients.analyst.get<Stored>(PATH)).body, before.body);
  }

  it("when no boundaries were uploaded, then GET answers null", async () => {
    const reply = await a.clients.analyst.get<Stored>(PATH);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.boundaries, null);
  });

  it("when an admin uploads the 4-district file, then 200 with a summary, simplified shapes, and the change is audited", async () => {
    const reply = await a.clients.admin.request<{ boundaries: Summary }>("PUT", PATH, fourDistricts());
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { districts, missing, sizes } = reply.body.boundaries;
    assert.deepEqual(districts, ["D1", "D2", "D3", "D4"]);
    assert.deepEqual(missing, []);
    assert.equal(sizes.receivedPositions, 17_604);
    // Douglas–Peucker at ~11 m keeps the shape's bends, drops the surveyed points between them.
    assert.ok(sizes.storedPositions < sizes.receivedPositions / 10, JSON.stringify(sizes));
    assert.ok(sizes.storedBytes < sizes.receivedBytes / 10, JSON.stringify(sizes));

    const stored = await a.clients.analyst.get<Stored>(PATH);
    assert.equal(stored.status, 200);
    const features = stored.body.boundaries!.geojson.features;
    assert.deepEqual(
      features.map((f) => [f.properties.district, f.properties.name, f.geometry.type]),
      FOUR_DISTRICTS.map((d) => [d.code, d.name, "Polygon"]),
    );
    for (const f of features) {
      const ring = f.geometry.coordinates[0]!;
      assert.deepEqual(ring[0], ring.at(-1), "rings stay closed");
      assert.ok(ring.length >= 4);
      // Outer rings counterclockwise, as RFC 7946 asks.
      let area = 0;
      for (let i = 0; i + 1 < ring.length; i++)
        area += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      assert.ok(area > 0);
    }
    const audit = await a.clients.admin.get<{
      entries: Array<{ action: string; details: Record<string, unknown> }>;
    }>("/api/v1/audit");
    const entry = audit.body.entries.find((e) => e.action === "agency.boundaries_changed");
    assert.ok(entry, "the upload is in the audit log");
    assert.deepEqual(entry.details["districts"], ["D1", "D2", "D3", "D4"]);
  });

  it("when the body is not a FeatureCollection, then 400 names it", async () => {
    await refused(
      { type: "Feature", properties: { district: "D1" }, geometry: null },
      "type",
      /FeatureCollection/,
    );
    await refused([1, 2], "body", /object/);
  });

  it("when a geometry is not a Polygon or MultiPolygon, then 400 names the feature", async () => {
    const file = fourDistricts();
    file.features[1]!.geometry = {
      type: "LineString",
      coordinates: [
        [-87.7, 41.8],
        [-87.6, 41.9],
      ],
    };
    await refused(file, "features.1.geometry.type", /Polygon or MultiPolygon/);
  });

  it("when a ring is not closed, then 400 names the feature and the ring", async () => {
    const file = fourDistricts();
    (file.features[2]!.geometry.coordinates as number[][][])[0]!.pop();
    await refused(file, "features.2.geometry", /ring 0 is not closed/);
  });

  it("when coordinates are not longitude and latitude, then 400 says so", async () => {
    const file = fourDistricts();
    file.features[0]!.geometry = {
      type: "Polygon",
      coordinates: [
        [
          [1_150_000, 1_890_000],
          [1_160_000, 1_890_000],
          [1_160_000, 1_900_000],
          [1_150_000, 1_890_000],
        ],
      ],
    };
    await refused(file, "features.0.geometry", /WGS 84 degrees/);
    file.features[0]!.geometry = {
      type: "Polygon",
      coordinates: [
        [
          [-87.7, "41.8"],
          [-87.6, 41.8],
          [-87.6, 41.9],
          [-87.7, 41.8],
        ],
      ],
    };
    await refused(file, "features.0.geometry", /position 0 of ring 0 is not a \[longitude, latitude\]/);
  });

  it("when a district code is unknown or repeated, or missing, then 400 names each feature", async () => {
    const file = fourDistricts();
    file.features[0]!.properties["district"] = "D9";
    file.features[3]!.properties["district"] = "D2";
    const reply = await a.clients.admin.request<ErrorBody>("PUT", PATH, file);
    assert.equal(reply.status, 400);
    const details = reply.body.error.details!;
    assert.match(
      details.find((d) => d.path === "features.0.properties.district")!.message,
      /"D9" is not a district/,
    );
    assert.match(
      details.find((d) => d.path === "features.3.properties.district")!.message,
      /given again \(first in feature 1\)/,
    );
    delete file.features[1]!.properties["district"];
    await refused(file, "features.1.properties.district", /required/);
  });

  it("when the body is over 2 MB (a 5 MB file), then 413 says the limit and nothing changes", async () => {
    const before = await a.clients.analyst.get<Stored>(PATH);
    const file = fourDistricts();
    const big: FeatureCollection = {
      ...file,
      features: file.features.map((f) => ({
        ...f,
        properties: { ...f.properties, note: "x".repeat(1_300_000) },
      })),
    };
    const body = JSON.stringify(big);
    assert.ok(body.length > 5_000_000);
    const reply = await a.clients.admin.request<ErrorBody>("PUT", PATH, body);
    assert.equal(reply.status, 413);
    assert.equal(reply.body.error.code, "payload_too_large");
    assert.match(reply.body.error.message, /2 MB/);
    assert.deepEqual((await a.clients.analyst.get<Stored>(PATH)).body, before.body);
  });

  it("when a 1.5 MB file comes (over the app's 1 MB), then this route takes it", async () => {
    const file = fourDistricts();
    file.features[0]!.properties["note"] = "x".repeat(1_100_000);
    const reply = await a.clients.admin.request("PUT", PATH, file);
    assert.equal(reply.status, 200, JSON.stringify(reply.body).slice(0, 300));
  });

  it("when a designer or an analyst uploads or removes, then 403 and nothing changes", async () => {
    for (const role of ["designer", "analyst"] as const) {
      assert.equal((await a.clients[role].request("PUT", PATH, fourDistricts())).status, 403);
      assert.equal((await a.clients[role].request("DELETE", PATH)).status, 403);
    }
    assert.ok((await a.clients.designer.get<Stored>(PATH)).body.boundaries);
  });

  it("when another agency reads, then it sees only its own (none)", async () => {
    assert.equal((await b.clients.admin.get<Stored>(PATH)).body.boundaries, null);
    assert.equal(await mongoose.connection.db!.collection("agency_boundaries").countDocuments(), 1);
  });

  it("when an admin removes the boundaries, then 204, GET answers null and the removal is audited", async () => {
    assert.equal((await a.clients.admin.request("DELETE", PATH)).status, 204);
    assert.equal((await a.clients.analyst.get<Stored>(PATH)).body.boundaries, null);
    const audit = await a.clients.admin.get<{ entries: Array<{ action: string }> }>("/api/v1/audit");
    assert.ok(audit.body.entries.some((e) => e.action === "agency.boundaries_removed"));
  });
});
