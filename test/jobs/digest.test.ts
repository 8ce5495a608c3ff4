import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { comparisonFigures } from "@shared/flags.js";
import { addDays } from "@server/digests/digest-data.js";
import { instantAt, latestSlot } from "@server/digests/digests.service.js";
import { createUser } from "@server/accounts/accounts.service.js";
import { clock } from "@server/platform/clock.js";
import { recommendedResources } from "@server/resources/resources.service.js";
import { submitResponse } from "@server/responses/responses.service.js";
import { communityAnswers } from "../helpers/answers.js";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, testSmtp, type TestSmtp } from "../api/invitations-smtp.js";

const TZ = "America/Chicago";
const DAY = 86_400_000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Change {
  a: number | null;
  b: number | null;
  change: number | null;
  significant: boolean;
  testName: string;
}

describe("the weekly digest to staff who opt in", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let analyst: ApiClient;
  let designer: ApiClient;
  let agencyId: string;
  let slug: string;
  let survey: { id: string; slug: string };
  let thin: { id: string; slug: string };
  // The next Monday 07:00 in the agency's timezone, and the week it reports on.
  const slot = latestSlot(new Date(Date.now() + 7 * DAY), TZ);
  const weekEnd = addDays(slot.monday, -1);
  const week = { from: addDays(weekEnd, -6), to: weekEnd };
  const previous = { from: addDays(weekEnd, -13), to: addDays(weekEnd, -7) };

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({
      SMTP_URL: smtp.url,
      JOBS_POLL_MS: "20",
      // Sessions follow the controllable clock too; this test moves it forward by weeks.
      SESSION_TTL_HOURS: "720",
    });
    const built = await buildAgency(server.url, ["admin", "analyst", "designer"]);
    ({ analyst, designer } = built.clients);
    // An analyst who opted in and was then made a supervisor: the opt-in stays, the digest must not.
    const formerEmail = `former-analyst-${built.slug}@example.org`;
    const former = await createUser({
      agencyId: built.agency._id,
      email: formerEmail,
      password: TEST_PASSWORD,
      role: "analyst",
    });
    const formerClient = new ApiClient(server.url);
    assert.equal((await formerClient.login(formerEmail, TEST_PASSWORD)).status, 200);
    assert.equal(
      (await formerClient.request("PUT", "/api/v1/digests/subscription", { weekly: true })).status,
      200,
    );
    const moved = await built.clients.admin.patch(`/api/v1/users/${String(former._id)}`, {
      role: "supervisor",
      units: ["2B"],
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    agencyId = built.agencyId;
    slug = built.slug;
    survey = await publishFromTemplate(designer, "community-trust");
    // Trust answered low the week before and high this week: a significant rise.
    const answer = (i: number, trust: number) => ({
      ...communityAnswers(i),
      q_trust_overall: trust,
      q_legit_values: trust,
      q_legit_law: trust,
      q_trust_confidence: trust,
    });
    for (let i = 0; i < 36; i++) {
      const before = instantAt(addDays(weekEnd, -10), 9 + (i % 8), 0, TZ);
      const during = instantAt(addDays(weekEnd, -3), 9 + (i % 8), 0, TZ);
      await submitResponse(
        survey.slug,
        { submissionId: randomUUID(), language: "en", answers: answer(i, 2) },
        before,
      );
      // This week 12 comments say the street lights are out.
      const lights: Record<string, string> =
        i < 12 ? { q_comment: "Street lights out on our block, too dark at night" } : {};
      if (i < 32)
        await submitResponse(
          survey.slug,
          { submissionId: randomUUID(), language: "en", answers: { ...answer(i, 5), ...lights } },
          during,
        );
    }
    // Three answers this week, every safety item at the bottom: weak-looking, but too few to flag.
    thin = await publishFromTemplate(designer, "community-trust");
    for (let i = 0; i < 3; i++) {
      await submitResponse(
        thin.slug,
        {
          submissionId: randomUUID(),
          language: "en",
          answers: { ...communityAnswers(i), q_safe_day: 1, q_safe_night: 1, q_safe_overall: 1 },
        },
        instantAt(addDays(weekEnd, -2), 10, 0, TZ),
      );
    }
  });
  after(async () => {
    clock.reset();
    await server?.stop();
    await smtp?.stop();
  });

  it("when a staff member opts in, then the setting is theirs alone and is validated", async () => {
    assert.deepEqual((await analyst.get("/api/v1/digests/subscription")).body, { weekly: false });
    assert.equal(
      (await analyst.request("PUT", "/api/v1/digests/subscription", { weekly: "yes" })).status,
      400,
    );
    assert.equal(
      (await analyst.request("PUT", "/api/v1/digests/subscription", { weekly: true, extra: 1 })).status,
      400,
    );
    const on = await analyst.request("PUT", "/api/v1/digests/subscription", { weekly: true });
    assert.deepEqual(on.body, { weekly: true });
    assert.deepEqual((await designer.get("/api/v1/digests/subscription")).body, { weekly: false });
  });

  it("when Monday 07:00 comes in the agency's timezone, then each opted-in person gets one digest, in HTML and text, with the dashboard's figures", async () => {
    clock.set(new Date(slot.at.getTime() - 60_000));
    await pause(300);
    assert.equal(smtp.mails.length, 0, "the digest left early");
    clock.set(new Date(slot.at.getTime() + 60_000));
    const [mail] = await smtp.waitFor(1, 20_000);
    assert.deepEqual(mail!.to, [`analyst-${slug}@example.org`]);
    assert.match(mail!.headers["subject"] ?? "", new RegExp(`weekly results, ${week.from} to ${week.to}`));

    const compare = await analyst.get<{
      waves: { a: { n: number }; b: { n: number } };
      indices: Record<string, Change>;
    }>(
      `/api/v1/surveys/${survey.id}/compare?a_from=${previous.from}&a_to=${previous.to}&b_from=${week.from}&b_to=${week.to}`,
    );
    assert.equal(compare.status, 200, JSON.stringify(compare.body));
    assert.equal(compare.body.waves.b.n, 32);
    assert.equal(compare.body.waves.a.n, 36);
    const trust = compare.body.indices["trust"]!;
    assert.ok(
      trust.significant && (trust.change ?? 0) > 0,
      "the fixture should make trust rise significantly",
    );
    const text = mail!.text.replace(/\r\n/g, "\n").trimEnd();
    assert.match(text, /Responses this week: 32 \(week before: 36\)/);
    const trustLine = `Trust and legitimacy: ${trust.b!.toFixed(1)} (was ${trust.a!.toFixed(1)}, +${trust.change!.toFixed(1)}; significant (${trust.testName}`;
    assert.ok(text.includes(trustLine), `missing "${trustLine}" in:\n${text}`);
    assert.match(mail!.html, new RegExp(`>${trust.b!.toFixed(1).replace(".", "\\.")}</td>`));
    assert.match(mail!.html, /significant \(Welch/);
    assert.ok(mail!.html.includes(`/app/#/surveys/${survey.id}/dashboard`));
    assert.ok(text.includes(`/app/#/surveys/${survey.id}/dashboard`));

    // The weakest or falling indices, with the resources the library recommends for them.
    // The indices the shared rule flags on this week's figures, with the library's resources.
    const readings = comparisonFigures(compare.body);
    const recommended = await recommendedResources(agencyId, readings);
    assert.ok(recommended.length > 0);
    for (const r of recommended) {
      for (const resource of r.resources) {
        assert.ok(text.includes(resource.title), `the digest does not list "${resource.title}"`);
        assert.ok(
          mail!.html.includes(resource.title.replace(/&/g, "&amp;").replace(/'/g, "&#39;")),
          resource.title,
        );
      }
    }

    // The week's comment themes, as the comments service gives them to the analyst.
    assert.match(text, /Comment themes, ".+": Lighting 12 \(12 negative, 0 positive\)/);
    assert.match(
      mail!.html,
      /<p>Comment themes, &quot;.+&quot;: Lighting 12 \(12 negative, 0 positive\)<\/p>/,
    );

    // From 3 responses nothing is flagged, however low the scores.
    const thinPart = text.split("\n\n").find((part) => part.includes(`/surveys/${thin.id}/dashboard`));
    assert.ok(thinPart, text);
    assert.match(thinPart, /Responses this week: 3 \(week before: 0\)/);
    assert.doesNotMatch(thinPart, /Needs attention/);
    assert.match(thinPart, /Fewer than 30 responses this week: too few to flag any index\./);

    const preview = await analyst.get<{ text: string }>("/api/v1/digests/preview");
    assert.equal(preview.body.text, text, "the preview and the mail differ");
  });

  it("when the recipient uses the digest's unsubscribe link or one-click header, then the digest is off without signing in", async () => {
    const mail = smtp.mails[0]!;
    const header = mail.headers["list-unsubscribe"] ?? "";
    const link = /^<([^>]+)>$/.exec(header)?.[1] ?? "";
    assert.ok(link.startsWith(`${server.url}/digest/unsubscribe?t=`), header);
    assert.equal(mail.headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    const text = mail.text.replace(/\r\n/g, "\n").replace(/=\n/g, "");
    assert.ok(text.includes(`Turn it off at any time: ${link}`), "the text's sentence points to the link");
    assert.ok(mail.html.includes(`href="${link.replace(/&/g, "&amp;")}"`), "the HTML's sentence links to it");

    // Opening the link (as a mail scanner would) changes nothing; it asks first.
    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<button type="submit">Turn off the digest<\/button>/);
    assert.deepEqual((await analyst.get("/api/v1/digests/subscription")).body, { weekly: true });

    const forged = link.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const refused = await fetch(forged, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(refused.status, 404);
    assert.deepEqual((await analyst.get("/api/v1/digests/subscription")).body, { weekly: true });

    // RFC 8058 one-click: a POST with no cookie, no CSRF token, only the form field.
    const oneClick = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(oneClick.status, 200);
    assert.match(await oneClick.text(), /You will not get the weekly digest any more/);
    assert.deepEqual((await analyst.get("/api/v1/digests/subscription")).body, { weekly: false });

    // The confirmation page's own button posts the token in the form.
    await analyst.request("PUT", "/api/v1/digests/subscription", { weekly: true });
    const token = new URL(link).searchParams.get("t")!;
    const button = await fetch(`${server.url}/digest/unsubscribe`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ t: token }).toString(),
    });
    assert.equal(button.status, 200);
    assert.deepEqual((await analyst.get("/api/v1/digests/subscription")).body, { weekly: false });
    await analyst.request("PUT", "/api/v1/digests/subscription", { weekly: true });
  });

  it("when the scheduler runs again, or someone opts out, then no digest is sent twice or against their wish", async () => {
    clock.set(new Date(slot.at.getTime() + 2 * 3_600_000));
    await pause(500);
    assert.equal(smtp.mails.length, 1, "a second digest for the same week");
    await analyst.request("PUT", "/api/v1/digests/subscription", { weekly: false });
    clock.set(new Date(slot.at.getTime() + 7 * DAY + 60_000));
    await pause(800);
    assert.equal(smtp.mails.length, 1, "a digest went to someone who opted out");
  });
});
