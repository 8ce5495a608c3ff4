import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { recordOptOut } from "@server/invitations/contact-marks.js";
import { decryptText, phoneKey } from "@server/invitations/crypto.js";
import { localMinutes } from "@server/invitations/rules.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { clock } from "@server/platform/clock.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;

interface Item {
  index: number;
  incidentNumber: string | null;
  status: "invited" | "scheduled" | "excluded" | "invalid" | "duplicate";
  surveyId?: string;
  channel?: "email" | "sms";
  sendAt?: string;
  reason?: string;
  problems?: Array<{ field: string; message: string }>;
}
interface BatchAnswer {
  received: number;
  invited: number;
  scheduled: number;
  excluded: number;
  invalid: number;
  duplicate: number;
  items: Item[];
}

const HOUR = 3_600_000;
const TZ = "America/Chicago";

/** The first instant at or after `from` whose local time in Chicago is `hhmm`. */
function atLocal(from: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  let t = Math.ceil(from.getTime() / 60_000) * 60_000;
  while (localMinutes(new Date(t), TZ) !== h * 60 + m) t += 60_000;
  return new Date(t);
}

/** A US number written the ways CAD exports write them; all are +1 512 55x xxxx. */
function writtenPhone(i: number): { written: string; e164: string } {
  const line = String(i).padStart(4, "0");
  const forms = [`(512) 555-${line}`, `512.555.${line}`, `1-512-555-${line}`, `+1 512 555 ${line}`];
  return { written: forms[i % forms.length]!, e164: `+1512555${line}` };
}

