import { Types } from "mongoose";
import { checkAnswers } from "@shared/answers.js";
import { scoreIndices } from "@shared/indices.js";
import { periodKeys } from "@shared/periods.js";
import { answerOf, type Answers, type Channel } from "@shared/survey.js";
import { weightingCell } from "@shared/weighting.js";
import { findAgencyById, type Agency } from "@server/accounts/accounts.service.js";
import {
  openDeltas,
  planDeltas,
  settleDelta,
  type CountedResponse,
} from "@server/analytics/rollups.service.js";
import { databaseKnownDown } from "@server/platform/database.js";
import { PROCESS_ID } from "@server/platform/lease.js";
import { AppError, notFound } from "@server/platform/errors.js";
import { domainEvents } from "@server/platform/events.js";
import { GroupCommit, type GroupCommitOptions } from "@server/platform/group-commit.js";
import { presentPublicSurvey } from "@server/surveys/survey.presenter.js";
import { findSurveyBySlug, markHasResponses, type Survey } from "@server/surveys/surveys.service.js";
import {
  hashToken,
  redeemInvitationToken,
  settleAfterWrite,
  type Redemption,
} from "@server/invitations/invitations.service.js";
import { recordCommendation } from "@server/commendations/commendations.service.js";
import { clientSignalProblems, type ClientSignals } from "@server/respondent/form-guard.js";
import { ResponseModel, responseId } from "./response.model.js";
import { giveUpBatch, retryable, sweepSoon, unavailable } from "./write-intents.js";

export interface Submission {
  submissionId: string;
  language?: string;
  token?: string;
  channel?: Channel;
  answers: Answers;
  /** Bot signals the respondent page sends (honeypot, signed start time); never stored. */
  client?: ClientSignals;
  /** "Commend the officer", only with a token whose contact names one. */
  commendation?: { note?: string };
}

export interface SubmissionResult {
  id: string;
  duplicate: boolean;
}

interface SurveyContext {
  survey: Survey;
  agency: Agency;
  loadedAt: number;
}

// Respondents hit the same few surveys thousands of times; a short cache keeps two reads off
// every submission. Local changes invalidate it at once; other processes see them within TTL.
const CONTEXT_TTL_MS = 2000;
const contexts = new Map<string, SurveyContext>();
domainEvents.on("survey.changed", ({ slug }) => contexts.delete(slug));

async function surveyContext(slug: string): Promise<SurveyContext | null> {
  const cached = contexts.get(slug);
  if (cached && Date.now() - cached.loadedAt < CONTEXT_TTL_MS) return cached;
  const survey = await findSurveyBySlug(slug);
  if (!survey) return null;
  const agency = await findAgencyById(survey.agency);
  const context = { survey, agency, loadedAt: Date.now() };
  contexts.set(slug, context);
  return context;
}

/** An open survey's public definition; drafts and unknown slugs are both "not found". */
export async function publicSurvey(slug: string) {
  const context = await surveyContext(slug);
  if (!context || context.survey.status !== "open") throw notFound("survey");
  return presentPublicSurvey(context.survey, context.agency);
}

interface PreparedResponse {
  doc: Record<string, unknown> & { _id: string; submissionId: string; survey: Types.ObjectId };
  counted: CountedResponse;
  survey: Survey;
}

const DUPLICATE_KEY = 11000;

/**
 * Writes one batch, before anyone is answered: its rollup deltas, unsettled (the intent
 * record); one unordered `insertMany` of the responses, each naming its delta in `batch`; then
 * the deltas settled to what was stored. A submissionId already stored (earlier, or twice in
 * this batch) collides on `_id`: it answers with that same id and is not counted again. If
 * the sequence stops part way (a crash, a lost connection), the repair in write-intents.ts
 * settles the deltas to exactly the responses this batch stored.
 */
