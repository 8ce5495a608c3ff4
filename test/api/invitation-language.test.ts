import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, OPEN_INVITATION_RULES, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { freePort, surveyLink, testSmtp, type ReceivedMail, type TestSmtp } from "./invitations-smtp.js";

/** A header with its RFC 2047 encoded words (as nodemailer writes non-ASCII subjects) decoded. */
function decodedHeader(mail: ReceivedMail, name: string): string {
  return (mail.headers[name] ?? "")
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, encoding: string, data: string) =>
      encoding.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

describe("an invitation speaks the contact's language and says how long the survey takes", () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let designer: ApiClient;

  before(async () => {
    smtp = testSmtp(await freePort());
    await smtp.start();
    server = await startTestServer({ SMTP_URL: smtp.url, JOBS_POLL_MS: "50" });
    const built = await buildAgency(server.url, ["admin", "designer"]);
    designer = built.clients.designer;
    const rules = await built.clients.admin.patch("/api/v1/agency", {
      invitationRules: OPEN_INVITATION_RULES,
    });
    assert.equal(rules.status, 200, JSON.stringify(rules.body));
  });
  after(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  /** Invites the contacts to a survey and waits for their mails, by address. */
  const invite = async (surveyId: string, contacts: Array<{ email: string; language?: string }>) => {
    const already = smtp.mails.length;
    const reply = await designer.post(`/api/v1/surveys/${surveyId}/invitations`, {
      contacts: contacts.map((c) => ({ ...c, contactType: "call_for_service" })),
    });
    assert.equal(reply.status, 202, JSON.stringify(reply.body));
    assert.equal(reply.body["created"], contacts.length, JSON.stringify(reply.body));
    const mails = (await smtp.waitFor(already + contacts.length)).slice(already);
    return new Map<string, ReceivedMail>(mails.map((m) => [m.to[0]!, m]));
  };

  it("when a contact's language is Spanish, then the mail opens in Spanish and its link opens the survey in Spanish", async () => {
    const survey = await publishFromTemplate(designer, "post-contact");
    const mails = await invite(survey.id, [
      { email: "ana@example.net", language: "es" },
      { email: "bob@example.net" },
    ]);
    const spanish = mails.get("ana@example.net")!;
    assert.match(decodedHeader(spanish, "subject"), /¿cómo le trataron\?/);
    assert.ok(
      spanish.text.indexOf("Cuéntenos") < spanish.text.indexOf("Please tell us"),
      "the Spanish block comes first",
    );
    assert.match(spanish.html, /<html lang="es">/);
    const link = surveyLink(spanish);
    assert.equal(link.searchParams.get("lang"), "es");
    // The browser asks for English; the link still opens the survey in Spanish.
    const page = await fetch(`${server.url}${link.pathname}${link.search}`, {
      headers: { "accept-language": "en-US,en;q=0.9" },
    });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html lang="es"/);

    const english = mails.get("bob@example.net")!;
    assert.match(decodedHeader(english, "subject"), /how were you treated\?/);
    assert.equal(surveyLink(english).searchParams.get("lang"), "en");
  });

  it("when surveys differ in length, then each mail gives its own estimate in every language", async () => {
    const long = await publishFromTemplate(designer, "community-trust");
    const longMail = (await invite(long.id, [{ email: "long@example.net" }])).get("long@example.net")!;
    for (const body of [longMail.text, longMail.html]) {
      assert.match(body, /It takes about 5 minutes\./);
      assert.match(body, /Toma unos 5 minutos\./);
    }

    const created = await designer.post<{ survey: { id: string } }>("/api/v1/surveys", {
      title: { en: "One question", es: "Una pregunta" },
      kind: "post-contact",
      languages: ["en", "es"],
      questions: [
        {
          id: "q_fair",
          type: "yesno",
          prompt: { en: "Were you treated fairly?", es: "¿Le trataron con justicia?" },
        },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await designer.post(`/api/v1/surveys/${created.body.survey.id}/publish`)).status, 200);
    const shortMail = (await invite(created.body.survey.id, [{ email: "short@example.net" }])).get(
      "short@example.net",
    )!;
    assert.match(shortMail.text, /It takes about one minute\./);
    assert.match(shortMail.text, /Toma un minuto\./);
    assert.doesNotMatch(shortMail.text, /three minutes|tres minutos/);
  });
});
