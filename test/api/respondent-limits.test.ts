import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import { signStarted } from "@server/respondent/form-guard.js";
import { communityAnswers } from "../helpers/answers.js";
import { buildAgency, publishFromTemplate, submit } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { answersToFields, getPage, pageFields, postForm } from "./respondent-support.js";

describe("respondent page limits, without tracking anyone", () => {
  let server: TestServer;
  let slug: string;

  before(async () => {
    server = await startTestServer({ SUBMIT_RATE_LIMIT_PER_MINUTE: "2" });
    const { clients } = await buildAgency(server.url, ["admin"]);
    ({ slug } = await publishFromTemplate(clients.admin, "community-trust"));
  });
  after(() => server.stop());

  async function formPost(i: number) {
    const page = await getPage(`${server.url}/s/${slug}`);
    const fields = pageFields(page.html).map(([n, v]): [string, string] =>
      n === "_ts" ? [n, signStarted(slug, Date.now() - 10_000)] : [n, v],
    );
    return postForm(server.url, slug, [...fields, ...answersToFields(communityAnswers(i))], {
      "accept-language": "es",
    });
  }

  it("when one client posts the form too often, then 429 with a friendly page in its language", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await formPost(i));
    assert.deepEqual(
      statuses.map((s) => s.status),
      [303, 303, 429],
    );
    const limited = statuses[2]!;
    assert.match(limited.headers.get("content-type") ?? "", /text\/html/);
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    assert.ok(limited.html.includes("Por favor, espere un minuto"));
    assert.ok(limited.html.includes("Sus respuestas no se perdieron."));
  });

  it("no raw client address is stored anywhere in the database", async () => {
    await submit(server.url, slug, communityAnswers(7));
    const db = mongoose.connection.db!;
    const collections = await db.listCollections().toArray();
    assert.ok(collections.some((c) => c.name === "responses"));
    for (const { name } of collections) {
      const text = JSON.stringify(await db.collection(name).find().toArray());
      for (const address of ["127.0.0.1", "::1", "::ffff:"]) {
        assert.ok(!text.includes(address), `${name} holds "${address}"`);
      }
    }
  });
});
