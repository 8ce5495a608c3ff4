import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createUser } from "@server/accounts/accounts.service.js";
import { COMMENDATION_MAIL_JOB } from "@server/commendations/commendations.service.js";
import { JobModel } from "@server/jobs/job.model.js";
import { instantAt } from "@server/digests/digests.service.js";
import { addDays } from "@server/digests/digest-data.js";
import { localDate } from "@shared/periods.js";
import { clock } from "@server/platform/clock.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { inviteContact, postContactAnswers, scopeStaff } from "../helpers/units.js";
import { signStarted } from "@server/respondent/form-guard.js";
import { freePort, testSmtp, type TestSmtp } from "./invitations-smtp.js";
import { answersToFields, getPage, pageFields, postForm } from "./respondent-support.js";

const TZ = "America/Chicago";
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until the hourly commendation run has run at (or after) `at` and is queued for an hour later. */
async function hourlyRunAfter(at: Date): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const job = await JobModel.findOne({ key: `recurring:${COMMENDATION_MAIL_JOB}` }).lean();
    if (job && job.runAt.getTime() > at.getTime() && job.status === "queued") return;
    if (Date.now() > deadline) throw new Error("the hourly commendation run did not run");
    await pause(20);
  }
}

const NOTE = "Officer A1 was kind and patient. Call me at 312-555-0147 or write to ana.lopez@example.net";

