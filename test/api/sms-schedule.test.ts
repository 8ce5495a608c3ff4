import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { maintainInvitations } from "@server/invitations/maintenance.js";
import { clock } from "@server/platform/clock.js";
import { smsLength } from "@shared/sms-text.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, OPEN_INVITATION_RULES, publishFromTemplate } from "../helpers/factories.js";
import { atLocal } from "../helpers/local-time.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  postSigned,
  smsServerEnv,
  startSmsStandIn,
  waitUntil,
  type SmsStandIn,
} from "../helpers/sms-provider.js";

const DAY = 86_400_000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("text invitations on the agency's schedule: delay, quiet hours and reminders", () => {
  let server: TestServer;
  let provider: SmsStandIn;
  let designer: ApiClient;
  let survey: { id: string; slug: string };
  // 21:00 local, at least a day from now: inside quiet hours 20:00–08:00.
  const evening = atLocal(new Date(Date.now() + DAY), "21:00");
  const morning = atLocal(evening, "08:00");

  before(async () => {
    provider = await startSmsStandIn();
    server = await startTestServer(smsServerEnv(provider));
    const built = await buildAgency(server.url, ["admin", "designer"]);
    designer = built.clients.designer;
    const rules = {
      quietHours: { start: "20:00", end: "08:00" },
      delayMinutes: 120,
      excludedContactTypes: [],
      minDaysBetween: 0,
      reminderDays: 3,
      maxReminders: 1,
    };
    assert.equal((await built.clients.admin.patch("/api/v1/agency", { invitationRules: rules })).status, 200);
    survey = await publishFromTemplate(designer, "post-contact");
  });
  after(async () => {
    clock.reset();
    await server?.stop();
    await provider?.stop();
  });

  it("when a contact comes in at night, then the text waits for the delay and the end of quiet hours", async () => {
    clock.set(evening);
    const response = await designer.post<{ created: number }>(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: [
        {
          phone: "+15122200001",
          contactType: "call_for_service",
          language: "es",
          contactedAt: new Date(evening.getTime() - 30 * 60_000).toISOString(),
        },
      ],
    });
    assert.equal(response.body.created, 1);
    await pause(300);
    clock.set(new Date(morning.getTime() - 60_000));
    await pause(400);
    assert.equal(provider.requests.length, 0, "a text left during quiet hours");
    clock.set(morning);
    const [text] = await provider.waitFor(1);
    assert.match(text!.body, /¿Cómo lo atendimos\?/);
    assert.ok(smsLength(text!.body).segments <= 2);
  });

  it("when a contact's delay ends in the daytime, then the text goes exactly then and not before", async () => {
    const contactedAt = atLocal(morning, "10:00");
    clock.set(contactedAt);
    await designer.post(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: [{ phone: "+15122200002", contactType: "report", contactedAt: contactedAt.toISOString() }],
    });
    clock.set(new Date(contactedAt.getTime() + 119 * 60_000));
    await pause(400);
    assert.equal(provider.requests.length, 1, "a text left before the delay ended");
    clock.set(new Date(contactedAt.getTime() + 120 * 60_000));
    await provider.waitFor(2);
    assert.equal(provider.requests[1]!.to, "+15122200002");
  });

  it("when a reminder falls due, then one reminder text goes in the contact's language, and no more than the agency allows", async () => {
    clock.set(new Date(morning.getTime() + 3 * DAY + 60 * 60_000));
    await waitUntil(() =>
      provider.requests.some((r) => r.to === "+15122200001" && r.body.includes("Recuerde")),
    );
    const reminder = provider.requests.find((r) => r.body.includes("Recuerde"))!;
    assert.ok(smsLength(reminder.body).segments <= 2);
    const firstLink = /\/i\/([A-Za-z0-9_-]+)/.exec(provider.requests[0]!.body)![1];
    assert.notEqual(
      /\/i\/([A-Za-z0-9_-]+)/.exec(reminder.body)![1],
      firstLink,
      "each text has a code of its own",
    );
    clock.set(new Date(morning.getTime() + 9 * DAY));
    await pause(600);
    assert.equal(
      provider.requests.filter((r) => r.to === "+15122200001").length,
      2,
      "more reminders than allowed",
    );
  });

  it("when the invitations have expired, then the sweep purges the numbers and forgets the short links", async () => {
    const code = /\/i\/([A-Za-z0-9_-]+)/.exec(provider.requests[0]!.body)![1]!;
    // The last reminder's link is from day 9 (the clock jumped there); links are kept 14 + 2 days.
    clock.set(new Date(morning.getTime() + 26 * DAY));
    const db = mongoose.connection.db!;
    const left = async (name: string) => db.collection(name).countDocuments();
    // The sweep itself, not its turn in the job queue: after a 26-day jump every recurring job is
    // due at once, and which runs first is the queue's business, not this test's.
    await maintainInvitations();
    assert.equal(
      (await left("short_links")) + (await left("sms_messages")),
      0,
      "short links outlived their use",
    );
    const numbers = await db
      .collection("invitations")
      .find({ phoneEncrypted: { $ne: null } })
      .toArray();
    assert.deepEqual(numbers, [], "a number outlived its invitation");
    assert.equal((await fetch(`${server.url}/i/${code}`, { redirect: "manual" })).status, 404);
  });
});

describe("text invitations without a provider", () => {
  let server: TestServer;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-sms-outbox-"));
    server = await startTestServer({ JOBS_POLL_MS: "20", DATA_DIR: dataDir });
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("when no provider is configured, then texts are written to the outbox folder, the settings say so, and the webhooks are off", async () => {
    const { clients } = await buildAgency(server.url, ["admin"]);
    await clients.admin.patch("/api/v1/agency", { invitationRules: OPEN_INVITATION_RULES });
    const survey = await publishFromTemplate(clients.admin, "post-contact");
    await clients.admin.post(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts: [{ phone: "+15122300001", contactType: "report" }],
    });
    const outbox = path.join(dataDir, "sms-outbox");
    await waitUntil(async () => (await readdir(outbox).catch(() => [])).some((f) => f.endsWith(".json")));
    const [file] = (await readdir(outbox)).filter((f) => f.endsWith(".json"));
    const text = JSON.parse(await readFile(path.join(outbox, file!), "utf8")) as Record<string, string>;
    assert.equal(text["to"], "+15122300001");
    assert.match(text["body"]!, /\/i\/[A-Za-z0-9_-]{16}/);
    const settings = await clients.admin.get<{ sms: Record<string, unknown> }>("/api/v1/sms/settings");
    assert.deepEqual(settings.body.sms, { mode: "outbox", provider: null, from: null });
    const hook = await postSigned(
      `${server.url}/api/v1/sms/inbound`,
      { From: "+15122300001", Body: "STOP" },
      "x",
    );
    assert.equal(hook.status, 404);
  });
});
