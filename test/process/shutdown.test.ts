import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { MongoClient, ObjectId } from "mongodb";
import { io as connect } from "socket.io-client";
import { withDatabaseName } from "@server/platform/database.js";
import { signIn } from "../../scripts/bench/live-audience.js";
import { communityAnswers } from "../helpers/answers.js";
import { runScript, within } from "../helpers/process.js";
import { dropTestDatabase, testEngineUri } from "../helpers/server.js";

const PASSWORD = "shutdown-admin-password";
const WORKERS = 8;

type Outcome = { status: number } | { error: string };

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

/**
 * Graceful shutdown under load (issue 7): the server as an operator runs it, its own process
 * on the test engine, with a steady stream of submissions while SIGTERM arrives.
 */
describe("graceful shutdown under load", () => {
  const databaseName = `cp_test_shutdown_${randomBytes(4).toString("hex")}`;
  const client = new MongoClient(withDatabaseName(testEngineUri(), databaseName));

  before(() => client.connect());
  after(async () => {
    await client.close();
    await dropTestDatabase(withDatabaseName(testEngineUri(), databaseName)).catch(() => undefined);
  });

  it("when SIGTERM arrives mid-stream, then every request gets a 2xx or a connection refusal/reset before being accepted, never a 5xx; every 2xx is stored exactly once; live sockets are dropped; exit 0 within 10 s", async () => {
    const server = runScript("server/main.ts", [], {
      MONGODB_URI: withDatabaseName(testEngineUri(), databaseName),
      PORT: "0",
      LOG_LEVEL: "warn",
      SEED_DEMO: "1",
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      SUBMIT_RATE_LIMIT_PER_MINUTE: "0",
    });
    const url = await within(60_000, server.ready, "start");
    const { cookie, survey } = await signIn(url, "admin@example.org", PASSWORD);

    const socket = connect(`${url}/live`, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const ack = (await socket.timeout(10_000).emitWithAck("subscribe", { surveyId: survey.id })) as {
      ok: boolean;
    };
    assert.ok(ack.ok);
    const socketDropped = new Promise<number>((resolve) =>
      socket.once("disconnect", () => resolve(Date.now())),
    );

    const outcomes = new Map<string, Outcome>();
    let signalled = false;
    let refusedAfterSignal = false;
    const worker = async (w: number): Promise<void> => {
      for (let n = 0; !refusedAfterSignal; n++) {
        const submissionId = randomUUID();
        try {
          const response = await fetch(`${url}/api/v1/public/surveys/${survey.slug}/responses`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ submissionId, language: "en", answers: communityAnswers(w * 10_000 + n) }),
          });
          await response.arrayBuffer();
          outcomes.set(submissionId, { status: response.status });
        } catch (error) {
          const code = errorCode(error);
          outcomes.set(submissionId, { error: code });
          if (signalled && code === "ECONNREFUSED") refusedAfterSignal = true;
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sentBefore = outcomes.size;
    signalled = true;
    const signalAt = Date.now();
    server.child.kill("SIGTERM");
    const code = await within(10_000, server.exited, "SIGTERM shutdown");
    const exitMs = Date.now() - signalAt;
    refusedAfterSignal = true;
    await load;
    const droppedAt = await within(1000, socketDropped, "socket disconnect");
    socket.close();

    const all = [...outcomes];
    const ok = all.filter(([, o]) => "status" in o && o.status >= 200 && o.status < 300).map(([id]) => id);
    const errored = all.filter(([, o]) => "error" in o);
    const other = all.filter(([, o]) => "status" in o && (o.status < 200 || o.status >= 300));
    const stored = new Map<string, number>();
    const rows = client
      .db(databaseName)
      .collection<{ submissionId: string }>("responses")
      .find({ survey: new ObjectId(survey.id) }, { projection: { submissionId: 1 } });
    for await (const row of rows) stored.set(row.submissionId, (stored.get(row.submissionId) ?? 0) + 1);
    process.stderr.write(
      `shutdown: exit ${code} in ${exitMs} ms; requests ${all.length} (${all.length - sentBefore} after 1.5 s); ` +
        `2xx ${ok.length}; connection errors ${errored.length} (${[...new Set(errored.map(([, o]) => (o as { error: string }).error))].join(", ")}); ` +
        `other statuses ${other.length}; stored ${stored.size}; socket dropped ${droppedAt - signalAt} ms after SIGTERM\n`,
    );

    assert.equal(code, 0, server.output());
    assert.ok(exitMs < 10_000);
    assert.deepEqual(
      other.map(([, o]) => o),
      [],
      "every answered request is a 2xx (no 5xx, no 503)",
    );
    assert.ok(ok.length > 0);
    for (const id of ok) assert.equal(stored.get(id), 1, `acknowledged ${id} is not stored exactly once`);
    for (const [id, o] of errored) {
      assert.match(
        (o as { error: string }).error,
        /ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|other side closed|socket/i,
      );
      assert.equal(
        stored.has(id),
        false,
        `${id} failed at the client but was stored: it was accepted, then cut`,
      );
    }
    assert.equal(stored.size, ok.length, "something unacknowledged was stored");
    assert.ok(droppedAt - signalAt < 2000, "live sockets were not dropped promptly");
  });
});
