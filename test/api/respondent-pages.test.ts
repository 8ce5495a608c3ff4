import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { formToAnswers, withoutHiddenAnswers } from "@shared/respondent-form.js";
import type { Question } from "@shared/survey.js";
import { signStarted } from "@server/respondent/form-guard.js";
import { escapeHtml, jsonForScript, markup } from "@server/respondent/html.js";
import { communityAnswers } from "../helpers/answers.js";
import type { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  answersToFields,
  fieldValue,
  getPage,
  pageFields,
  postForm,
  storedCount,
} from "./respondent-support.js";

describe("the respondent page without script: GET and POST /s/:slug", () => {
  let server: TestServer;
  let admin: ApiClient;
  let agencySlug: string;
  let community: { id: string; slug: string };

  before(async () => {
    server = await startTestServer();
    const built = await buildAgency(server.url, ["admin"]);
    admin = built.clients.admin;
    agencySlug = built.slug;
    community = await publishFromTemplate(admin, "community-trust");
  });
  after(() => server.stop());

  /** A fresh page's fields with a start time old enough to pass the minimum fill time. */
  async function readyFields(slug: string, query = ""): Promise<Array<[string, string]>> {
    const page = await getPage(`${server.url}/s/${slug}${query}`);
    assert.equal(page.status, 200, page.html.slice(0, 300));
    return pageFields(page.html).map(([name, value]) =>
      name === "_ts" ? [name, signStarted(slug, Date.now() - 10_000)] : [name, value],
    );
  }

  it("when a survey is open, then its page is a form posting to itself with every question labelled", async () => {
    const page = await getPage(`${server.url}/s/${community.slug}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(page.headers.get("cache-control") ?? "", /no-store/);
    assert.match(page.html, /<html lang="en" dir="ltr">/);
    assert.match(page.html, new RegExp(`<form method="post" action="/s/${community.slug}" id="survey"`));
    assert.match(fieldValue(page.html, "_sid") ?? "", /^[0-9a-f-]{36}$/);
    // Every radio and checkbox has a label pointing at it.
    const inputIds = [...page.html.matchAll(/<input type="(?:radio|checkbox)" id="([^"]+)"/g)].map(
      (m) => m[1],
    );
    assert.ok(inputIds.length > 50, `only ${inputIds.length} choice inputs`);
    for (const id of inputIds) assert.ok(page.html.includes(`<label for="${id}">`), `no label for ${id}`);
    // Groups are fieldsets with legends: 19 questions but one open text; each matrix item (6) too.
    assert.equal((page.html.match(/<fieldset/g) ?? []).length, 18 + 6);
    assert.ok(page.html.includes(`<label class="label" for="f-q_comment">`));
    for (const district of ["North", "Central", "South"])
      assert.ok(page.html.includes(`>${district}</label>`));
    assert.ok(page.html.includes("Strongly disagree") && page.html.includes("I don&#39;t know"));
  });

  it("when the page is served, then the CSP stays strict and the page has no inline script or style", async () => {
    const page = await getPage(`${server.url}/s/${community.slug}`);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(page.html, /style="/);
    const scripts = [...page.html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    for (const attributes of scripts) {
      assert.ok(
        attributes.includes(' src="/s/assets/') || attributes.includes('type="application/json"'),
        `inline script: <script${attributes}>`,
      );
    }
  });

  it("when the browser asks for Spanish, then the page is in Spanish; ?lang= overrides it", async () => {
    const spanish = await getPage(`${server.url}/s/${community.slug}`, {
      "accept-language": "es-MX,es;q=0.9,en;q=0.5",
    });
    assert.match(spanish.html, /<html lang="es" dir="ltr">/);
    assert.ok(spanish.html.includes("Enviar mis respuestas"));
    assert.ok(spanish.html.includes("Confío en la policía de mi comunidad."));
    assert.equal(fieldValue(spanish.html, "_lang"), "es");
    const english = await getPage(`${server.url}/s/${community.slug}?lang=en`, { "accept-language": "es" });
    assert.match(english.html, /<html lang="en"/);
    // The switcher names each language in itself and marks the current one.
    assert.match(english.html, /<nav class="langs" aria-label="Language">/);
    assert.match(english.html, /hreflang="es" data-lang="es">Español<\/a>/);
    assert.match(english.html, /aria-current="true">English<\/a>/);
  });

  it("when a survey is a draft or unknown, then 404 with a plain page; closed answers 410", async () => {
    const draft = await admin.post<{ survey: { id: string; slug: string } }>("/api/v1/surveys", {
      template: "post-contact",
    });
    for (const slug of [draft.body.survey.slug, "no-such-survey", "Bad_Slug!"]) {
      const page = await getPage(`${server.url}/s/${encodeURIComponent(slug)}`);
      assert.equal(page.status, 404, slug);
      assert.ok(page.html.includes("We cannot find this survey"), slug);
      assert.doesNotMatch(page.html, /<form/);
    }
    const toClose = await publishFromTemplate(admin, "event-feedback");
    assert.equal((await admin.post(`/api/v1/surveys/${toClose.id}/close`)).status, 200);
    const closed = await getPage(`${server.url}/s/${toClose.slug}`, { "accept-language": "es" });
    assert.equal(closed.status, 410);
    assert.ok(closed.html.includes("Esta encuesta está cerrada"));
    const post = await postForm(server.url, toClose.slug, [["_sid", "abcdefgh12"]]);
    assert.equal(post.status, 410);
  });

  it("when the form is posted complete, then one response is stored and the browser goes to thank-you", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const fields = [...(await readyFields(survey.slug)), ...answersToFields(communityAnswers(3))];
    const first = await postForm(server.url, survey.slug, fields);
    assert.equal(first.status, 303, first.html.slice(0, 500));
    assert.equal(first.location, `/s/${survey.slug}/thanks?lang=en`);
    // A double click (or a reload that re-posts) sends the same submissionId: still one response.
    const again = await postForm(server.url, survey.slug, fields);
    assert.equal(again.status, 303);
    assert.equal(await storedCount(admin, survey.id), 1);

    const thanks = await getPage(`${server.url}${first.location}`);
    assert.equal(thanks.status, 200);
    assert.ok(thanks.html.includes("Thank you!"));
    assert.ok(thanks.html.includes(`href="/p/${agencySlug}"`));
  });

  it("when answers are missing or wrong, then 400 shows the form again with a summary and messages by each field", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const answers = communityAnswers(1);
    delete answers["q_safe_night"];
    const matrix = answers["q_pj_general"] as Record<string, number>;
    delete matrix["respect"];
    const fields = [
      ...(await readyFields(survey.slug, "?lang=es")),
      ...answersToFields(answers),
      ["q_comment", "<b>mine</b>"],
    ];
    const posted = await postForm(server.url, survey.slug, fields as Array<[string, string]>);
    assert.equal(posted.status, 400);
    assert.match(posted.html, /<title>Error: /);
    assert.match(
      posted.html,
      /<div class="error-summary" id="error-summary" tabindex="-1" autofocus role="alert"/,
    );
    assert.ok(posted.html.includes('href="#f-q_safe_night-0"'));
    assert.ok(posted.html.includes('href="#f-q_pj_general-respect-0"'));
    assert.match(posted.html, /id="e-q_safe_night"><p>Por favor, conteste esta pregunta.<\/p>/);
    assert.ok(posted.html.includes("Por favor, conteste: Tratan a las personas con respeto."));
    // What the person gave is kept: same submissionId, their choices and their text (escaped).
    assert.equal(fieldValue(posted.html, "_sid"), fields.find(([n]) => n === "_sid")![1]);
    assert.match(posted.html, /name="q_safe_day" value="2" checked>/);
    assert.ok(posted.html.includes(">\n&lt;b&gt;mine&lt;/b&gt;</textarea>"));
    assert.equal(await storedCount(admin, survey.id), 0);
  });

  it("when a question is hidden by skip logic but answered without script, then the answer is dropped, not refused", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const answers = { ...communityAnswers(1), q_contact: false, q_contact_satisfaction: 5 };
    const posted = await postForm(server.url, survey.slug, [
      ...(await readyFields(survey.slug)),
      ...answersToFields(answers),
    ]);
    assert.equal(posted.status, 303, posted.html.slice(0, 400));
    const results = await admin.get<{ questions: Array<{ id: string; n: number }> }>(
      `/api/v1/surveys/${survey.id}/results`,
    );
    assert.equal(results.body.questions.find((q) => q.id === "q_contact_satisfaction")?.n, 0);
  });

  it("when the hidden honeypot field is filled, then the sender sees thank-you and nothing is stored", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const fields = (await readyFields(survey.slug)).map(([n, v]): [string, string] =>
      n === "_hp" ? [n, "http://spam.example"] : [n, v],
    );
    const posted = await postForm(server.url, survey.slug, [
      ...fields,
      ...answersToFields(communityAnswers(2)),
    ]);
    assert.equal(posted.status, 303);
    assert.equal(await storedCount(admin, survey.id), 0);
  });

  it("when the form comes back sooner than a person could fill it, then nothing is stored and Send again works later", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const page = await getPage(`${server.url}/s/${survey.slug}`);
    const fields = [...pageFields(page.html), ...answersToFields(communityAnswers(4))];
    const fast = await postForm(server.url, survey.slug, fields);
    assert.equal(fast.status, 400);
    assert.ok(fast.html.includes("Please check your answers. Then press “Send my answers” again."));
    // The start time is kept, so the same form a few seconds later is accepted.
    assert.equal(fieldValue(fast.html, "_ts"), fieldValue(page.html, "_ts"));
    assert.equal(await storedCount(admin, survey.id), 0);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const later = await postForm(server.url, survey.slug, [
      ...pageFields(fast.html),
      ...answersToFields(communityAnswers(4)),
    ]);
    assert.equal(later.status, 303);
    assert.equal(await storedCount(admin, survey.id), 1);
  });

  it("when the start time is forged or missing, then nothing is stored and the form asks to send again", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const fields = (await readyFields(survey.slug)).map(([n, v]): [string, string] =>
      n === "_ts" ? [n, "1.AAAAAAAAAAAAAAAAAAAAAA"] : [n, v],
    );
    const forged = await postForm(server.url, survey.slug, [
      ...fields,
      ...answersToFields(communityAnswers(5)),
    ]);
    assert.equal(forged.status, 400);
    assert.notEqual(fieldValue(forged.html, "_ts"), "1.AAAAAAAAAAAAAAAAAAAAAA");
    const missing = await postForm(server.url, survey.slug, [
      ...fields.filter(([n]) => n !== "_ts"),
      ...answersToFields(communityAnswers(5)),
    ]);
    assert.equal(missing.status, 400);
    assert.equal(await storedCount(admin, survey.id), 0);
  });

  it("when the body is not this survey's form, then 400 or 413 with a plain page and nothing stored", async () => {
    const fields = await readyFields(community.slug);
    const unknown = await postForm(server.url, community.slug, [...fields, ["q_nope", "1"], ["$where", "1"]]);
    assert.equal(unknown.status, 400);
    assert.ok(unknown.html.includes("Something went wrong with the form"));
    // The page names what was wrong, for whoever helps the person.
    assert.ok(unknown.html.includes("<li>q_nope: is not a field of this survey&#39;s form</li>"));
    assert.ok(
      unknown.html.includes(`<a class="button" href="/s/${community.slug}">Go back to the survey</a>`),
    );
    const noSid = await postForm(
      server.url,
      community.slug,
      fields.filter(([n]) => n !== "_sid"),
    );
    assert.equal(noSid.status, 400);
    const huge = await postForm(server.url, community.slug, [...fields, ["q_comment", "x".repeat(300_000)]]);
    assert.equal(huge.status, 413);
    assert.match(huge.headers.get("content-type") ?? "", /text\/html/);
    assert.equal(await storedCount(admin, community.id), 0);
  });

  it("when the API gets the page's bot signals, then a filled honeypot or a too-early start is refused", async () => {
    const survey = await publishFromTemplate(admin, "community-trust");
    const send = (client: Record<string, string>, submissionId: string) =>
      fetch(`${server.url}/api/v1/public/surveys/${survey.slug}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ submissionId, language: "en", answers: communityAnswers(6), client }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { error?: { details: Array<{ path: string }> } },
      }));
    const honeypot = await send(
      { hp: "x", started: signStarted(survey.slug, Date.now() - 60_000) },
      "bot-honeypot-1",
    );
    assert.equal(honeypot.status, 400);
    assert.deepEqual(
      honeypot.body.error?.details.map((d) => d.path),
      ["client.hp"],
    );
    const early = await send({ hp: "", started: signStarted(survey.slug) }, "bot-too-early-1");
    assert.equal(early.status, 400);
    assert.deepEqual(
      early.body.error?.details.map((d) => d.path),
      ["client.started"],
    );
    // A start this server cannot verify (e.g. signed before a restart) is not held against anyone.
    const unverifiable = await send({ hp: "", started: "1.AAAAAAAAAAAAAAAAAAAAAA" }, "person-restart-1");
    assert.equal(unverifiable.status, 201);
    assert.equal(await storedCount(admin, survey.id), 1);
  });
});

