import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { auditSurveys } from "@server/disclosure/audit.service.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { answerInvitation, inviteContact, scopeStaff } from "../helpers/units.js";

interface Estimate {
  estimate: number;
  ci95: [number, number];
  ownWeight: number;
}
interface Group {
  n: number | { suppressed: true };
  indices: Record<string, Estimate>;
}
interface UnitBody extends Group {
  unit: string;
  minimumN: number;
  agencyMean: Record<string, number>;
  officers: Array<Group & { officer: string }>;
}

const Z95 = 1.959963984540054;
const r1 = (x: number) => Math.round(x * 10) / 10;

describe("feedback by unit and officer", () => {
  let server: TestServer;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let officer: ApiClient;
  let agencyId: string;
  let slug: string;
  let survey: { id: string; slug: string };

  let designer: ApiClient;
  const answer = async (unit: string | null, badge: string | null, score: number, to = survey) => {
    const token = unit || badge ? await inviteContact(to, agencyId, { unit, officer: badge }) : null;
    await answerInvitation(server.url, to.slug, token, score);
  };
  const unitResults = (client: ApiClient, unit: string) =>
    client.get<UnitBody>(`/api/v1/units/${unit}/results?survey=${survey.id}`);

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin", "designer", "supervisor", "officer"]);
    ({ admin, supervisor, officer, designer } = built.clients);
    agencyId = built.agencyId;
    slug = built.slug;
    await scopeStaff(admin, `supervisor-${slug}@example.org`, { units: ["A"] });
    await scopeStaff(admin, `officer-${slug}@example.org`, { badge: "A1" });
    survey = await publishFromTemplate(built.clients.designer, "post-contact");
    // Procedural justice scores (0–100). Unit A: officer A1 5×100 + 5×75, A2 5×50 + 5×75.
    // Unit B: B1 5×50 + 5×25, B2 5×0 + 5×25. Unit D: D1 9×50. Twelve answers without a unit at 50.
    const plan: Array<[string | null, string | null, number, number]> = [
      ["A", "A1", 100, 5],
      ["A", "A1", 75, 5],
      ["A", "A2", 50, 5],
      ["A", "A2", 75, 5],
      ["B", "B1", 50, 5],
      ["B", "B1", 25, 5],
      ["B", "B2", 0, 5],
      ["B", "B2", 25, 5],
      ["D", "D1", 50, 9],
      [null, null, 50, 12],
    ];
    for (const [unit, badge, score, times] of plan)
      for (let i = 0; i < times; i++) await answer(unit, badge, score);
  });
  after(async () => {
    await server?.stop();
  });

  it("when a response comes from an invitation, then it carries the invitation's unit and officer", async () => {
    const stored = await mongoose.connection
      .db!.collection("responses")
      .find({ survey: new mongoose.Types.ObjectId(survey.id) }, { projection: { unit: 1, officer: 1 } })
      .toArray();
    assert.equal(stored.length, 61);
    assert.equal(stored.filter((r) => r["unit"] === "A" && r["officer"] === "A1").length, 10);
    assert.equal(stored.filter((r) => r["unit"] === null && r["officer"] === null).length, 12);
  });

  it("when an admin reads unit A, then the units' estimates are shrunk toward the agency mean exactly as computed by hand", async () => {
    const res = await unitResults(admin, "A");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body;
    assert.equal(body.minimumN, 10);
    assert.equal(body.n, 20);
    // By hand. Shown units A (n 20, mean 75) and B (n 20, mean 25); D (9) is hidden and left out.
    // Within-unit sums of squares: A 5·25² + 5·25² = 6250, B the same; σ² = 12500 / (40 − 2).
    const sigma2 = 12500 / 38;
    // Between units: s² of {75, 25} = 1250; τ² = 1250 − σ²/20.
    const tau2 = 1250 - sigma2 / 20;
    const shrink = sigma2 / 20 / (sigma2 / 20 + tau2);
    // Agency: 61 scores with mean 50 (3050 / 61); Σ(x − 50)² = 18750 + 18750 = 37500.
    assert.equal(body.agencyMean["procedural_justice"], 50);
    const varMu = 37500 / 60 / 61;
    const estimate = shrink * 50 + (1 - shrink) * 75;
    const half = Z95 * Math.sqrt((1 - shrink) * (sigma2 / 20) + shrink ** 2 * varMu);
    const pj = body.indices["procedural_justice"]!;
    assert.equal(pj.estimate, r1(estimate));
    assert.deepEqual(pj.ci95, [r1(estimate - half), r1(estimate + half)]);
    assert.equal(pj.estimate, 74.7, "75 pulled a little toward 50");
    assert.deepEqual(pj.ci95, [66.8, 82.6]);
  });

  it("when an admin reads unit A, then its officers are listed by badge with shrunk estimates from the officer-level fit", async () => {
    const body = (await unitResults(admin, "A")).body;
    assert.deepEqual(
      body.officers.map((o) => [o.officer, o.n]),
      [
        ["A1", 10],
        ["A2", 10],
      ],
    );
    // Officers A1 87.5, A2 62.5, B1 37.5, B2 12.5 (n 10 each, within SS 10·12.5² each).
    const sigma2 = (4 * 10 * 12.5 ** 2) / (40 - 4);
    const spread = (37.5 ** 2 + 12.5 ** 2 + 12.5 ** 2 + 37.5 ** 2) / 3;
    const tau2 = spread - sigma2 / 10;
    const shrink = sigma2 / 10 / (sigma2 / 10 + tau2);
    const varMu = 37500 / 60 / 61;
    const a1 = shrink * 50 + (1 - shrink) * 87.5;
    const half = Z95 * Math.sqrt((1 - shrink) * (sigma2 / 10) + shrink ** 2 * varMu);
    const got = body.officers[0]!.indices["procedural_justice"]!;
    assert.equal(got.estimate, r1(a1));
    assert.deepEqual(got.ci95, [r1(a1 - half), r1(a1 + half)]);
    assert.ok(!("rank" in body.officers[0]!), "no rank");
  });

  it("when a unit and its officer have 9 responses, then neither is shown; at the 10th, both are", async () => {
    const before = (await unitResults(admin, "D")).body;
    assert.deepEqual(before.n, { suppressed: true });
    assert.deepEqual(before.indices, {});
    assert.deepEqual(before.officers, []);
    await answer("D", "D1", 50);
    const after = (await unitResults(admin, "D")).body;
    assert.equal(after.n, 10);
    assert.equal(after.indices["procedural_justice"]!.estimate > 0, true);
    assert.deepEqual(
      after.officers.map((o) => [o.officer, o.n]),
      [["D1", 10]],
    );
  });

  it("when the agency sets unitMinimumN to 4, then it is refused and the setting is unchanged; 12 is taken", async () => {
    const refused = await admin.patch<{ error: { details: Array<{ path: string }> } }>("/api/v1/agency", {
      unitMinimumN: 4,
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details[0]!.path, "unitMinimumN");
    assert.equal((await unitResults(admin, "A")).body.minimumN, 10);
    const raised = await admin.patch<{ agency: { unitMinimumN: number } }>("/api/v1/agency", {
      unitMinimumN: 12,
    });
    assert.equal(raised.status, 200);
    assert.equal(raised.body.agency.unitMinimumN, 12);
    const body = (await unitResults(admin, "A")).body;
    assert.equal(body.n, 20);
    assert.ok(body.officers.every((o) => typeof o.n !== "number" && Object.keys(o.indices).length === 0));
    await admin.patch("/api/v1/agency", { unitMinimumN: 10 });
  });

  it("when a supervisor of unit A asks, then they see unit A only: B is 403 and survey results are closed to them", async () => {
    const list = await supervisor.get<{ units: string[]; surveys: Array<{ id: string }> }>("/api/v1/units");
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.units, ["A"]);
    assert.deepEqual(
      list.body.surveys.map((s) => s.id),
      [survey.id],
    );
    assert.equal((await unitResults(supervisor, "A")).status, 200);
    const other = await unitResults(supervisor, "B");
    assert.equal(other.status, 403);
    assert.equal((await supervisor.get(`/api/v1/surveys/${survey.id}/results`)).status, 403);
    assert.equal((await supervisor.get("/api/v1/surveys")).status, 403);
  });

  it("when an officer linked to badge A1 asks, then they see their own feedback and no unit view", async () => {
    const mine = await officer.get<{
      badge: string;
      feedback: { n: number; indices: Record<string, Estimate> };
    }>(`/api/v1/officers/me/feedback?survey=${survey.id}`);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.equal(mine.body.badge, "A1");
    assert.equal(mine.body.feedback.n, 10);
    assert.ok(mine.body.feedback.indices["procedural_justice"]!.estimate < 87.5);
    assert.equal((await unitResults(officer, "A")).status, 403);
    assert.equal((await officer.get("/api/v1/units")).status, 403);
  });

  it("when another agency's admin asks for this survey's units, then it is not found, and bad input is named", async () => {
    const other = await buildAgency(server.url, ["admin"]);
    assert.equal((await unitResults(other.clients.admin, "A")).status, 404);
    const bad = await admin.get<{ error: { details: Array<{ path: string }> } }>(
      "/api/v1/units/A%20B/results?survey=nope",
    );
    assert.equal(bad.status, 400);
    assert.deepEqual([...new Set(bad.body.error.details.map((d) => d.path))].sort(), [
      "params.unit",
      "query.survey",
    ]);
  });

  it("when the disclosure audit runs, then it covers the unit views and finds nothing exposed", async () => {
    const [report] = await auditSurveys(survey.id);
    assert.equal(report!.unitViews, 3);
    assert.deepEqual(report!.exposed, []);
    assert.deepEqual(report!.violations, []);
  });

  it("when a survey has fewer answers than the unit minimum, then a supervisor is not even given its mean", async () => {
    const small = await publishFromTemplate(designer, "post-contact");
    for (let i = 0; i < 9; i++) await answer("A", "A1", 100, small);
    const read = () => supervisor.get<UnitBody>(`/api/v1/units/A/results?survey=${small.id}`);
    const few = await read();
    assert.equal(few.status, 200, JSON.stringify(few.body));
    assert.deepEqual(few.body.agencyMean, {}, "the mean of 9 answers was given out");
    assert.deepEqual(few.body.n, { suppressed: true });
    await answer("A", "A1", 100, small);
    assert.equal((await read()).body.agencyMean["procedural_justice"], 100);
  });
});
