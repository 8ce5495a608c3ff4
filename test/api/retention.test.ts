import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { LoginFailureModel } from "@server/accounts/login-failure.model.js";
import { JobModel } from "@server/jobs/job.model.js";
import { clock } from "@server/platform/clock.js";
import { withDatabaseName } from "@server/platform/database.js";
import { forgetPublicResults } from "@server/public/public-cache.js";
import { countResponses, submitResponse } from "@server/responses/responses.service.js";
import { RETENTION_JOB, runRetention } from "@server/retention/retention.service.js";
import type { Answers } from "@shared/survey.js";
import { ApiClient } from "../helpers/api-client.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { runScript, within } from "../helpers/process.js";
import { startTestServer, testEngineUri, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
const DAY = 24 * 3_600_000;
const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY);

describe("retention: raw responses past the agency's period are deleted, results stay", () => {
  let server: TestServer;
  let a: Built;
  let b: Built;
  let surveyA: { id: string; slug: string };
  let surveyB: { id: string; slug: string };
  let next = 0;

  const store = (slug: string, when: Date, count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        submitResponse(
          slug,
          { submissionId: randomUUID(), language: "en", answers: communityAnswers(next++) as Answers },
          when,
        ),
      ),
    );

  before(async () => {
    server = await startTestServer();
    a = await buildAgency(server.url, ["admin"]);
    b = await buildAgency(server.url, ["admin"]);
    assert.equal((await a.clients.admin.patch("/api/v1/agency", { retentionDays: 365 })).status, 200);
    surveyA = await publishFromTemplate(a.clients.admin);
    surveyB = await publishFromTemplate(b.clients.admin);
    const put = await a.clients.admin.request("PUT", `/api/v1/surveys/${surveyA.id}/publication`, {
      published: true,
      questions: ["q_safe_day", "q_safe_night", "q_safe_overall", "q_district"],
    });
    assert.equal(put.status, 200);
    // A: 12 responses 400 days old (past its 365), 15 from 10 days ago. B keeps 730 days.
    await store(surveyA.slug, daysAgo(400), 12);
    await store(surveyA.slug, daysAgo(10), 15);
    await store(surveyB.slug, daysAgo(400), 5);
  });
  after(async () => {
    clock.reset();
    await server.stop();
  });

  /** Everything results are read from: exact, weighted, trends, and the public JSON. */
  const snapshot = async () => {
    const admin = a.clients.admin;
    forgetPublicResults(a.agencyId);
    const publicRes = await fetch(`${server.url}/api/v1/public/agencies/${a.slug}/results`);
    const publicBody = (await publicRes.json()) as Record<string, unknown>;
    delete publicBody["generatedAt"];
    return {
      exact: (await admin.get(`/api/v1/surveys/${surveyA.id}/results`)).body,
      weighted: (await admin.get(`/api/v1/surveys/${surveyA.id}/results?weighted=true`)).body,
      trends: (await admin.get(`/api/v1/surveys/${surveyA.id}/trends?interval=month`)).body,
      district: (await admin.get(`/api/v1/surveys/${surveyA.id}/results?district=D1`)).body,
      public: publicBody,
    };
  };

  it("is scheduled as a recurring job of the lease-based queue, so one process runs it daily", async () => {
    const job = await JobModel.findOne({ key: `recurring:${RETENTION_JOB}` }).lean();
    assert.ok(job, "the recurring retention job exists");
    assert.equal(job.name, RETENTION_JOB);
  });

  it("when responses are older than the agency's retention, then they are deleted and every result reads the same", async () => {
    const before = await snapshot();
    assert.equal((before.exact as { n: number }).n, 27);
    const report = await runRetention();
    assert.equal(report.responsesDeleted, 12);
    assert.deepEqual(report.byAgency, { [a.slug]: 12 });
    assert.equal(report.batches, 1);
    assert.equal(await countResponses({ surveyId: surveyA.id }), 15);
    assert.equal(await countResponses({ surveyId: surveyB.id }), 5, "B keeps its 400-day-old responses");
    assert.deepEqual(await snapshot(), before);
    // A filter never asked before is read from the rollups too: the deleted answers still count.
    const fresh = await a.clients.admin.get<{ n: number }>(
      `/api/v1/surveys/${surveyA.id}/results?from=2000-01-01&to=2100-12-31`,
    );
    assert.equal(fresh.body.n, 27);
  });

  it("when it runs again, then nothing more is deleted and results still read the same", async () => {
    const before = await snapshot();
    const report = await runRetention();
    assert.equal(report.responsesDeleted, 0);
    assert.equal(report.batches, 0);
    assert.deepEqual(await snapshot(), before);
  });

  it("`npm run cli -- retention run` deletes what is due on the server's database and prints the counts", async () => {
    await store(surveyA.slug, daysAgo(500), 4);
    const before = await snapshot();
    const cli = runScript("server/cli.ts", ["retention", "run"], {
      MONGODB_URI: withDatabaseName(testEngineUri(), server.databaseName),
      LOG_LEVEL: "silent",
      SEED_DEMO: "0",
    });
    assert.equal(await within(60_000, cli.exited, "cli"), 0, cli.output());
    assert.match(
      cli.output(),
      new RegExp(`Deleted 4 raw responses past retention in 1 batches \\(${a.slug}: 4\\)`),
    );
    assert.equal(await countResponses({ surveyId: surveyA.id }), 15);
    assert.deepEqual(await snapshot(), before);
  });

  it("when login-failure records have expired, then the same run deletes them and keeps live ones", async () => {
    const anonymous = new ApiClient(server.url);
    const fail = (email: string) => anonymous.login(email, "wrong-password-123");
    const start = Date.now();
    clock.set(new Date(start));
    // One failure writes three records: the client's and its attempt's turn (kept a day), and
    // the account's hourly count.
    await fail("stale@example.org");
    // A record from before sign-in was delayed rather than locked: it has no expiry.
    await LoginFailureModel.collection.insertOne({
      _id: "legacy-lock" as never,
      failures: 5,
      firstAt: new Date(start),
      lockedUntil: null,
    });
    assert.equal(await LoginFailureModel.countDocuments(), 4);
    clock.set(new Date(start + 2 * 3_600_000));
    assert.equal((await runRetention()).loginFailuresDeleted, 2, "the hourly count and the legacy record");
    clock.set(new Date(start + DAY + 60_000));
    await fail("fresh@example.org");
    const report = await runRetention();
    assert.equal(report.loginFailuresDeleted, 2, "the day-old client record and its turn");
    assert.equal(await LoginFailureModel.countDocuments(), 3, "the fresh failure's records stay");
    assert.equal((await runRetention()).loginFailuresDeleted, 0);
    clock.reset();
  });
});
