import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { withDatabaseName } from "@server/platform/database.js";
import { demoInvitationSetup } from "../helpers/factories.js";
import { runScript, within, type ServerProcess } from "../helpers/process.js";
import { dropTestDatabase, testEngineUri } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "../api/invitations-smtp.js";

const PASSWORD = "restart-admin-password";
const CONTACTS = 120;
const KILL_AT = 40;

/**
 * The server as operators run it (its own process), killed with SIGKILL in the middle of a
 * batch of mails and started again on the same database.
 */
describe("invitation delivery across a crash", () => {
  let smtp: TestSmtp;
  let dataDir: string;
  let uri: string;
  let current: ServerProcess | null = null;

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-restart-"));
    uri = withDatabaseName(testEngineUri(), `cp_test_${randomBytes(5).toString("hex")}`);
  });
  after(async () => {
    if (current) process.kill(-current.child.pid!, "SIGKILL");
    await smtp?.stop();
    await dropTestDatabase(uri);
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: dataDir,
    MONGODB_URI: uri,
    PORT: "0",
    LOG_LEVEL: "warn",
    BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    SMTP_URL: smtp.url,
    JOBS_POLL_MS: "50",
    JOBS_LEASE_MS: "1500",
    JOBS_RETRY_BASE_MS: "200",
  });

  it("when the server is killed mid-batch and started again, then every mail is sent exactly once", async () => {
    const first = runScript("server/main.ts", [], env());
    current = first;
    const url = await within(60_000, first.ready, "start");
    const { admin, survey } = await demoInvitationSetup(url, PASSWORD);

    // The mail server kills the sender while it waits for the answer to mail number KILL_AT.
    smtp.beforeAccept = (_raw, index) => {
      if (index !== KILL_AT) return true;
      smtp.beforeAccept = null;
      process.kill(-first.child.pid!, "SIGKILL");
      return false;
    };
    const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
      email: `crash${i}@example.net`,
      contactType: "report",
    }));
    const upload = await admin.post<{ created: number }>(`/api/v1/surveys/${survey.id}/invitations`, {
      contacts,
    });
    assert.equal(upload.status, 202, JSON.stringify(upload.body));
    assert.equal(upload.body.created, CONTACTS);
    assert.equal(await within(30_000, first.exited, "the kill"), "SIGKILL");
    assert.equal(smtp.mails.length, KILL_AT);

    const second = runScript("server/main.ts", [], env());
    current = second;
    await within(60_000, second.ready, "restart");
    await smtp.waitFor(CONTACTS, 120_000);
    await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate to show up
    const recipients = smtp.mails.map((m) => m.to[0]!);
    const counts = new Map<string, number>();
    for (const r of recipients) counts.set(r, (counts.get(r) ?? 0) + 1);
    assert.equal(counts.size, CONTACTS, "a mail was lost");
    assert.deepEqual(
      [...counts].filter(([, n]) => n > 1),
      [],
      "a mail was sent twice",
    );
    second.child.kill("SIGTERM");
    assert.equal(await within(15_000, second.exited, "SIGTERM shutdown"), 0);
    current = null;
  });
});
