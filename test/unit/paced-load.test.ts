import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { runPacedLoad } from "../../scripts/bench/http-load.js";

describe("paced load (the ingest benchmark's half-rate phase)", () => {
  it("when asked for 200 requests/s for 1 s, then they arrive spread over the second, not in a burst", async () => {
    const arrivals: number[] = [];
    const server = createServer((request, response) => {
      arrivals.push(performance.now());
      request.resume();
      request.on("end", () => setTimeout(() => response.writeHead(201).end("{}"), 5));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await runPacedLoad({
        url: `http://127.0.0.1:${port}`,
        path: "/",
        connections: 8,
        durationS: 1,
        rate: 200,
        body: () => "{}",
      });
      assert.equal(result.ok, 200);
      assert.deepEqual(result.statusCounts, { 201: 200 });
      assert.ok(result.p50Ms >= 5, `p50 ${result.p50Ms} ms includes the server's 5 ms`);
      // No request is sent before it is due, so a stalled machine can only bunch requests up
      // later: the last is due at 995 ms, and the first half second after the first arrival
      // holds about half. autocannon's overallRate sent all 200 within the first half second.
      const start = arrivals[0]!;
      const spread = arrivals.at(-1)! - start;
      const firstHalf = arrivals.filter((t) => t - start < 500).length;
      assert.ok(spread >= 700, `the requests arrived over ${spread.toFixed(0)} ms`);
      assert.ok(firstHalf <= 150, `${firstHalf} of 200 arrived in the first half second`);
    } finally {
      server.close();
    }
  });
});
