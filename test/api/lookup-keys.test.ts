import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose, { Types } from "mongoose";
import { ensureAccountKeys } from "@server/accounts/account-keys.js";
import { createUser, findAgencyBySlug } from "@server/accounts/accounts.service.js";
import { ensureKeyedContactMarks } from "@server/invitations/contact-marks.js";
import { emailKey } from "@server/invitations/crypto.js";
import { invitationSettings } from "@server/invitations/settings.js";
import { keyEveryLookup } from "@server/lookup-keys-backfill.js";
import { ensureSurveySlugKeys, findSurveyBySlug } from "@server/surveys/surveys.service.js";
import { ApiClient } from "../helpers/api-client.js";
import { buildAgency, publishFromTemplate, TEST_PASSWORD } from "../helpers/factories.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

type Built = Awaited<ReturnType<typeof buildAgency>>;
type KeyDoc = { _id: string; target: Types.ObjectId };

const db = () => mongoose.connection.db!;
const keys = (collection: string) => db().collection<KeyDoc>(collection);
/** An older database: its records are there, their keys and the record of the backfill are not. */
const forgetKeys = async (collection: string, migration: string) => {
  await keys(collection).deleteMany({});
  await db()
    .collection("migrations")
    .deleteOne({ _id: migration as never });
};

