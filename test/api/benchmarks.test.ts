import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes, randomUUID, sign, verify, type KeyObject } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { PeerIndex } from "@shared/benchmarks.js";
import { previousMonthOf } from "@server/briefs/brief.service.js";
import type { ApiClient } from "../helpers/api-client.js";
import { lastDayOf } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { auditSurvey } from "@server/disclosure/audit.service.js";
import { submitResponse } from "@server/responses/responses.service.js";
import { findSurveyById } from "@server/surveys/surveys.service.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { buildPeerAgencies, PEER_MONTH, peerAnswers, storePeerAnswers } from "../helpers/peer-agencies.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

interface Benchmarks {
  available: boolean;
  code?: string;
  reason?: string;
  peers?: number;
  period: string;
  indices?: Record<string, PeerIndex>;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path: string; message: string }> };
}
type File = Record<string, unknown> & { entries: Array<Record<string, unknown>> };

const MONTH = PEER_MONTH;
const MIN_N = 12;

/** Canonical JSON written independently of the server's: keys sorted at every level. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

/** A benchmark file of another installation's agency, signed the way docs/BENCHMARKS.md says. */
function foreignFile(key: { publicKey: KeyObject; privateKey: KeyObject }, fields: Partial<File>): File {
  const unsigned = {
    format: "community-pulse/benchmarks",
    formatVersion: 1,
    agency: { id: "elsewhere-pd-0001", name: "Elsewhere Police Department" },
    period: MONTH,
    createdAt: new Date().toISOString(),
    entries: [],
    publicKey: key.publicKey.export({ format: "jwk" }).x!,
    ...fields,
  };
  const signature = sign(null, Buffer.from(canonical(unsigned)), key.privateKey).toString("base64url");
  return { ...unsigned, signature } as File;
}