describe("commending the officer of a contact", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let admin: ApiClient;
  let officer: ApiClient;
  let agencyId: string;
  let slug: string;
  let survey: { id: string; slug: string };
  // A day two days ahead in the agency's timezone: the commendation is made that afternoon.
  const day = addDays(localDate(new Date(), TZ), 2);

  const post = (body: Record<string, unknown>) =>
    fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ language: "en", answers: postContactAnswers(75), ...body }),
    });

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    // Sessions follow the controllable clock too; this test moves it forward by days.
    server = await startTestServer({ SMTP_URL: smtp.url, JOBS_POLL_MS: "20", SESSION_TTL_HOURS: "720" });
    const built = await buildAgency(server.url, ["admin", "designer", "supervisor", "officer"]);
    ({ admin, officer } = built.clients);
    agencyId = built.agencyId;
    slug = built.slug;
    await createUser({
      agencyId: built.agency._id,
      email: `supervisor-b-${slug}@example.org`,
      password: TEST_PASSWORD,
      role: "supervisor",
    });
    await scopeStaff(admin, `supervisor-${slug}@example.org`, { units: ["A"] });
    await scopeStaff(admin, `supervisor-b-${slug}@example.org`, { units: ["B"] });
    await scopeStaff(admin, `officer-${slug}@example.org`, { badge: "A1" });
    survey = await publishFromTemplate(built.clients.designer, "post-contact");
  });
  after(async () => {
    clock.reset();
    await server?.stop();
    await smtp?.stop();
  });

  it("when the invitation's contact names an officer, then the page offers to commend them, with a labelled note, in English and Spanish", async () => {
    const withOfficer = await inviteContact(survey, agencyId, { unit: "A", officer: "A1" });
    const without = await inviteContact(survey, agencyId, { unit: "A", officer: null });
    const page = async (token: string, lang: string) =>
      (await fetch(`${server.url}/s/${survey.slug}?t=${token}&lang=${lang}`)).text();
    const offered = await page(withOfficer, "en");
    assert.match(offered, /<fieldset class="commend"><legend>Commend the officer/);
    assert.match(
      offered,
      /<input type="checkbox" id="f-commend" name="_cm" value="1"><label for="f-commend">/,
    );
    assert.match(offered, /<label class="label" for="f-commend-note">/);
    // Tokens, signatures and asset hashes are random text that can hold "A1" by chance, so the
    // badge is looked for in everything else.
    const withoutRandomText = offered
      .replace(/ (?:href|src)="[^"]*"/g, "")
      .replace(/(<input type="hidden" name="[^"]*") value="[^"]*"/g, "$1");
    assert.doesNotMatch(withoutRandomText, /A1/, "the badge is not on the page");
    assert.match(await page(withOfficer, "es"), /Felicitar al agente/);
    assert.doesNotMatch(await page(without, "en"), /name="_cm"/);
    assert.doesNotMatch((await fetch(`${server.url}/s/${survey.slug}`).then((r) => r.text())) ?? "", /_cm"/);
  });

  it("when a commendation comes without an invitation, then it is refused with 400 and nothing is stored", async () => {
    const res = await post({ submissionId: randomUUID(), commendation: { note: "thanks" } });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { details: Array<{ path: string }> } };
    assert.equal(body.error.details[0]!.path, "commendation");
  });

  it("when a resident commends officer A1 in the afternoon, then unit A's supervisor gets it by mail the next morning with the note redacted, once", async () => {
    clock.set(instantAt(day, 14, 0, TZ));
    const token = await inviteContact(survey, agencyId, { unit: "A", officer: "A1" });
    const submissionId = randomUUID();
    const first = await post({ submissionId, token, commendation: { note: NOTE } });
    assert.equal(first.status, 201);
    // A retry of the same submission is a duplicate and commends once.
    const retry = await post({ submissionId, token, commendation: { note: NOTE } });
    assert.equal(retry.status, 200);

    const sixThirty = instantAt(addDays(day, 1), 6, 30, TZ);
    clock.set(sixThirty);
    await hourlyRunAfter(sixThirty);
    await pause(300);
    assert.equal(smtp.mails.length, 0, "nothing before 07:00 the next morning");

    clock.set(instantAt(addDays(day, 1), 7, 45, TZ));
    const [mail] = await smtp.waitFor(1, 20_000);
    assert.deepEqual(mail!.to, [`supervisor-${slug}@example.org`]);
    assert.match(mail!.headers["subject"] ?? "", /commended an officer of your unit/);
    for (const part of [mail!.text, mail!.html]) {
      assert.match(part, /Unit A, officer A1/);
      assert.match(part, /\[phone\]/);
      assert.match(part, /\[email\]/);
      assert.doesNotMatch(part, /312-555-0147|ana\.lopez|example\.net/);
    }
    clock.set(instantAt(addDays(day, 1), 9, 0, TZ));
    await hourlyRunAfter(instantAt(addDays(day, 1), 9, 0, TZ));
    await pause(300);
    assert.equal(smtp.mails.length, 1, "mailed once; unit B's supervisor gets nothing");
  });

  it("when officer A1 opens their own feedback, then they see the commendation with its redacted note", async () => {
    const mine = await officer.get<{ commendations: { count: number; notes: string[] } }>(
      "/api/v1/officers/me/feedback",
    );
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.equal(mine.body.commendations.count, 1);
    assert.match(
      mine.body.commendations.notes[0]!,
      /^Officer A1 was kind and patient\. Call me at \[phone\]/,
    );
  });

  it("when the page is sent without its script with 'commend' ticked, then the commendation is recorded too, and an over-long note is refused", async () => {
    const token = await inviteContact(survey, agencyId, { unit: "A", officer: "A1" });
    const page = await getPage(`${server.url}/s/${survey.slug}?t=${token}`);
    const fields = pageFields(page.html).map(([n, v]): [string, string] =>
      n === "_ts" ? [n, signStarted(survey.slug, Date.now() - 10_000)] : [n, v],
    );
    const answers = answersToFields(postContactAnswers(100));
    const tooLong = await postForm(server.url, survey.slug, [
      ...fields,
      ...answers,
      ["_cm", "1"],
      ["_cmn", "x".repeat(501)],
    ]);
    assert.equal(tooLong.status, 400);
    const posted = await postForm(server.url, survey.slug, [
      ...fields,
      ...answers,
      ["_cm", "1"],
      ["_cmn", "Gracias, agente"],
    ]);
    assert.equal(posted.status, 303, posted.html.slice(0, 300));
    const mine = await officer.get<{ commendations: { count: number; notes: string[] } }>(
      "/api/v1/officers/me/feedback",
    );
    assert.equal(mine.body.commendations.count, 2);
    assert.equal(mine.body.commendations.notes[0], "Gracias, agente");
  });
});
