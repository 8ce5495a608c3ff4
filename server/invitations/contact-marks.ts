/*
 * Who was invited or opted out, addressed by key: every check at upload and before a message is
 * a read by `_id`, which the embedded engine serves from its index, where a filter on `emailKey`
 * read every mark of every person the agency ever invited (a collection that grows with each).
 */
import type mongoose from "mongoose";
import { Types } from "mongoose";
import { insertIgnoringDuplicates } from "@server/platform/insert-ignoring-duplicates.js";
import { runOnce } from "@server/platform/migrations.js";
import { ContactMarkModel, LatestContactModel, OptOutModel } from "./contact-mark.model.js";

const BATCH = 1_000;

/** The key of a person's mark for one survey. */
export const markId = (survey: Types.ObjectId | string, emailKey: string): string =>
  `${String(survey)}|${emailKey}`;

/** Which of these keyed hashes opted out of the agency. */
export async function optedOutKeys(agencyId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await OptOutModel.find({ _id: { $in: keys }, agency: agencyId }, { _id: 1 }).lean();
  return new Set(found.map((o) => o._id));
}

export async function isOptedOut(agencyId: string, key: string): Promise<boolean> {
  return (await OptOutModel.exists({ _id: key, agency: agencyId })) !== null;
}

/** Records an opt-out; recording it twice (a double click, a second STOP) changes nothing. */
export async function recordOptOut(agencyId: string | Types.ObjectId, key: string, at: Date): Promise<void> {
  const agency = new Types.ObjectId(String(agencyId));
  await insertIgnoringDuplicates(OptOutModel.collection, [
    { _id: key, agency, emailKey: key, createdAt: at },
  ]);
}

export async function liftOptOuts(keys: string[]): Promise<void> {
  if (keys.length > 0) await OptOutModel.deleteMany({ _id: { $in: keys } });
}

/**
 * What the agency knows of these people: the surveys they were invited to (of those asked, as
 * `survey|key`) and the day each was last invited to any survey.
 */
export async function invitationsOf(
  agencyId: string,
  keys: string[],
  surveys: string[],
): Promise<{ invitedTo: Set<string>; lastInvitedOn: Map<string, Date> }> {
  const markIds = surveys.flatMap((survey) => keys.map((key) => markId(survey, key)));
  const [marks, latest] = await Promise.all([
    markIds.length > 0
      ? ContactMarkModel.find({ _id: { $in: markIds }, agency: agencyId }, { _id: 1 }).lean()
      : [],
    keys.length > 0
      ? LatestContactModel.find({ _id: { $in: keys }, agency: agencyId }, { invitedOn: 1 }).lean()
      : [],
  ]);
  return {
    invitedTo: new Set(marks.map((m) => m._id)),
    lastInvitedOn: new Map(latest.map((l) => [l._id, l.invitedOn])),
  };
}

export interface NewMark {
  agency: Types.ObjectId;
  survey: Types.ObjectId;
  emailKey: string;
  invitedOn: Date;
}

/** Inserts marks; returns the indexes of those already there (the person was invited to the survey). */
export async function insertMarks(marks: NewMark[]): Promise<Set<number>> {
  return insertIgnoringDuplicates(
    ContactMarkModel.collection,
    marks.map((mark) => ({ _id: markId(mark.survey, mark.emailKey), ...mark })),
  );
}

export async function deleteMarks(marks: Array<Pick<NewMark, "survey" | "emailKey">>): Promise<void> {
  if (marks.length === 0) return;
  await ContactMarkModel.deleteMany({ _id: { $in: marks.map((m) => markId(m.survey, m.emailKey)) } });
}

/**
 * Notes each marked person's latest invitation (the marks are new, so theirs is the latest): one
 * insert for people never noted, then one update by `$in` on `_id` per survey for the others,
 * instead of an upsert per person.
 */