async function writeBatch(batch: PreparedResponse[]): Promise<SubmissionResult[]> {
  // Queued while an earlier batch waited on a database that has since been found gone.
  if (databaseKnownDown()) throw unavailable();
  const crash = crashAt;
  crashAt = null;
  const deltas = planDeltas(batch.map((p) => p.counted));
  const deltaIds = new Map(deltas.map((d) => [d.survey, d._id]));
  try {
    await openDeltas(deltas, crash ? CRASHED_WRITER : PROCESS_ID);
  } catch (error) {
    // Perhaps stored without the answer reaching us: the repair removes what is left.
    giveUpBatch([...deltaIds.values()]);
    throw retryable(error);
  }
  if (crash === "afterIntent") throw simulatedCrash("after the write intent");
  const duplicates = new Set<number>();
  try {
    await ResponseModel.collection.insertMany(
      // String ids (see responseId), which the driver's default typing does not expect.
      batch.map((p) => ({ ...p.doc, batch: deltaIds.get(p.counted.surveyId) })) as never[],
      { ordered: false },
    );
    if (crash === "afterInsert") throw simulatedCrash("after the responses' insert");
  } catch (error) {
    // A duplicate in the stopped batch must not answer as one: the process is "dead" here.
    if (crash) throw simulatedCrash("after the responses' insert", error);
    const writeErrors = (error as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
    // An empty list is the driver wrapping a connection failure: which responses were stored
    // is unknown, so the repair finds out once the database is back.
    if (!writeErrors?.length || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) {
      giveUpBatch([...deltaIds.values()]);
      throw retryable(error);
    }
    for (const e of writeErrors) duplicates.add(e.index);
  }
  try {
    for (const delta of deltas) {
      // The delta's sources are this survey's responses in batch order.
      const indices = batch.flatMap((p, i) => (p.counted.surveyId === delta.survey ? [i] : []));
      const stored = indices.flatMap((batchIndex, source) => (duplicates.has(batchIndex) ? [] : [source]));
      await settleDelta(delta, stored);
    }
  } catch (error) {
    // Stored, not yet counted: the repair counts them, and their resend answers "duplicate".
    giveUpBatch([...deltaIds.values()]);
    throw retryable(error);
  }

  const stored = batch.filter((_, i) => !duplicates.has(i));
  const surveys = new Map(stored.map((p) => [String(p.survey._id), p.survey]));
  for (const [surveyId, survey] of surveys) {
    if (!survey.hasResponses) {
      await markHasResponses(surveyId);
      survey.hasResponses = true;
    }
    const count = stored.filter((p) => String(p.survey._id) === surveyId).length;
    domainEvents.emit("response.stored", { surveyId, agencyId: String(survey.agency), count });
  }

  return batch.map((p, i) => ({ id: p.doc._id, duplicate: duplicates.has(i) }));
}

/**
 * Tests stop the next batch part way, as a process killed there would: its deltas are written
 * under a writer id no live process has, and nothing after the stage happens.
 */
let crashAt: "afterIntent" | "afterInsert" | null = null;
const CRASHED_WRITER = "crashed-process";
/** The "dead" writer left no heartbeat to show it is gone, so the repair is told to sweep. */
function simulatedCrash(where: string, cause?: unknown): Error {
  sweepSoon();
  return new Error(`simulated crash ${where}`, { cause });
}
export function crashNextBatch(stage: "afterIntent" | "afterInsert"): void {
  crashAt = stage;
}

let committer: GroupCommit<PreparedResponse, SubmissionResult> | null = null;

/** Sets the batching window; called once by the server at start. */
export function configureSubmissions(options: GroupCommitOptions): void {
  committer = new GroupCommit(writeBatch, options);
}

/** Waits for every accepted submission to be written (graceful shutdown). */
export async function drainSubmissions(): Promise<void> {
  await committer?.drain();
}

/**
 * Validates and stores one response to an open survey. Every rule of the contract is applied
 * here, on the server, whatever the page already checked.
 */
export async function submitResponse(
  slug: string,
  input: Submission,
  now = new Date(),
): Promise<SubmissionResult> {
  const context = await surveyContext(slug);
  if (!context || context.survey.status === "draft") throw notFound("survey");
  const { survey, agency } = context;
  if (survey.status === "closed") throw new AppError(410, "survey_closed", "This survey is closed.");
  const botSignals = input.client ? clientSignalProblems(slug, input.client, now.getTime()) : [];
  if (botSignals.length > 0)
    throw new AppError(400, "invalid_response", "Some answers are not valid.", botSignals);
  const language = input.language ?? survey.languages[0]!;
  const districts = agency.districts.map((d) => d.code);
  const { problems, answers } = checkAnswers(survey.questions, input.answers, districts);
  if (!survey.languages.includes(language)) {
    problems.unshift({ path: "language", message: `"${language}" is not a language of this survey` });
  }
  if (problems.length > 0) {
    throw new AppError(400, "invalid_response", "Some answers are not valid.", problems);
  }
  // Invitation token: taken atomically (one response per token), given back if the write fails.
  if (input.commendation && input.token === undefined) {
    throw new AppError(400, "invalid_response", "Some answers are not valid.", [
      { path: "commendation", message: "needs an invitation token whose contact names an officer" },
    ]);
  }
  let redemption: Redemption | null = null;
  if (input.token !== undefined) {
    const earlier = await ResponseModel.findById(responseId(String(survey._id), input.submissionId))
      .select("invitation unit officer")
      .lean();
    if (earlier?.invitation === hashToken(input.token)) {
      // A retry: the commendation is recorded if the first attempt stopped before it was.
      await commend(input, String(earlier._id), String(survey.agency), earlier);
      return { id: String(earlier._id), duplicate: true };
    }
    redemption = await redeemInvitationToken(String(survey._id), input.token);
  }
  const districtQuestion = survey.questions.find((q) => q.type === "district");
  const district = districtQuestion
    ? ((answerOf(answers, districtQuestion.id) as string | undefined) ?? null)
    : null;
  const periods = periodKeys(now, agency.timezone);
  const scores = scoreIndices(survey.questions, answers);
  const cell = weightingCell(survey.questions, answers);
  const id = responseId(String(survey._id), input.submissionId);
  const prepared: PreparedResponse = {
    doc: {
      _id: id,
      survey: survey._id,
      agency: survey.agency,
      version: survey.version,
      submissionId: input.submissionId,
      answers,
      language,
      channel: input.channel ?? (redemption ? "email" : "link"),
      district,
      periods,
      scores,
      cell,
      invitation: redemption?.tokenHash ?? null,
      unit: redemption?.unit ?? null,
      officer: redemption?.officer ?? null,
      createdAt: now,
    },
    counted: {
      surveyId: String(survey._id),
      agencyId: String(survey.agency),
      responseId: id,
      source: {
        version: survey.version,
        answers,
        periods,
        district,
        scores,
        cell,
        unit: redemption?.unit ?? null,
        officer: redemption?.officer ?? null,
      },
    },
    survey,
  };
  if (!committer) throw new Error("configureSubmissions was not called");
  // During an outage, answer 503 now rather than after a server selection timeout.
  if (databaseKnownDown()) throw unavailable();
  if (!redemption) return committer.submit(prepared);
  const result = await settleAfterWrite(redemption, committer.submit(prepared));
  await commend(input, result.id, String(survey.agency), redemption);
  return result;
}

/** Records the submission's commendation, if any, before it is acknowledged (once per response). */
async function commend(
  input: Submission,
  storedId: string,
  agencyId: string,
  contact: { unit?: string | null; officer?: string | null },
): Promise<void> {
  if (!input.commendation || !contact.officer) return;
  await recordCommendation({
    responseId: storedId,
    agencyId,
    unit: contact.unit ?? null,
    officer: contact.officer,
    note: input.commendation.note,
  });
}

/** A stored response as plain data, for raw scans (exports, open text, rollup rebuilds). */
export interface StoredResponse {
  _id: string;
  version: number;
  answers: Answers;
  language: string;
  channel: Channel;
  district: string | null;
  periods: { day: string; week: string; month: string };
  scores: Record<string, number>;
  cell?: string | null;
  unit?: string | null;
  officer?: string | null;
  createdAt: Date;
}

export interface ResponseScan {
  surveyId: string;
  district?: string;
  /** Inclusive local dates (the agency's timezone), compared with the stored day key. */
  from?: string;
  to?: string;
  /** Only responses that answered at least one of these questions. */
  answered?: string[];
}

function scanFilter(scan: ResponseScan): Record<string, unknown> {
  const filter: Record<string, unknown> = { survey: new Types.ObjectId(scan.surveyId) };
  if (scan.district) filter["district"] = scan.district;
  if (scan.from || scan.to)
    filter["periods.day"] = { $gte: scan.from ?? "0000-00-00", $lte: scan.to ?? "9999-99-99" };
  // Question ids are validated (^[a-z][a-z0-9_]*$), so they are safe as field paths.
  if (scan.answered) filter["$or"] = scan.answered.map((id) => ({ [`answers.${id}`]: { $exists: true } }));
  return filter;
}

/**
 * Stored responses of one survey, oldest first (newest first when asked), streamed from a
 * cursor so an export of a million rows never sits in memory. Dashboards never call this.
 */
export function scanResponses(
  scan: ResponseScan,
  page: { newestFirst?: boolean; skip?: number; limit?: number } = {},
): AsyncIterable<StoredResponse> {
  const direction = page.newestFirst ? -1 : 1;
  let query = ResponseModel.find(scanFilter(scan))
    .sort({ createdAt: direction, _id: direction })
    .select("-survey -agency -submissionId -invitation -batch");
  if (page.skip) query = query.skip(page.skip);
  if (page.limit) query = query.limit(page.limit);
  return query.lean<StoredResponse>().cursor() as unknown as AsyncIterable<StoredResponse>;
}

export async function countResponses(scan: ResponseScan): Promise<number> {
  return ResponseModel.countDocuments(scanFilter(scan));
}

/** A stored response's age and owner, for the retention job. */
export interface ResponseAge {
  _id: string;
  agency: Types.ObjectId;
  createdAt: Date;
}

/** Every response stored before `before`, as id, agency and time only: one streamed scan. */
export function scanResponsesBefore(before: Date): AsyncIterable<ResponseAge> {
  return ResponseModel.find({ createdAt: { $lt: before } })
    .select({ _id: 1, agency: 1, createdAt: 1 })
    .lean<ResponseAge>()
    .cursor() as unknown as AsyncIterable<ResponseAge>;
}

/** Deletes raw responses by id (rollups are left as they are); returns how many went. */
export async function deleteResponsesById(ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { deletedCount } = await ResponseModel.deleteMany({ _id: { $in: ids } });
  return deletedCount;
}

/** Ids of every survey with at least one stored response (operator commands). */
export async function surveysWithResponses(): Promise<string[]> {
  const ids = await ResponseModel.distinct("survey");
  return ids.map(String);
}

/** A response's survey, unit, officer and index scores: what it adds to the unit views' rollups. */
export interface UnitViewResponse {
  survey: Types.ObjectId;
  agency: Types.ObjectId;
  unit?: string | null;
  officer?: string | null;
  scores?: Record<string, number>;
}

/**
 * Every stored response of every survey with the fields the unit views count, in one streamed
 * scan: counting responses stored before those views had rollups, once (a filter by survey
 * would read the whole collection once per survey on the embedded engine).
 */
export function scanUnitViewResponses(): AsyncIterable<UnitViewResponse> {
  return ResponseModel.find()
    .select({ _id: 0, survey: 1, agency: 1, unit: 1, officer: 1, scores: 1 })
    .lean<UnitViewResponse>()
    .cursor() as unknown as AsyncIterable<UnitViewResponse>;
}