describe("hot lookups by key (issue 14)", () => {
  let server: TestServer;
  let built: Built;

  before(async () => {
    server = await startTestServer();
    built = await buildAgency(server.url, ["admin", "designer"]);
  });
  after(async () => {
    await server?.stop();
  });
  const createAnalyst = (email: string) =>
    createUser({ agencyId: built.agencyId, email, password: TEST_PASSWORD, role: "analyst" });
  /** Creates an account and checks that its key names it. */
  const createKeyedAnalyst = async (email: string) => {
    const user = await createAnalyst(email);
    assert.equal(String((await keys("useremails").findOne({ _id: email }))?.target), String(user._id));
  };

  it("when a draft's title changes its slug, then the key moves with it, and surveys stored before keys are found after the backfill", async () => {
    const designer = built.clients.designer;
    const created = await designer.post<{ survey: { id: string; slug: string } }>("/api/v1/surveys", {
      template: "community-trust",
    });
    assert.equal(created.status, 201);
    const { id, slug } = created.body.survey;
    assert.equal(
      String((await keys("surveyslugs").findOne({ _id: slug }))?.target),
      id,
      "created with its key",
    );

    const renamed = await designer.patch<{ survey: { slug: string } }>(`/api/v1/surveys/${id}`, {
      title: { en: "Neighbourhood safety walk" },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const newSlug = renamed.body.survey.slug;
    assert.notEqual(newSlug, slug);
    assert.equal(String((await keys("surveyslugs").findOne({ _id: newSlug }))?.target), id);
    assert.equal(await keys("surveyslugs").countDocuments({ _id: slug }), 0, "the old slug's key is gone");
    assert.equal(await findSurveyBySlug(slug), null);
    assert.equal(String((await findSurveyBySlug(newSlug))?._id), id);

    // A key left pointing at the survey under a slug it no longer has finds nothing.
    await keys("surveyslugs").insertOne({ _id: slug, target: new Types.ObjectId(id) });
    assert.equal(await findSurveyBySlug(slug), null, "a stale key is checked against the survey");
    // The lookup is by key: without its key the survey is not found.
    await keys("surveyslugs").deleteOne({ _id: newSlug });
    assert.equal(await findSurveyBySlug(newSlug), null);

    await forgetKeys("surveyslugs", "survey-slug-keys");
    const { keyed } = await ensureSurveySlugKeys();
    assert.equal(keyed, await db().collection("surveys").countDocuments());
    assert.equal((await ensureSurveySlugKeys()).keyed, 0, "done once per database");
    assert.equal(String((await findSurveyBySlug(newSlug))?._id), id);
    const published = await publishFromTemplate(built.clients.admin);
    const page = await fetch(`${server.url}/s/${published.slug}`);
    assert.equal(page.status, 200, "the respondent page finds a survey created after the backfill");
  });

  it("when an agency or an account is created, then it is keyed, sign-in and the public page go by key, and older ones are keyed once at start", async () => {
    assert.equal(String((await keys("agencyslugs").findOne({ _id: built.slug }))?.target), built.agencyId);
    const email = `keyed-${built.slug}@example.org`;
    await createKeyedAnalyst(email);
    const signIn = () => new ApiClient(server.url).login(email.toUpperCase(), TEST_PASSWORD);
    assert.equal((await signIn()).status, 200);

    // Without its key the account cannot sign in: sign-in looks the email up by key.
    await keys("useremails").deleteOne({ _id: email });
    assert.equal((await signIn()).status, 401);
    assert.equal((await fetch(`${server.url}/p/${built.slug}`)).status, 200);
    await keys("agencyslugs").deleteOne({ _id: built.slug });
    assert.equal(await findAgencyBySlug(built.slug), null);

    await forgetKeys("agencyslugs", "agency-slug-keys");
    await forgetKeys("useremails", "user-email-keys");
    const { keyed } = await ensureAccountKeys();
    const stored =
      (await db().collection("agencies").countDocuments()) +
      (await db().collection("users").countDocuments());
    assert.equal(keyed, stored);
    assert.equal((await signIn()).status, 200);
    assert.equal(String((await findAgencyBySlug(built.slug))?._id), built.agencyId);
  });

  it("when an email's key is stale or taken, then a new account is refused only if an account really holds it", async () => {
    const email = `stale-${built.slug}@example.org`;
    // A key whose account was never stored (a create that died midway) does not block the email.
    await keys("useremails").insertOne({ _id: email, target: new Types.ObjectId() });
    await createKeyedAnalyst(email);
    await assert.rejects(createAnalyst(email), (error: { status?: number }) => error.status === 409);
    assert.equal(
      String((await keys("useremails").findOne({ _id: email }))?.target),
      String((await db().collection("users").findOne({ email }))?._id),
      "still the holder's",
    );
  });

  it("when contacts are invited and opt out, then marks and opt-outs are stored by key, and those stored before are rewritten once and still count", async () => {
    const admin = built.clients.admin;
    const survey = await publishFromTemplate(admin, "post-contact");
    const rules = await admin.patch("/api/v1/agency", {
      invitationRules: {
        quietHours: null,
        delayMinutes: 0,
        excludedContactTypes: [],
        minDaysBetween: 30,
        maxReminders: 0,
      },
    });
    assert.equal(rules.status, 200, JSON.stringify(rules.body));
    const apiKey = await admin.post<{ key: string }>("/api/v1/api-keys", {
      name: "cad",
      scopes: ["contacts:write"],
    });
    const post = async (contacts: Array<{ incidentNumber: string; email: string; callType?: string }>) => {
      const response = await fetch(`${server.url}/api/v1/contacts`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey.body.key}`, "content-type": "application/json" },
        body: JSON.stringify({
          contacts: contacts.map((c) => ({
            callType: "traffic_stop",
            ...c,
            occurredAt: new Date().toISOString(),
          })),
        }),
      });
      const body = (await response.json()) as { items: Array<{ status: string; reason?: string }> };
      return body.items.map((i) => i.reason ?? i.status);
    };
    assert.deepEqual(
      await post([
        { incidentNumber: "K-1", email: "first@example.net" },
        { incidentNumber: "K-2", email: "second@example.net" },
      ]),
      ["invited", "invited"],
    );
    const { keys: secrets } = invitationSettings();
    const first = emailKey(secrets, built.agencyId, "first@example.net");
    const second = emailKey(secrets, built.agencyId, "second@example.net");
    const marks = db().collection("contactmarks");
    assert.ok(
      await marks.findOne({ _id: `${survey.id}|${first}` as never }),
      "the mark's _id is survey|emailKey",
    );
    assert.equal(
      String(
        (
          await db()
            .collection("latestcontacts")
            .findOne({ _id: second as never })
        )?.["survey"],
      ),
      survey.id,
    );
    await db()
      .collection("optouts")
      .insertOne({
        _id: new Types.ObjectId(),
        agency: new Types.ObjectId(built.agencyId),
        emailKey: second,
        createdAt: new Date(),
      });

    // An older database: marks and opt-outs with ObjectId ids, no latest-contact notes.
    const stored = await marks.find({}).toArray();
    await marks.deleteMany({});
    await marks.insertMany(stored.map((m) => ({ ...m, _id: new Types.ObjectId() })));
    await db().collection("latestcontacts").deleteMany({});
    await db()
      .collection("migrations")
      .deleteOne({ _id: "contact-mark-keys" as never });
    const { keyed } = await ensureKeyedContactMarks();
    assert.equal(keyed, stored.length + 1);
    assert.equal(await marks.countDocuments({ _id: { $in: stored.map((m) => m._id) } }), stored.length);
    assert.equal(await marks.countDocuments(), stored.length, "the originals are gone");
    assert.ok(
      await db()
        .collection("optouts")
        .findOne({ _id: second as never }),
      "the opt-out's _id is its emailKey",
    );
    assert.equal((await ensureKeyedContactMarks()).keyed, 0, "done once per database");

    // A second survey takes other calls: a person invited to the first within 30 days waits.
    const other = await publishFromTemplate(admin, "post-contact");
    const callTypes = (id: string, types: string[]) =>
      admin.patch(`/api/v1/surveys/${id}`, {
        settings: { anonymous: true, oneResponsePerToken: false, callTypes: types },
      });
    assert.equal((await callTypes(survey.id, ["traffic_stop"])).status, 200);
    assert.equal((await callTypes(other.id, ["call_for_service"])).status, 200);
    const again = await post([
      { incidentNumber: "K-3", email: "first@example.net" },
      { incidentNumber: "K-4", email: "second@example.net" },
      { incidentNumber: "K-5", email: "first@example.net", callType: "call_for_service" },
      { incidentNumber: "K-6", email: "third@example.net", callType: "call_for_service" },
    ]);
    assert.deepEqual(again, ["already_invited", "opted_out", "recently_invited", "invited"]);

    // Two batches with the same person at once: the mark's _id lets exactly one of them invite.
    const racing = await Promise.all(
      ["K-7", "K-8", "K-9", "K-10"].map((incidentNumber) =>
        post([{ incidentNumber, email: "race@example.net" }]),
      ),
    );
    assert.equal(racing.flat().filter((status) => status === "invited").length, 1, JSON.stringify(racing));
    const race = emailKey(secrets, built.agencyId, "race@example.net");
    assert.equal(await marks.countDocuments({ emailKey: race }), 1);
    assert.equal(
      await db()
        .collection("latestcontacts")
        .countDocuments({ _id: race as never }),
      1,
    );
  });

  it("when an older process wrote records without keys after the backfill (a rolling upgrade), then keys rebuild finds them and keeps the rest", async () => {
    const survey = await db()
      .collection("surveys")
      .findOne({ agency: new Types.ObjectId(built.agencyId) });
    const copy = { ...survey!, _id: new Types.ObjectId(), slug: `older-process-${built.slug}` };
    await db().collection("surveys").insertOne(copy);
    const before = await keys("surveyslugs").countDocuments();
    assert.equal(await findSurveyBySlug(copy.slug), null, "no key, and the backfill already ran");
    const keyed = await keyEveryLookup({ again: true });
    assert.equal(keyed.surveySlugs, await db().collection("surveys").countDocuments());
    assert.equal(String((await findSurveyBySlug(copy.slug))?._id), String(copy._id));
    assert.equal(await keys("surveyslugs").countDocuments(), before + 1, "only the missing key was added");
  });
});
