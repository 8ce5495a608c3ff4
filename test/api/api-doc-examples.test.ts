import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, OPEN_INVITATION_RULES } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { parseMail, surveyLink } from "./invitations-smtp.js";

/**
 * Docs that run: every fenced `json` block of docs/API.md that is a request example is sent to
 * the real server and must get the status the docs give. Blocks are found by parsing, so an
 * example added later is run too, and one the parser cannot place fails with its line.
 *
 * How a block is placed: its lead is the text just above it (back to a blank line or the start
 * of its list item). The last `METHOD /path` the lead names is its endpoint. A block under a
 * GET/HEAD/DELETE, or after a `→` that follows the endpoint, is a response; a block under a
 * POST/PUT/PATCH with no `→` after it is that endpoint's request body, or one entry of a body
 * array when the lead says "an entry of `field`".
 */

const DOC = "docs/API.md";
const ENDPOINT = /`(GET|HEAD|DELETE|POST|PUT|PATCH) (\/[^`\s?]*)[^`]*`/g;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

type Placed =
  | { kind: "request"; line: number; endpoint: string; source: string }
  | { kind: "response"; line: number; endpoint: string }
  | { kind: "unplaced"; line: number; reason: string };

/** Every fenced json block of the markdown with its 1-based opening line, placed by its lead. */
function placeJsonBlocks(markdown: string): Placed[] {
  const lines = markdown.split("\n");
  const placed: Placed[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```json\s*$/.test(lines[i]!)) continue;
    const line = i + 1;
    const end = lines.findIndex((text, j) => j > i && /^\s*```\s*$/.test(text));
    if (end < 0) {
      placed.push({ kind: "unplaced", line, reason: "the block is never closed" });
      break;
    }
    placed.push(place(leadOf(lines, i), line, lines.slice(i + 1, end).join("\n")));
    i = end;
  }
  return placed;
}

/** The lines just above a fence: back over blank lines, then to a blank line or a list item's start. */
function leadOf(lines: string[], fence: number): string {
  let j = fence - 1;
  while (j >= 0 && lines[j]!.trim() === "") j--;
  const lead: string[] = [];
  for (; j >= 0 && lines[j]!.trim() !== "" && !lines[j]!.trim().startsWith("```"); j--) {
    lead.unshift(lines[j]!);
    if (/^\s*[-*] /.test(lines[j]!)) break;
  }
  return lead.join("\n");
}

function place(lead: string, line: number, source: string): Placed {
  const mentions = [...lead.matchAll(ENDPOINT)];
  const last = mentions.at(-1);
  if (!last) {
    return { kind: "unplaced", line, reason: `its lead names no \`METHOD /path\`:\n${lead || "(none)"}` };
  }
  const method = last[1]!;
  const endpoint = `${method} ${last[2]}`;
  const after = lead.slice(last.index + last[0].length);
  if (!BODY_METHODS.has(method) || after.includes("→")) return { kind: "response", line, endpoint };
  const entryOf = /an entry of `(\w+)`/.exec(lead)?.[1];
  return { kind: "request", line, endpoint: entryOf ? `${endpoint} ${entryOf}[]` : endpoint, source };
}

interface Context {
  clients: Record<"admin" | "designer" | "respondent", ApiClient>;
  /** Values for the `:name` segments of an endpoint's path. */
  params: Record<string, string>;
  /** A real invitation token for the survey `:slug` names. */
  token: string;
}

interface Sending {
  as: keyof Context["clients"];
  /** The status the docs give, quoted beside it. */
  status: number;
  /** The example as sent: only placeholders are replaced, no field of the example is rewritten. */
  body: (example: Record<string, unknown>, context: Context) => unknown;
}

/** The yes/no question the example question's `showIf` names. */
const Q_CONTACT = { id: "q_contact", type: "yesno", prompt: { en: "Have you had contact with an officer?" } };

/** Examples with no placeholders go out exactly as the docs write them. */
const asWritten = (example: Record<string, unknown>): unknown => example;

/** How each endpoint that has a request example is called. A new one needs a line here. */
const SENDING: Record<string, Sending> = {
  // "(admin) with `email`, `password` and `role` … → `201 {"user": {...}}`".
  "POST /api/v1/users": { as: "admin", status: 201, body: asWritten },
  // "(admin) with any of these fields … → `200 {"agency": {...}}`".
  "PATCH /api/v1/agency": { as: "admin", status: 200, body: asWritten },
  // "→ `201 {"survey": {...}}` with status `draft`", for a template and a full definition alike.
  "POST /api/v1/surveys": { as: "designer", status: 201, body: asWritten },
  // "Publishing results to the public page (admin)"; PATCH answers the survey (200).
  "PATCH /api/v1/surveys/:id": { as: "admin", status: 200, body: asWritten },
  // "→ `202 {"created": n, …}`"; designers send invitations.
  "POST /api/v1/surveys/:id/invitations": { as: "designer", status: 202, body: asWritten },
  // "with an API key holding `contacts:write` (or a designer's or admin's session)" → `200`.
  "POST /api/v1/contacts": { as: "designer", status: 200, body: asWritten },
  // "(admin) with a GeoJSON FeatureCollection … → `200 {"boundaries": {...}}`".
  "PUT /api/v1/agency/boundaries": { as: "admin", status: 200, body: asWritten },
  // "(admin) … → `{"margins": {...}, "agency": {...}}`" (200).
  "POST /api/v1/agency/margins/from-counts": { as: "admin", status: 200, body: asWritten },
  // "(admin, CSRF) … → the same body" (200).
  "PUT /api/v1/surveys/:id/publication": { as: "admin", status: 200, body: asWritten },
  // "(admin) with another installation's file … → `201 {"imported": …}`": a file signed once with
  // its own key, for an agency of no installation here, for a month long past.
  "POST /api/v1/benchmarks/import": { as: "admin", status: 201, body: asWritten },
  // "(admin, CSRF …) … → `201 {"action": {...}}`".
  "POST /api/v1/actions": { as: "admin", status: 201, body: asWritten },
  // "→ `201 {"survey": {...}}` with status `draft`". The example is one entry of `questions`;
  // its prompt has `es` and its `showIf` names `q_contact`, so the definition holds both.
  "POST /api/v1/surveys questions[]": {
    as: "designer",
    status: 201,
    body: (question) => ({
      title: { en: "Docs example" },
      kind: "community",
      languages: ["en", "es"],
      questions: [Q_CONTACT, question],
    }),
  },
  // "`201 {"id": "..."}` stored"; "optional invitation token" stands for a real one.
  "POST /api/v1/public/surveys/:slug/responses": {
    as: "respondent",
    status: 201,
    body: (example, context) => ({ ...example, submissionId: randomUUID(), token: context.token }),
  },
};