describe("peer benchmarks (GET /api/v1/surveys/:id/benchmarks, export and import)", () => {
  let server: TestServer;
  const admins: ApiClient[] = [];
  let analyst: ApiClient;
  let designer: ApiClient;
  let outsider: ApiClient;
  const surveys: Array<{ id: string; slug: string }> = [];
  let templateVersion = "";
  const foreignKey = generateKeyPairSync("ed25519");

  const store = (agency: number, count: number) => storePeerAnswers(surveys[agency]!.slug, agency, count);
  const share = async (agency: number, on: boolean) => {
    const reply = await admins[agency]!.patch("/api/v1/agency", { benchmarks: { share: on } });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  };
  const benchmarks = async (client = analyst, survey = 0) => {
    const reply = await client.get<Benchmarks>(`/api/v1/surveys/${surveys[survey]!.id}/benchmarks`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body;
  };
  const importAs = (file: unknown, client = admins[0]!) =>
    client.post<ErrorBody & { imported: unknown }>("/api/v1/benchmarks/import", file);

  before(async () => {
    server = await startTestServer({ BENCHMARK_MIN_N: String(MIN_N) });
    // Agency 6 answers one short of the minimum n: released (11 ≥ k) but not a peer yet.
    const built = await buildPeerAgencies(server.url, (agency) => (agency === 6 ? MIN_N - 1 : MIN_N));
    admins.push(...built.admins);
    surveys.push(...built.surveys);
    ({ analyst, designer } = built.own.clients);
    outsider = (await buildAgency(server.url, ["analyst"])).clients.analyst;
  });
  after(async () => {
    await server?.stop();
  });

  it("when an agency that does not share asks, then nothing is available and the reason says why", async () => {
    const body = await benchmarks();
    assert.equal(body.available, false);
    assert.equal(body.code, "not_sharing");
    assert.match(body.reason!, /does not share/);
  });

  it("when an admin turns sharing on, then the agency says so and the audit log records the choice", async () => {
    await share(0, true);
    const agency = await admins[0]!.get<{ agency: { benchmarks: { share: boolean } } }>("/api/v1/agency");
    assert.deepEqual(agency.body.agency.benchmarks, { share: true });
    const log = await admins[0]!.get<{ entries: Array<{ action: string; details: unknown }> }>(
      "/api/v1/audit",
    );
    const entry = log.body.entries.find((e) => e.action === "agency.benchmark_sharing_changed");
    assert.deepEqual(entry?.details, { share: true });
  });

  it("when sharing is set to something other than true or false, then 400 names the field and nothing changes", async () => {
    const reply = await admins[0]!.patch<ErrorBody>("/api/v1/agency", { benchmarks: { share: "yes" } });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.details[0]!.path, "benchmarks.share");
    const agency = await admins[0]!.get<{ agency: { benchmarks: { share: boolean } } }>("/api/v1/agency");
    assert.equal(agency.body.agency.benchmarks.share, true);
  });

  it("when one of six peers has fewer answers than the minimum n, then it is left out and five peers give the hand-computed median, quartiles and percentile", async () => {
    const body = await benchmarks();
    assert.equal(body.available, true, JSON.stringify(body));
    assert.equal(body.period, MONTH);
    assert.equal(body.peers, 5);
    // Peers 25, 37.5, 50, 56.3, 68.8 (released to one decimal): positions (N − 1)p = 1, 2, 3;
    // own 62.5 is above 4 of 5.
    assert.deepEqual(body.indices!["trust"], {
      median: 50,
      p25: 37.5,
      p75: 56.3,
      percentile: 80,
      peers: 5,
      own: 62.5,
    });
  });

  it("when that peer reaches the minimum n, then six peers give the hand-computed figures and no peer's own figure appears", async () => {
    await store(6, 1);
    const body = await benchmarks();
    assert.equal(body.peers, 6);
    // The public release shows scores to one decimal (56.25 → 56.3, 68.75 → 68.8), so the peers
    // are 25, 37.5, 50, 56.3, 68.8, 87.5: p25 at (N − 1) × 0.25 = 1.25 → 37.5 + 0.25 × 12.5 =
    // 40.625; median at 2.5 → 50 + 0.5 × 6.3 = 53.15; p75 at 3.75 → 56.3 + 0.75 × 12.5 = 65.675;
    // own 62.5 is above 4 of 6 → 66.7.
    assert.deepEqual(body.indices!["trust"], {
      median: 53.2,
      p25: 40.6,
      p75: 65.7,
      percentile: 67,
      peers: 6,
      own: 62.5,
    });
    const text = JSON.stringify(body.indices!["trust"]);
    for (const peerScore of ["25", "37.5", "50", "56.3", "68.8", "87.5"])
      assert.ok(!text.includes(`:${peerScore},`) && !text.includes(`:${peerScore}}`), `no ${peerScore}`);
  });

  it("when a peer opts out, then the very next answer leaves it out", async () => {
    await share(6, false);
    const body = await benchmarks();
    assert.equal(body.peers, 5);
    assert.equal(body.indices!["trust"]!.median, 50);
    assert.equal(body.indices!["trust"]!.percentile, 80);
  });

  it("when fewer than five other agencies share, then nothing is available and the reason names the floors", async () => {
    await share(5, false);
    const body = await benchmarks();
    assert.equal(body.available, false);
    assert.equal(body.code, "too_few_peers");
    assert.match(body.reason!, /Fewer than 5 other agencies with at least 12 answers/);
    assert.equal(body.indices, undefined);
  });

  it("when an admin exports, then the file carries the released figures and a valid Ed25519 signature over its canonical form", async () => {
    const reply = await admins[5]!.get<File>("/api/v1/benchmarks/export");
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { signature, ...unsigned } = reply.body;
    const key = {
      key: { kty: "OKP", crv: "Ed25519", x: unsigned["publicKey"] as string },
      format: "jwk",
    } as const;
    assert.ok(
      verify(null, Buffer.from(canonical(unsigned)), key, Buffer.from(signature as string, "base64url")),
    );
    assert.equal(unsigned["period"], MONTH);
    const entry = reply.body.entries.find((e) => e["template"] === "community-trust")!;
    templateVersion = entry["templateVersion"] as string;
    assert.match(templateVersion, /^community-trust@[0-9a-f]{12}$/);
    const trust = (entry["indices"] as Record<string, { score: number; n: number; ci95: unknown }>)["trust"]!;
    assert.equal(trust.score, 68.8);
    assert.equal(trust.n, MIN_N);
    // The same key signs every export of the agency.
    const again = await admins[5]!.get<File>("/api/v1/benchmarks/export");
    assert.equal(again.body["publicKey"], unsigned["publicKey"]);
  });

  it("when figures are exported, then each is the one a designer's view of that month shows, that view passes the disclosure audit, and an index it hides is left out", async () => {
    // An agency outside the peer group whose trust answers spread over every value: 2–3 per
    // option, all below k = 10, so the release hides trust while safety (all alike) shows.
    const spread = await buildAgency(server.url, ["admin", "designer"]);
    const survey = await publishFromTemplate(spread.clients.admin);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        submitResponse(
          survey.slug,
          {
            submissionId: randomUUID(),
            language: "en",
            answers: {
              ...(peerAnswers(3) as Record<string, unknown>),
              q_trust_overall: (i % 5) + 1,
            } as Answers,
          },
          new Date(`${MONTH}-15T18:00:00Z`),
        ),
      ),
    );
    const file = (await spread.clients.admin.get<File>("/api/v1/benchmarks/export")).body;
    const shared = file.entries[0]!["indices"] as Record<string, { score: number; n: number; ci95: unknown }>;
    assert.equal(shared["trust"], undefined, "trust is hidden, so it is not shared");
    const range = `from=${MONTH}-01&to=${lastDayOf(MONTH)}`;
    const view = await spread.clients.designer.get<{ indices: Record<string, unknown> }>(
      `/api/v1/surveys/${survey.id}/results?${range}`,
    );
    const trust = view.body.indices["trust"] as Record<string, { suppressed?: boolean }>;
    assert.ok(
      ["score", "n", "ci95"].every((figure) => trust[figure]?.suppressed === true),
      JSON.stringify(trust),
    );
    assert.ok(Object.keys(shared).length > 0);
    for (const [key, figure] of Object.entries(shared)) assert.deepEqual(figure, view.body.indices[key], key);
    const audit = await auditSurvey(
      (await findSurveyById(survey.id))!,
      await findAgencyById(spread.agencyId),
    );
    assert.deepEqual([audit.exposed, audit.violations], [[], []]);
  });

  it("when an exported file is changed after signing, then its import is refused with 400 naming the signature check", async () => {
    const file = (await admins[5]!.get<File>("/api/v1/benchmarks/export")).body;
    const entry = file.entries[0] as { indices: { trust: { score: number } } };
    entry.indices.trust.score = 99;
    const reply = await importAs(file);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, "benchmark_signature");
    assert.equal(reply.body.error.details[0]!.path, "signature");
    assert.match(reply.body.error.message, /signature check/);
  });

  it("when an untouched file of an agency on this installation is imported, then 400 names the agency check", async () => {
    const file = (await admins[5]!.get<File>("/api/v1/benchmarks/export")).body;
    const reply = await importAs(file);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, "benchmark_agency");
  });

  it("when a valid file of another installation's agency is imported, then 201 and it counts as a peer for the importing agency only", async () => {
    const file = foreignFile(foreignKey, {
      entries: [
        {
          template: "community-trust",
          templateVersion,
          indices: { trust: { score: 20, n: 40, ci95: [15.2, 24.8] } },
        },
      ],
    });
    const reply = await importAs(file);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const body = await benchmarks();
    assert.equal(body.available, true, JSON.stringify(body));
    assert.equal(body.peers, 5);
    // Peers 20, 25, 37.5, 50, 56.3: quartiles at positions 1, 2, 3; own 62.5 is above them all.
    assert.deepEqual(body.indices!["trust"], {
      median: 37.5,
      p25: 25,
      p75: 50,
      percentile: 100,
      peers: 5,
      own: 62.5,
    });
    // Safety and the other indices had four peers and no figure in the file: still withheld.
    assert.equal(body.indices!["safety"], undefined);
    // Agency 1 shares too, but it imported nothing: four local peers are too few for it.
    assert.equal((await benchmarks(admins[1], 1)).code, "too_few_peers");
    const again = await importAs(file);
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, "benchmark_duplicate");
  });

  it("when the monthly brief is printed, then each index row carries the peers' median, quartiles and the agency's percentile", async () => {
    const reply = await analyst.get<string>(`/api/v1/surveys/${surveys[0]!.id}/brief?month=${MONTH}`);
    assert.equal(reply.status, 200);
    const trust = /<tr id="index-trust">(.*?)<\/tr>/.exec(reply.body)?.[1] ?? "";
    assert.ok(trust.includes("<td>37.5 (25.0–50.0); you: 100th pct.</td>"), trust);
    assert.ok(/<tr id="index-safety">.*?<td>—<\/td><\/tr>/.test(reply.body), "safety has too few peers");
    assert.match(reply.body, /Peers: 5 other agencies asking the same template questions/);
  });

  it("when a file breaks one of the other checks, then 400 names that check and nothing is stored", async () => {
    const entries = [
      { template: "community-trust", templateVersion, indices: { trust: { score: 90, n: 40, ci95: null } } },
    ];
    const previous = previousMonthOf(MONTH);
    const changedKey = foreignFile(generateKeyPairSync("ed25519"), { period: previous, entries });
    const wrongVersion = foreignFile(foreignKey, {
      period: previous,
      entries: [{ ...entries[0]!, templateVersion: "community-trust@000000000000" }],
    });
    const future = foreignFile(foreignKey, { period: "2999-01", entries });
    const { signature: _dropped, ...unsigned } = foreignFile(foreignKey, { period: previous, entries });
    const cases: Array<[unknown, string]> = [
      [changedKey, "benchmark_key"],
      [wrongVersion, "benchmark_template_version"],
      [future, "benchmark_period"],
      [unsigned, "benchmark_schema"],
      [
        { ...changedKey, entries: [{ template: "youth-police", templateVersion, indices: {} }] },
        "benchmark_schema",
      ],
    ];
    for (const [file, code] of cases) {
      const reply = await importAs(file);
      assert.equal(reply.status, 400, code);
      assert.equal(reply.body.error.code, code, JSON.stringify(reply.body));
    }
    // None of them was stored: the previous month still has no peers.
    const body = await analyst.get<Benchmarks>(
      `/api/v1/surveys/${surveys[0]!.id}/benchmarks?period=${previous}`,
    );
    assert.equal(body.body.code, "too_few_peers");
  });

  it("when a designer exports, an analyst imports, another agency asks for a survey or a period has no figures, then 403, 403, 404 and 409", async () => {
    assert.equal((await designer.get("/api/v1/benchmarks/export")).status, 403);
    assert.equal((await importAs({}, analyst)).status, 403);
    assert.equal((await outsider.get(`/api/v1/surveys/${surveys[0]!.id}/benchmarks`)).status, 404);
    const empty = await admins[0]!.get<ErrorBody>("/api/v1/benchmarks/export?period=2999-Q1");
    assert.equal(empty.status, 409);
    assert.equal(empty.body.error.code, "no_benchmark_figures");
    const badPeriod = await analyst.get<ErrorBody>(
      `/api/v1/surveys/${surveys[0]!.id}/benchmarks?period=2026-13`,
    );
    assert.equal(badPeriod.status, 400);
    assert.equal(badPeriod.body.error.details[0]!.path, "query.period");
  });

  it("when a random agency id is used, then its file is still checked like any other (a fresh key is trusted on first use)", async () => {
    const key = generateKeyPairSync("ed25519");
    const file = foreignFile(key, {
      agency: { id: randomBytes(12).toString("hex"), name: "Another PD" },
      entries: [
        {
          template: "community-trust",
          templateVersion,
          indices: { trust: { score: 70, n: 30, ci95: [60, 80] } },
        },
      ],
    });
    assert.equal((await importAs(file)).status, 201);
  });
});
