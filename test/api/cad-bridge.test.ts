import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { runBridge } from "../../scripts/cad-bridge.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

/**
 * Stands between the bridge and the server: forwards every request, but for the POSTs it is
 * told to, loses the answer after the server has stored the batch (a dropped connection).
 */
function lossyProxy(target: string, loseAnswerOf: Set<number>): Promise<{ url: string; server: Server }> {
  let posts = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: {
        authorization: req.headers.authorization ?? "",
        "content-type": req.headers["content-type"] ?? "",
      },
      body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    const body = await reply.text();
    if (req.method === "POST" && loseAnswerOf.has(++posts)) {
      res.writeHead(503).end("upstream connection lost");
      return;
    }
    res
      .writeHead(reply.status, { "content-type": reply.headers.get("content-type") ?? "text/plain" })
      .end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe("the example CAD bridge (scripts/cad-bridge.ts)", () => {
  let server: TestServer;
  let proxy: { url: string; server: Server };
  let dir: string;
  let file: string;
  let apiKey: string;
  let agencyId: string;
  const stored = () =>
    mongoose.connection
      .db!.collection("invitations")
      .countDocuments({ agency: new mongoose.Types.ObjectId(agencyId) });

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin"]);
    agencyId = built.agencyId;
    await publishFromTemplate(built.clients.admin, "post-contact");
    await built.clients.admin.patch("/api/v1/agency", {
      invitationRules: { quietHours: null, delayMinutes: 1440, excludedContactTypes: [], minDaysBetween: 0 },
    });
    const key = await built.clients.admin.post<{ key: string }>("/api/v1/api-keys", {
      name: "CAD bridge",
      scopes: ["contacts:write"],
    });
    apiKey = key.body.key;
    // The second batch is stored, but its answer never reaches the bridge.
    proxy = await lossyProxy(server.url, new Set([2]));
    dir = await mkdtemp(path.join(os.tmpdir(), "cp-cad-bridge-"));
    file = path.join(dir, "export.csv");
    const lines = [
      "Incident Number,Call Type,Disposition,Occurred At,District,Unit,Officer Badge,Phone,Email,Caller Name",
    ];
    const at = new Date(Date.now() - 3_600_000).toISOString();
    for (let i = 0; i < 2500; i++) {
      const phone = i === 7 || i === 1800 ? "not a phone" : `(512) 555-${String(i).padStart(4, "0")}`;
      const email = i % 2 === 0 ? `caller${i}@example.net` : "";
      lines.push(
        `CAD-${i},Call for Service,report,${at},D${(i % 3) + 1},2B${i % 4},B${i % 30},${phone},${email},"Doe, Jane ${i}"`,
      );
    }
    await writeFile(file, `${lines.join("\r\n")}\r\n`);
  });
  after(async () => {
    proxy?.server.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("when a batch's answer is lost on the way back, then the bridge sends it again and every contact is stored exactly once", async () => {
    const log: string[] = [];
    const totals = await runBridge({ url: proxy.url, apiKey, file, backoffMs: 20, log: (l) => log.push(l) });
    assert.equal(totals.sent, 2500);
    assert.equal(totals.retries, 1, log.join("\n"));
    assert.equal(totals.invalid, 2);
    assert.match(log.join("\n"), /record 8 \(incident CAD-7\): invalid phone/);
    // The retried batch (records 1001–2000, one of them invalid) finds its contacts already there.
    assert.equal(totals.duplicate, 999);
    assert.equal(totals.scheduled, 999 + 500);
    assert.equal(await stored(), 2498);
    const names = await mongoose.connection.db!.collection("invitations").countDocuments({
      agency: new mongoose.Types.ObjectId(agencyId),
      $or: [{ unit: /Doe/ }, { officer: /Doe/ }],
    });
    assert.equal(names, 0);
  });

  it("when the whole export is sent again, then nothing new is stored", async () => {
    const totals = await runBridge({ url: server.url, apiKey, file, batchSize: 700, log: () => undefined });
    assert.deepEqual(
      { ...totals },
      { sent: 2500, invited: 0, scheduled: 0, excluded: 0, invalid: 2, duplicate: 2498, retries: 0 },
    );
    assert.equal(await stored(), 2498);
  });

  it("when the key is refused, then the bridge stops at once instead of retrying", async () => {
    await assert.rejects(
      () =>
        runBridge({
          url: server.url,
          apiKey: `${apiKey.slice(0, -3)}xyz`,
          file,
          backoffMs: 20,
          log: () => undefined,
        }),
      /refused the batch: 401/,
    );
  });
});
