import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { MongoNetworkError, MongoNetworkTimeoutError, MongoServerError } from "mongodb";
import { connectDatabase } from "@server/platform/database.js";
import { toAppError } from "@server/platform/error-handler.js";
import { setDraining } from "@server/platform/readiness.js";
import { ResponseModel, responseId } from "@server/responses/response.model.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

async function probe(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe("liveness and readiness", () => {
  let server: TestServer;
  let survey: { id: string; slug: string };

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin"]);
    survey = await publishFromTemplate(built.clients.admin);
  });
  after(async () => {
    setDraining(false);
    await server.stop();
  });

  it("while the database answers, /healthz and /readyz both answer 200 ok", async () => {
    assert.deepEqual(await probe(`${server.url}/healthz`), { status: 200, body: { status: "ok" } });
    assert.deepEqual(await probe(`${server.url}/readyz`), { status: 200, body: { status: "ok" } });
  });

  it("while draining, /readyz answers 503 draining and /healthz stays 200", async () => {
    setDraining(true);
    try {
      assert.deepEqual(await probe(`${server.url}/readyz`), {
        status: 503,
        body: { status: "unavailable", reason: "draining" },
      });
      assert.equal((await probe(`${server.url}/healthz`)).status, 200);
    } finally {
      setDraining(false);
    }
    assert.equal((await probe(`${server.url}/readyz`)).status, 200);
  });

  it("a dropped or timed-out connection or a shutting-down server maps to 503 with Retry-After, never 500", () => {
    const errors = [
      new MongoNetworkTimeoutError("connection timed out"),
      new MongoNetworkError("connection reset"),
      new MongoServerError({ code: 91, errmsg: "shutdown in progress" }),
    ];
    for (const error of errors) {
      const mapped = toAppError(error);
      assert.equal(mapped.status, 503, error.name);
      assert.equal(mapped.headers?.["Retry-After"], "5");
    }
    assert.equal(toAppError(new Error("a bug")).status, 500);
  });

  it("when the database connection is gone, then submissions answer 503 + Retry-After within 5 s, /readyz says so, /healthz stays 200, and the retry with the same submissionId is stored once", async () => {
    const submissionId = randomUUID();
    const send = () =>
      fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ submissionId, language: "en", answers: communityAnswers(1) }),
      });
    // Let the 2 s survey cache lapse, so the submission needs the database from its first read.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await mongoose.disconnect();
    try {
      const started = Date.now();
      const refused = await send();
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get("retry-after"), "5");
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "unavailable");
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
      // The readiness ping result is shared for 1 s: wait that out.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.deepEqual(await probe(`${server.url}/readyz`), {
        status: 503,
        body: { status: "unavailable", reason: "database_unreachable" },
      });
      assert.equal((await probe(`${server.url}/healthz`)).status, 200);
    } finally {
      await connectDatabase(server.config.mongodbUri!);
    }
    const retried = await send();
    assert.equal(retried.status, 201);
    assert.equal((await send()).status, 200, "a second retry is a duplicate");
    assert.equal(await ResponseModel.countDocuments({ _id: responseId(survey.id, submissionId) }), 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await probe(`${server.url}/readyz`)).status, 200);
  });
});