/**
 * A survey made for the submission example: exactly the questions its answers name, each of
 * the type the answer is shaped for; post-contact, as surveys sent by invitation usually are.
 */
const ANSWERED_SURVEY = {
  title: { en: "Docs example: responding" },
  kind: "post-contact",
  languages: ["en"],
  questions: [
    { id: "q_safe_night", type: "likert", prompt: { en: "I feel safe at night." }, required: true },
    Q_CONTACT,
    {
      id: "q_services",
      type: "multi",
      prompt: { en: "Which services have you used?" },
      options: [
        { value: "patrol", label: { en: "Patrol" } },
        { value: "events", label: { en: "Community events" } },
      ],
    },
    {
      id: "q_pj",
      type: "matrix",
      prompt: { en: "The officer…" },
      items: [
        { id: "listened", prompt: { en: "listened to me" } },
        { id: "fair", prompt: { en: "treated me fairly" } },
      ],
    },
    { id: "q_comment", type: "text", prompt: { en: "Anything else?" } },
  ],
};

const blocks = placeJsonBlocks(readFileSync(DOC, "utf8"));

describe(`the JSON request examples in ${DOC}`, () => {
  let server: TestServer;
  let dataDir: string;
  let context: Context;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cp-doc-examples-"));
    server = await startTestServer({ DATA_DIR: dataDir, JOBS_POLL_MS: "50" });
    const { clients } = await buildAgency(server.url, ["admin", "designer"]);
    await clients.admin.patch("/api/v1/agency", { invitationRules: OPEN_INVITATION_RULES });
    const created = await clients.designer.post<{ survey: { id: string } }>(
      "/api/v1/surveys",
      ANSWERED_SURVEY,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id } = created.body.survey;
    const published = await clients.designer.post<{ survey: { slug: string } }>(
      `/api/v1/surveys/${id}/publish`,
    );
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const { slug } = published.body.survey;
    context = {
      clients: { admin: clients.admin, designer: clients.designer, respondent: new ApiClient(server.url) },
      params: { id, slug },
      token: await invitationToken(clients.designer, id, dataDir),
    };
  });
  after(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("then the parser finds request examples to run (so a broken parser cannot pass by finding none)", () => {
    assert.ok(blocks.some((b) => b.kind === "request"));
  });

  for (const block of blocks) {
    if (block.kind === "response") continue;
    if (block.kind === "unplaced") {
      it(`then the json block at ${DOC}:${block.line} is placed as a request or a response`, () => {
        assert.fail(
          `${DOC}:${block.line}: cannot tell whether this block is a request or a response: ${block.reason}`,
        );
      });
      continue;
    }
    it(`when the example at ${DOC}:${block.line} is sent to ${block.endpoint}, then it gets the documented status`, async () => {
      const sending = SENDING[block.endpoint];
      assert.ok(
        sending,
        `${DOC}:${block.line}: a request example for ${block.endpoint}: say in SENDING how to send it`,
      );
      let example: Record<string, unknown>;
      try {
        example = JSON.parse(block.source) as Record<string, unknown>;
      } catch (error) {
        assert.fail(`${DOC}:${block.line}: the request example is not JSON: ${(error as Error).message}`);
      }
      const [method, route] = block.endpoint.split(" ") as [string, string];
      const reply = await context.clients[sending.as].request(
        method,
        fillPath(route, context.params),
        sending.body(example, context),
      );
      assert.equal(
        reply.status,
        sending.status,
        `${DOC}:${block.line}: ${block.endpoint} answered ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    });
  }
});

function fillPath(route: string, params: Record<string, string>): string {
  return route.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route}`);
    return value;
  });
}

/** Invites one contact to the survey and reads the token from the mail written to the outbox. */
async function invitationToken(designer: ApiClient, surveyId: string, dataDir: string): Promise<string> {
  const invited = await designer.post(`/api/v1/surveys/${surveyId}/invitations`, {
    contacts: [{ email: "resident@example.net", district: "D3", contactType: "traffic_stop" }],
  });
  assert.equal(invited.status, 202, JSON.stringify(invited.body));
  const outbox = path.join(dataDir, "outbox");
  const deadline = Date.now() + 20_000;
  for (;;) {
    const files = (await readdir(outbox).catch(() => [] as string[])).filter((f) => f.endsWith(".eml"));
    if (files[0]) {
      const mail = parseMail(await readFile(path.join(outbox, files[0]), "utf8"), []);
      return surveyLink(mail).searchParams.get("t")!;
    }
    if (Date.now() > deadline) throw new Error("no invitation mail in the outbox after 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