export async function noteLatestContacts(marks: NewMark[]): Promise<void> {
  const notes = marks.map((m) => ({
    _id: m.emailKey,
    agency: m.agency,
    survey: m.survey,
    invitedOn: m.invitedOn,
  }));
  const noted = await insertIgnoringDuplicates(LatestContactModel.collection, notes);
  const groups = new Map<string, typeof notes>();
  for (const i of noted) {
    const note = notes[i]!;
    const group = `${String(note.survey)}|${note.invitedOn.getTime()}`;
    groups.set(group, [...(groups.get(group) ?? []), note]);
  }
  for (const group of groups.values()) {
    const { agency, survey, invitedOn } = group[0]!;
    await LatestContactModel.updateMany(
      { _id: { $in: group.map((n) => n._id) } },
      { $set: { agency, survey, invitedOn } },
    );
  }
}

/**
 * Takes back what noteLatestContacts wrote for marks that are being undone. A person whose
 * note another survey's invitation has overwritten meanwhile keeps that note.
 */
export async function forgetLatestContacts(
  marks: Array<Pick<NewMark, "survey" | "emailKey">>,
): Promise<void> {
  const bySurvey = new Map<string, string[]>();
  for (const m of marks)
    bySurvey.set(String(m.survey), [...(bySurvey.get(String(m.survey)) ?? []), m.emailKey]);
  for (const [survey, keys] of bySurvey) await LatestContactModel.deleteMany({ _id: { $in: keys }, survey });
}

/**
 * Rewrites the opt-outs and marks stored before they were addressed by key, once per database
 * (they had ObjectId `_id`s and unique indexes on their fields, which the keyed copies would
 * collide with, so those indexes go first). Each batch inserts the keyed copies, then deletes
 * the originals: a crash midway repeats the batch at the next start, which is safe.
 */
export async function ensureKeyedContactMarks(): Promise<{ keyed: number }> {
  let keyed = 0;
  await runOnce("contact-mark-keys", async () => {
    for (const name of ["agency_1_emailKey_1"])
      await OptOutModel.collection.dropIndex(name).catch(() => undefined);
    for (const name of ["agency_1_survey_1_emailKey_1", "agency_1_emailKey_1_invitedOn_1"])
      await ContactMarkModel.collection.dropIndex(name).catch(() => undefined);
    keyed += await rewriteByKey(OptOutModel.collection, (o) => String(o["emailKey"]));
    keyed += await rewriteByKey(
      ContactMarkModel.collection,
      (m) => markId(String(m["survey"]), String(m["emailKey"])),
      notePeople,
    );
  });
  return { keyed };
}

type RawDoc = Record<string, unknown> & { _id: unknown };
async function rewriteByKey(
  collection: mongoose.Collection,
  keyOf: (doc: RawDoc) => string,
  afterBatch: (docs: RawDoc[]) => Promise<void> = async () => undefined,
): Promise<number> {
  let rewritten = 0;
  let batch: RawDoc[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await insertIgnoringDuplicates(
      collection,
      batch.map((doc) => ({ ...doc, _id: keyOf(doc) })),
    );
    await afterBatch(batch);
    await collection.deleteMany({ _id: { $in: batch.map((doc) => doc._id as Types.ObjectId) } });
    rewritten += batch.length;
    batch = [];
  };
  for await (const found of collection.find({})) {
    const doc = found as RawDoc;
    if (typeof doc._id === "string") continue;
    batch.push(doc);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return rewritten;
}

/** Brings each person's latest-invitation note up to the marks of a rewritten batch. */
async function notePeople(marks: RawDoc[]): Promise<void> {
  const latest = new Map<string, NewMark>();
  for (const raw of marks) {
    const mark = raw as unknown as NewMark;
    const seen = latest.get(mark.emailKey);
    if (!seen || seen.invitedOn < mark.invitedOn) latest.set(mark.emailKey, mark);
  }
  const noted = await LatestContactModel.find({ _id: { $in: [...latest.keys()] } }, { invitedOn: 1 }).lean();
  for (const n of noted) if (latest.get(n._id)!.invitedOn <= n.invitedOn) latest.delete(n._id);
  await noteLatestContacts([...latest.values()]);
}
