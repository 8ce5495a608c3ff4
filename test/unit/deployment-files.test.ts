import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { ROOT } from "../helpers/process.js";

interface Compose {
  services: Record<
    string,
    { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string> }
  >;
}

describe("docker-compose.yml", () => {
  it("parses and runs the app against a MongoDB replica set", async () => {
    const compose = parse(await readFile(path.join(ROOT, "docker-compose.yml"), "utf8")) as Compose;
    const { app, mongo } = compose.services;
    assert.ok(app?.build, "the app service builds from the repository");
    assert.match(mongo?.image ?? "", /^mongo:/);
    assert.ok(mongo?.command?.includes("--replSet"));
    assert.match(app.environment?.["MONGODB_URI"] ?? "", /^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/);
  });
});