describe("contacts from the dispatch system (POST /api/v1/contacts)", () => {
  let server: TestServer;
  let built: Built;
  let other: Built;
  let trafficSurvey: { id: string; slug: string };
  let defaultSurvey: { id: string; slug: string };
  let key: string;
  const invitations = () => mongoose.connection.db!.collection("invitations");

  const createKey = async (admin: Built["clients"]["admin"], scopes: string[]) => {
    const reply = await admin.post<{ key: string }>("/api/v1/api-keys", {
      name: `cad ${scopes.join("+")}`,
      scopes,
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return reply.body.key;
  };
  /** A call the way the bridge makes it: no cookie, no CSRF token, just the key. */
  const post = async (apiKey: string, contacts: unknown[], path = "/api/v1/contacts") => {
    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ contacts }),
    });
    return {
      status: response.status,
      body: (await response.json()) as BatchAnswer & { error?: { code: string } },
    };
  };
  const rules = (overrides: Record<string, unknown>, admin = built.clients.admin) =>
    admin.patch("/api/v1/agency", {
      invitationRules: {
        quietHours: null,
        delayMinutes: 1440,
        excludedContactTypes: ["domestic_violence", "sexual_assault"],
        minDaysBetween: 90,
        maxReminders: 0,
        phoneCountry: "US",
        ...overrides,
      },
    });
  const settle = async (surveyId: string, settings: Record<string, unknown>) => {
    const reply = await built.clients.admin.patch(`/api/v1/surveys/${surveyId}`, {
      settings: { anonymous: true, oneResponsePerToken: false, ...settings },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  };

  before(async () => {
    server = await startTestServer();
    built = await buildAgency(server.url, ["admin", "designer", "analyst"]);
    other = await buildAgency(server.url, ["admin"]);
    trafficSurvey = await publishFromTemplate(built.clients.admin, "post-contact");
    defaultSurvey = await publishFromTemplate(built.clients.admin, "post-contact");
    await settle(trafficSurvey.id, { callTypes: ["traffic_stop"] });
    await settle(defaultSurvey.id, { callTypes: ["call_for_service"], defaultForCalls: true });
    assert.equal((await rules({})).status, 200);
    key = await createKey(built.clients.admin, ["contacts:write"]);
  });
  after(async () => {
    clock.reset();
    await server?.stop();
  });

  const occurredAt = new Date(Date.now() - HOUR);
  const thousand = Array.from({ length: 1000 }, (_, i) => {
    const phone = writtenPhone(i);
    return {
      incidentNumber: `2026-${String(i).padStart(6, "0")}`,
      callType: i % 2 === 0 ? "Traffic Stop" : ["call_for_service", "report_taken"][i % 4 === 1 ? 0 : 1],
      disposition: "report",
      occurredAt: occurredAt.toISOString(),
      district: ["D1", "D2", "D3"][i % 3],
      unit: `${(i % 5) + 1}A${i % 7}`,
      officer: `B${1000 + (i % 40)}`,
      ...(i < 600 ? { email: `caller${i}@example.net` } : { phone: phone.written }),
      ...(i % 10 === 0 ? { language: "es" } : {}),
    };
  });

  it("when 1,000 contacts arrive in one batch, then each is reported scheduled for its survey and channel, in under 10 s", async () => {
    const started = performance.now();
    const reply = await post(key, thousand);
    const seconds = (performance.now() - started) / 1000;
    console.log(`# 1,000 contacts: ${seconds.toFixed(2)} s`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body).slice(0, 500));
    assert.ok(seconds < 10, `1,000 contacts took ${seconds.toFixed(2)} s`);
    assert.deepEqual(
      { ...reply.body, items: undefined },
      {
        received: 1000,
        invited: 0,
        scheduled: 1000,
        excluded: 0,
        invalid: 0,
        duplicate: 0,
        items: undefined,
      },
    );
    const sendAt = new Date(occurredAt.getTime() + 24 * HOUR).toISOString();
    reply.body.items.forEach((item, i) => {
      assert.deepEqual(item, {
        index: i,
        incidentNumber: thousand[i]!.incidentNumber,
        status: "scheduled",
        surveyId: i % 2 === 0 ? trafficSurvey.id : defaultSurvey.id,
        channel: i < 600 ? "email" : "sms",
        sendAt,
      });
    });
  });

  it("then the invitations carry unit, officer and channel, and an sms one holds only its phone in E.164, encrypted", async () => {
    const stored = await invitations()
      .find({ agency: new mongoose.Types.ObjectId(built.agencyId) })
      .toArray();
    assert.equal(stored.length, 1000);
    const byOfficer = stored.filter((s) => s["officer"] === "B1003");
    assert.equal(byOfficer.length, 25);
    const sms = stored.filter((s) => s["channel"] === "sms");
    assert.equal(sms.length, 400);
    const { keys } = invitationSettings();
    const phones = new Set(sms.map((s) => decryptText(keys, String(s["phoneEncrypted"]))));
    assert.ok(phones.has(writtenPhone(601).e164) && phones.has(writtenPhone(999).e164));
    assert.ok(sms.every((s) => s["emailEncrypted"] === null && /^[A-Z0-9]+$/.test(String(s["unit"]))));
    const email = stored.filter((s) => s["channel"] === "email");
    assert.ok(email.every((s) => s["phoneEncrypted"] === null && s["emailEncrypted"]));
    assert.ok(!JSON.stringify(stored).includes("512555"), "no phone number is stored in the clear");
    const spanish = stored.filter((s) => s["language"] === "es").length;
    assert.equal(spanish, 100);
  });

  it("when the bridge sends the same batch again, then every item is a duplicate and nothing new is stored", async () => {
    const before = await invitations().countDocuments();
    const started = performance.now();
    const reply = await post(key, thousand);
    console.log(`# 1,000 contacts again: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.duplicate, 1000);
    assert.ok(reply.body.items.every((item, i) => item.status === "duplicate" && item.index === i));
    assert.equal(await invitations().countDocuments(), before);
  });

  it("when contacts break the agency's rules, then each is excluded with its reason and the rest go ahead", async () => {
    const optedOut = writtenPhone(9001);
    await recordOptOut(
      built.agencyId,
      phoneKey(invitationSettings().keys, built.agencyId, optedOut.e164),
      new Date(),
    );
    const base = { occurredAt: occurredAt.toISOString(), district: "D1" };
    const reply = await post(key, [
      { ...base, incidentNumber: "R-1", callType: "Domestic Violence", email: "dv@example.net" },
      { ...base, incidentNumber: "R-2", callType: "traffic_stop", phone: optedOut.written },
      // caller0 was invited to the traffic stop survey by the first batch.
      { ...base, incidentNumber: "R-3", callType: "traffic_stop", email: "CALLER0@example.net" },
      // caller1 was invited to the default survey, within the agency's 90 days.
      { ...base, incidentNumber: "R-4", callType: "traffic_stop", email: "caller1@example.net" },
      { ...base, incidentNumber: "R-5", callType: "traffic_stop", email: "new@example.net" },
      // The same person in the same batch again: one invitation per person per interval.
      { ...base, incidentNumber: "R-6", callType: "call_for_service", email: "new@example.net" },
      { ...base, incidentNumber: "r-5", callType: "traffic_stop", email: "other@example.net" },
    ]);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(
      reply.body.items.map((i) => [i.incidentNumber, i.status, i.reason ?? null]),
      [
        ["R-1", "excluded", "excluded_call_type"],
        ["R-2", "excluded", "opted_out"],
        ["R-3", "excluded", "already_invited"],
        ["R-4", "excluded", "recently_invited"],
        ["R-5", "scheduled", null],
        ["R-6", "excluded", "recently_invited"],
        ["r-5", "duplicate", null],
      ],
    );

    const none = await post(await createKey(other.clients.admin, ["contacts:write"]), [
      { ...base, district: null, incidentNumber: "R-7", callType: "traffic_stop", email: "x@example.net" },
    ]);
    assert.equal(
      none.body.items[0]!.reason,
      "no_survey",
      "an agency with no open post-contact survey invites nobody",
    );
  });

  it("when items are not valid, then each is invalid naming its fields, and the valid ones in the batch still go ahead", async () => {
    const ok = { incidentNumber: "V-0", callType: "traffic_stop", email: "valid@example.net" };
    const reply = await post(key, [
      { ...ok, incidentNumber: "V-1", email: undefined, phone: "555-01" },
      { incidentNumber: "V-2", callType: "traffic_stop" },
      { ...ok, incidentNumber: "V-3", callType: "!!" },
      { callType: "traffic_stop", email: "noincident@example.net" },
      { ...ok, incidentNumber: "V-5", district: "D9" },
      { ...ok, incidentNumber: "V-6", occurredAt: new Date(Date.now() + 48 * HOUR).toISOString() },
      { ...ok, incidentNumber: "V-7", name: "Ann Smith" },
      { ...ok, incidentNumber: "V-8", email: "not-an-email", officer: "<script>" },
      ok,
    ]);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const fields = reply.body.items.map((i) => (i.problems ?? []).map((p) => p.field).sort());
    assert.deepEqual(fields, [
      ["phone"],
      ["phone"],
      ["callType"],
      ["incidentNumber"],
      ["district"],
      ["occurredAt"],
      ["name"],
      ["email", "officer"],
      [],
    ]);
    assert.match(reply.body.items[0]!.problems![0]!.message, /phone number/);
    assert.equal(
      reply.body.items[1]!.problems![0]!.message,
      "an email or a phone is needed to invite this person",
    );
    assert.equal(reply.body.items[8]!.status, "scheduled");
    assert.equal(reply.body.invalid, 8);
    const stored = await invitations().countDocuments({ officer: "<script>" });
    assert.equal(stored, 0);
  });

  it("when the delay has passed, then the contact is invited now; inside quiet hours it is scheduled for their end", async () => {
    const evening = atLocal(new Date(Date.now() + 24 * HOUR), "21:00");
    const morning = atLocal(evening, "08:00");
    await rules({ delayMinutes: 0, quietHours: { start: "20:00", end: "08:00" }, minDaysBetween: 0 });
    try {
      clock.set(evening);
      const quiet = await post(key, [
        { incidentNumber: "Q-1", callType: "traffic_stop", email: "q1@example.net" },
      ]);
      assert.deepEqual(
        [quiet.body.items[0]!.status, quiet.body.items[0]!.sendAt],
        ["scheduled", morning.toISOString()],
      );
      clock.set(new Date(morning.getTime() + 2 * HOUR));
      const day = await post(key, [
        {
          incidentNumber: "Q-2",
          callType: "traffic_stop",
          email: "q2@example.net",
          occurredAt: new Date(morning.getTime() + HOUR).toISOString(),
        },
      ]);
      assert.equal(day.body.items[0]!.status, "invited");
      assert.equal(day.body.items[0]!.sendAt, new Date(morning.getTime() + 2 * HOUR).toISOString());
    } finally {
      clock.reset();
      await rules({});
    }
  });

  it("when a key lacks contacts:write, or a contacts key calls another endpoint, or an analyst posts, then it is 403 and nothing is stored", async () => {
    const before = await invitations().countDocuments();
    const item = { incidentNumber: "S-1", callType: "traffic_stop", email: "scope@example.net" };
    const invitationsKey = await createKey(built.clients.admin, ["invitations:write"]);
    const refused = await post(invitationsKey, [item]);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, "missing_scope");
    const elsewhere = await fetch(`${server.url}/api/v1/surveys`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(elsewhere.status, 403);
    const analyst = await built.clients.analyst.post("/api/v1/contacts", { contacts: [item] });
    assert.equal(analyst.status, 403);
    const designer = await built.clients.designer.post<BatchAnswer>("/api/v1/contacts", { contacts: [item] });
    assert.equal(designer.status, 200, "a designer's session may send contacts, as it may upload them");
    assert.equal(await invitations().countDocuments(), before + 1);
    const tooMany = await post(
      key,
      Array.from({ length: 1001 }, () => item),
    );
    assert.equal(tooMany.status, 400);
  });

  it("when another agency sends the same incident numbers, then they are its own contacts, for its own surveys only", async () => {
    const otherSurvey = await publishFromTemplate(other.clients.admin, "post-contact");
    const otherKey = await createKey(other.clients.admin, ["contacts:write"]);
    await rules({ minDaysBetween: 0 }, other.clients.admin);
    const reply = await post(otherKey, thousand.slice(0, 10));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.ok(
      reply.body.items.every((i) => i.status === "scheduled" && i.surveyId === otherSurvey.id),
      JSON.stringify(reply.body.items),
    );
    const theirs = await invitations().countDocuments({
      agency: new mongoose.Types.ObjectId(other.agencyId),
    });
    assert.equal(theirs, 10);
  });

  it("when a CSV export has phones but no email, and unit and officer badge columns, then they are invited by sms with unit and officer", async () => {
    const csv = [
      "Incident Number,Call Type,Occurred At,Phone,Unit,Officer Badge,Officer Name",
      `C-1,traffic_stop,${occurredAt.toISOString()},(512) 555-7001,4B2,B7001,Ann Smith`,
      `C-2,traffic_stop,${occurredAt.toISOString()},512 555 7002,4B2,B7002,"Smith, Bo"`,
      `C-3,traffic_stop,${occurredAt.toISOString()},12,4B2,B7003,Cy`,
    ].join("\r\n");
    const upload = () =>
      built.clients.designer.request<{ created: number; rejected: Array<{ row: number; message: string }> }>(
        "POST",
        `/api/v1/surveys/${trafficSurvey.id}/invitations`,
        csv,
        { "content-type": "text/csv" },
      );
    const first = await upload();
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.equal(first.body.created, 2);
    assert.deepEqual(
      first.body.rejected.map((r) => r.row),
      [4],
    );
    assert.match(first.body.rejected[0]!.message, /phone number/);
    const stored = await invitations()
      .find({ officer: { $in: ["B7001", "B7002"] } })
      .toArray();
    assert.deepEqual(stored.map((s) => [s["channel"], s["unit"], s["officer"]]).sort(), [
      ["sms", "4B2", "B7001"],
      ["sms", "4B2", "B7002"],
    ]);
    assert.ok(!JSON.stringify(stored).includes("Smith"), "columns we do not use are never stored");
    const again = await upload();
    assert.equal(again.body.created, 0);
    assert.match(again.body.rejected[0]!.message, /incident C-1 was already received/);
  });
});