describe("escaping and form fields (pure helpers of the respondent page)", () => {
  const hostile = `</textarea><script>alert('x')</script><img src=x onerror="alert(1)"> & \` "q" 'a'`;

  it("escapes every character that could open markup or leave an attribute", () => {
    const escaped = escapeHtml(hostile);
    assert.doesNotMatch(escaped, /[<>"'`]/);
    assert.equal(
      escaped,
      "&lt;/textarea&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#96; &quot;q&quot; &#39;a&#39;",
    );
  });

  it("escapes interpolated values in markup but passes nested markup through", () => {
    const inner = markup`<b>${hostile}</b>`;
    const outer = markup`<p title="${hostile}">${inner}${[hostile, 1]}${null}${false}</p>`;
    assert.equal((outer.value.match(/<b>/g) ?? []).length, 1);
    assert.doesNotMatch(outer.value, /<script|<img|<\/textarea/);
    assert.match(outer.value, /^<p title="&lt;\/textarea&gt;/);
  });

  it("keeps a JSON script block closed whatever its strings hold, and the JSON intact", () => {
    const value = { text: `${hostile}</script><!-- \u2028`, n: 1 };
    const block = jsonForScript(value).value;
    assert.doesNotMatch(block, /<|>|&|\u2028/);
    assert.deepEqual(JSON.parse(block), value);
  });

  it("reads form fields into API answers and drops answers skip logic hides", () => {
    const questions: Question[] = [
      { id: "q_safe", type: "likert", prompt: { en: "Safe?" } },
      { id: "q_contact", type: "yesno", prompt: { en: "Contact?" } },
      {
        id: "q_sat",
        type: "rating",
        prompt: { en: "Rate" },
        scale: { min: 1, max: 5 },
        showIf: { question: "q_contact", in: [true] },
      },
      {
        id: "q_why",
        type: "multi",
        prompt: { en: "Why?" },
        options: [
          { value: "a", label: {} },
          { value: "b", label: {} },
        ],
      },
      {
        id: "q_pj",
        type: "matrix",
        prompt: { en: "PJ" },
        items: [
          { id: "fair", prompt: {} },
          { id: "kind", prompt: {} },
        ],
      },
      { id: "q_n", type: "number", prompt: { en: "N" } },
      { id: "q_t", type: "text", prompt: { en: "T" } },
    ];
    const fields = new Map<string, string[]>([
      ["q_safe", ["0"]],
      ["q_contact", ["false"]],
      ["q_sat", ["4"]],
      ["q_why", ["a", "b"]],
      ["q_pj[fair]", ["5"]],
      ["q_pj[kind]", [""]],
      ["q_n", ["2,5"]],
      ["q_t", ["  keep my spaces  "]],
    ]);
    const answers = formToAnswers(questions, (name) => fields.get(name) ?? []);
    assert.deepEqual(answers, {
      q_safe: 0,
      q_contact: false,
      q_sat: 4,
      q_why: ["a", "b"],
      q_pj: { fair: 5 },
      q_n: 2.5,
      q_t: "  keep my spaces  ",
    });
    const kept = withoutHiddenAnswers(questions, answers);
    assert.equal("q_sat" in kept, false);
    assert.equal(kept["q_safe"], 0);
    // Something that is not a number stays text, so the shared rules name the problem.
    assert.equal(formToAnswers(questions, (n) => (n === "q_n" ? ["12abc"] : []))["q_n"], "12abc");
  });
});
