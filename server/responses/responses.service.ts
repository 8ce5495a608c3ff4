import { Types } from "mongoose";
import { checkAnswers } from "@shared/answers.js";
import { scoreIndices } from "@shared/indices.js";
import { periodKeys } from "@shared/periods.js";
import { answerOf, type Answers, type Channel } from "@shared/survey.js";
import { findAgencyById, type Agency } from "@server/accounts/accounts.service.js";
import { addToRollups, type CountedResponse } from "@server/analytics/rollups.service.js";
import { AppError, notFound } from "@server/platform/errors.js";
import { domainEvents } from "@server/platform/events.js";
import { GroupCommit, type GroupCommitOptions } from "@server/platform/group-commit.js";
import { presentPublicSurvey } from "@server/surveys/survey.presenter.js";
import { findSurveyBySlug, markHasResponses, type Survey } from "@server/surveys/surveys.service.js";
import { ResponseModel } from "./response.model.js";

export interface Submission {
  submissionId: string;
  language?: string;
  token?: string;
  channel?: Channel;
  answers: Answers;
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
  doc: Record<string, unknown> & { _id: Types.ObjectId; submissionId: string; survey: Types.ObjectId };
  counted: CountedResponse;
  survey: Survey;
}

const DUPLICATE_KEY = 11000;

/**
 * Writes one batch: a single unordered `insertMany`, then one `bulkWrite` of rollup
 * increments for the responses that were new. A submissionId already stored (earlier, or
 * twice in this batch) answers with the first response's id and adds nothing to rollups.
 */
async function writeBatch(batch: PreparedResponse[]): Promise<SubmissionResult[]> {
  const duplicates = new Set<number>();
  try {
    await ResponseModel.collection.insertMany(
      batch.map((p) => p.doc),
      { ordered: false },
    );
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
    if (!writeErrors || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    for (const e of writeErrors) duplicates.add(e.index);
  }
  const stored = batch.filter((_, i) => !duplicates.has(i));
  await addToRollups(stored.map((p) => p.counted));

  const firstIds = new Map<string, string>();
  if (duplicates.size > 0) {
    const existing = await ResponseModel.collection
      .find(
        {
          $or: [...duplicates].map((i) => ({
            survey: batch[i]!.doc.survey,
            submissionId: batch[i]!.doc.submissionId,
          })),
        },
        { projection: { _id: 1, survey: 1, submissionId: 1 } },
      )
      .toArray();
    for (const doc of existing)
      firstIds.set(`${String(doc["survey"])}|${String(doc["submissionId"])}`, String(doc._id));
  }

  const surveys = new Map(stored.map((p) => [String(p.survey._id), p.survey]));
  for (const [surveyId, survey] of surveys) {
    if (!survey.hasResponses) {
      await markHasResponses(surveyId);
      survey.hasResponses = true;
    }
    const count = stored.filter((p) => String(p.survey._id) === surveyId).length;
    domainEvents.emit("response.stored", { surveyId, agencyId: String(survey.agency), count });
  }

  return batch.map((p, i) => {
    if (!duplicates.has(i)) return { id: String(p.doc._id), duplicate: false };
    const id = firstIds.get(`${String(p.doc.survey)}|${p.doc.submissionId}`);
    if (!id) throw new Error("a duplicate submission has no stored original");
    return { id, duplicate: true };
  });
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
  if (input.token !== undefined) {
    throw new AppError(403, "invalid_token", "This invitation link is not valid for this survey.");
  }
  const language = input.language ?? survey.languages[0]!;
  const districts = agency.districts.map((d) => d.code);
  const { problems, answers } = checkAnswers(survey.questions, input.answers, districts);
  if (!survey.languages.includes(language)) {
    problems.unshift({ path: "language", message: `"${language}" is not a language of this survey` });
  }
  if (problems.length > 0) {
    throw new AppError(400, "invalid_response", "Some answers are not valid.", problems);
  }
  const districtQuestion = survey.questions.find((q) => q.type === "district");
  const district = districtQuestion ? ((answerOf(answers, districtQuestion.id) as string | undefined) ?? null) : null;
  const periods = periodKeys(now, agency.timezone);
  const scores = scoreIndices(survey.questions, answers);
  const prepared: PreparedResponse = {
    doc: {
      _id: new Types.ObjectId(),
      survey: survey._id,
      agency: survey.agency,
      version: survey.version,
      submissionId: input.submissionId,
      answers,
      language,
      channel: input.channel ?? "link",
      district,
      periods,
      scores,
      invitation: null,
      createdAt: now,
    },
    counted: {
      surveyId: String(survey._id),
      agencyId: String(survey.agency),
      questions: survey.questions,
      source: { answers, periods, district, scores },
    },
    survey,
  };
  if (!committer) throw new Error("configureSubmissions was not called");
  return committer.submit(prepared);
}
