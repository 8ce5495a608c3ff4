import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { replicaSetDefaults } from "@server/platform/database.js";
import { SERVER_NODE_FLAGS } from "../../scripts/build-server.js";
import { ROOT } from "../helpers/process.js";

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
}
interface Compose {
  services: Record<string, Service>;
}

const read = (file: string): Promise<string> => readFile(path.join(ROOT, file), "utf8");
const words = (value: string[] | string | undefined): string =>
  Array.isArray(value) ? value.join(" ") : (value ?? "");

/** docker cannot run here: these checks hold the files to the shape docs/DEPLOYMENT.md describes. */
describe("docker-compose.yml", () => {
  let services: Record<string, Service>;
  let apps: Array<[string, Service]>;

  before(async () => {
    // merge: compose honours YAML merge keys (`<<: *app`), which YAML 1.2 leaves off by default.
    services = (parse(await read("docker-compose.yml"), { merge: true }) as Compose).services;
    apps = Object.entries(services).filter(([, s]) => s.build !== undefined);
  });

  it("runs at least two app processes built from the repository", () => {
    const processes = apps.reduce((sum, [, s]) => sum + (s.deploy?.replicas ?? 1), 0);
    assert.ok(processes >= 2, `app processes: ${processes}`);
  });

  it("points every app at the MongoDB replica set, Redis and the SMTP catcher, with the keys all processes share", () => {
    const shared = apps.map(([, s]) => [
      s.environment?.["DATA_ENCRYPTION_KEY"],
      s.environment?.["FORM_SIGNING_KEY"],
    ]);
    for (const [name, app] of apps) {
      const env = app.environment ?? {};
      assert.match(env["MONGODB_URI"] ?? "", /^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/, name);
      assert.match(env["REDIS_URL"] ?? "", /^redis:\/\/redis:6379$/, name);
      assert.match(env["SMTP_URL"] ?? "", /^smtp:\/\/mail:1025$/, name);
      assert.equal(env["HOST"], "0.0.0.0", name);
      assert.equal(env["TRUST_PROXY"], "1", `${name} sits behind the proxy`);
      assert.ok(env["DATA_ENCRYPTION_KEY"] && env["FORM_SIGNING_KEY"], `${name} gets both shared keys`);
      assert.equal(app.depends_on?.["mongo-init"]?.condition, "service_completed_successfully", name);
      assert.equal(app.depends_on?.["redis"]?.condition, "service_healthy", name);
      assert.match(words(app.healthcheck?.test), /\/readyz/, `${name}'s health check is the readiness probe`);
    }
    assert.equal(new Set(shared.map((keys) => keys.join("|"))).size, 1, "every app gets the same keys");
  });

  it("runs MongoDB as a replica set, with a one-shot step that initiates it", () => {
    const { mongo } = services;
    assert.match(mongo?.image ?? "", /^mongo:\d/);
    assert.match(words(mongo?.command), /--replSet rs0/);
    const init = Object.values(services).find((s) =>
      /rs\.initiate\(/.test(words(s.command) + words(s.entrypoint)),
    );
    assert.ok(init, "a service runs rs.initiate");
    assert.match(words(init.command), /_id: "rs0"/);
    assert.match(words(init.command), /host: "mongo:27017"/);
    assert.equal(init.depends_on?.["mongo"]?.condition, "service_healthy");
  });

  it("has Redis and an SMTP catcher from official images", () => {
    assert.match(services["redis"]?.image ?? "", /^redis:\d/);
    assert.match(words(services["redis"]?.healthcheck?.test), /redis-cli ping/);
    assert.match(services["mail"]?.image ?? "", /^axllent\/mailpit:/);
  });

  it("puts an nginx proxy in front of every app, sticky for socket.io and with WebSocket upgrade", async () => {
    const proxy = services["proxy"];
    assert.match(proxy?.image ?? "", /^nginx:\d/);
    assert.ok(proxy?.volumes?.some((v) => v.startsWith("./deploy/nginx.conf:")));
    for (const [name] of apps) assert.ok(proxy?.depends_on?.[name], `the proxy waits for ${name}`);
    const conf = await read("deploy/nginx.conf");
    const upstreams = [...conf.matchAll(/upstream (\w+) \{([^}]*)\}/g)];
    assert.ok(upstreams.length >= 1);
    for (const [, , body] of upstreams)
      for (const [name] of apps)
        assert.match(body!, new RegExp(`server ${name}:3000`), `${name} in every upstream`);
    const live = /location \/socket\.io\/ \{([^}]*)\}/.exec(conf)?.[1] ?? "";
    const liveUpstream = /proxy_pass http:\/\/(\w+);/.exec(live)?.[1];
    const liveBody = upstreams.find(([, name]) => name === liveUpstream)?.[2] ?? "";
    assert.match(liveBody, /ip_hash;/, "socket.io long-polling needs one process per session");
    assert.match(live, /proxy_set_header Upgrade \$http_upgrade;/);
    assert.match(live, /proxy_set_header Connection \$connection_upgrade;/);
  });
});

describe("Dockerfile", () => {
  it("builds on Node 24 LTS and starts node itself, so SIGTERM reaches the server", async () => {
    const dockerfile = await read("Dockerfile");
    assert.match(dockerfile, /^FROM node:24-/m);
    const cmd = /^CMD (.*)$/m.exec(dockerfile)?.[1] ?? "";
    assert.match(cmd, /^\["node",/);
    assert.equal(
      cmd,
      JSON.stringify(["node", ...SERVER_NODE_FLAGS, "dist/server/main.mjs"]).replaceAll(",", ", "),
      "production runs the compiled bundle with the node flags the benchmarks measured",
    );
    const start = JSON.parse(await read("package.json")).scripts.start as string;
    assert.ok(
      start.endsWith(`node ${SERVER_NODE_FLAGS.join(" ")} dist/server/main.mjs`),
      "npm start runs it the same way",
    );
    assert.match(dockerfile, /npm run build:server/, "the image builds the bundle it runs");
  });
});

describe("MongoDB connection defaults", () => {
  it("uses write concern majority and retryable writes when the URI names a replica set", () => {
    assert.deepEqual(replicaSetDefaults("mongodb://mongo:27017/communitypulse?replicaSet=rs0"), {
      writeConcern: { w: "majority" },
      retryWrites: true,
    });
  });

  it("adds nothing for the embedded engine or a lone server", () => {
    assert.deepEqual(replicaSetDefaults("mongodb://127.0.0.1:27017/communitypulse"), {});
    assert.deepEqual(replicaSetDefaults("mongodb://127.0.0.1:27017/communitypulse?appName=x"), {});
  });

  it("leaves what the URI spells out itself to the URI", () => {
    assert.deepEqual(replicaSetDefaults("mongodb://a,b,c/db?replicaSet=rs0&w=1&retryWrites=false"), {});
    assert.deepEqual(replicaSetDefaults("mongodb://a/db?replicaSet=rs0&w=2"), { retryWrites: true });
  });
});
