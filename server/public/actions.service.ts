import { Types } from "mongoose";
import { INDEX_KEYS } from "@shared/indices.js";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { AppError, notFound, type ErrorDetail } from "@server/platform/errors.js";
import { getSurvey, type Survey } from "@server/surveys/surveys.service.js";
import { ActionModel, type ActionRecord } from "./action.model.js";
import { ACTION_LIMITS, type ActionInput } from "./public.schemas.js";
import { forgetPublicResults } from "./public-cache.js";

export type Action = ActionRecord;

const invalid = (details: ErrorDetail[]): AppError =>
  new AppError(400, "validation_failed", "The request has invalid fields.", details);

/**
 * The survey an action points at must be one of the agency's (another agency's id reads as
 * "not a survey of this agency", like a missing one), and a question indicator must be one of
 * that survey's questions: an action can only answer a result the agency actually has.
 */
async function checkReferences(agencyId: string, surveyId: string | null, indicator: string | null) {
  let survey: Survey | null = null;
  if (surveyId) {
    survey = await getSurvey(agencyId, surveyId).catch((error: unknown) => {
      if ((error as AppError).status === 404)
        throw invalid([{ path: "surveyId", message: "is not a survey of this agency" }]);
      throw error;
    });
  }
  if (!indicator || (INDEX_KEYS as string[]).includes(indicator)) return;
  if (!survey) throw invalid([{ path: "indicator", message: "a question indicator needs a surveyId" }]);
  if (!survey.questions.some((q) => q.id === indicator))
    throw invalid([{ path: "indicator", message: `"${indicator}" is not a question of this survey` }]);
}

/** The agency's actions, newest date first; optionally those tied to one survey. */
export async function listActions(agencyId: string, surveyId?: string): Promise<Action[]> {
  const filter: Record<string, unknown> = { agency: new Types.ObjectId(agencyId) };
  if (surveyId) filter["survey"] = new Types.ObjectId(surveyId);
  return ActionModel.find(filter).sort({ date: -1, _id: -1 }).limit(ACTION_LIMITS.perAgency).lean<Action[]>();
}

async function findAction(agencyId: string, actionId: string): Promise<Action> {
  // Read by `_id` (the fast path) and compare the agency here: another agency's action is a 404.
  const action = await ActionModel.findById(actionId).lean<Action>();
  if (!action || String(action.agency) !== agencyId) throw notFound("action");
  return action;
}

export async function createAction(staff: StaffContext, input: ActionInput): Promise<Action> {
  await checkReferences(staff.agencyId, input.surveyId, input.indicator);
  const count = await ActionModel.countDocuments({ agency: new Types.ObjectId(staff.agencyId) });
  if (count >= ACTION_LIMITS.perAgency)
    throw new AppError(
      409,
      "too_many_actions",
      `An agency keeps at most ${ACTION_LIMITS.perAgency} actions.`,
    );
  const created = await ActionModel.create({
    agency: staff.agencyId,
    survey: input.surveyId,
    indicator: input.indicator,
    title: input.title,
    body: input.body,
    date: input.date,
    status: input.status,
  });
  forgetPublicResults(staff.agencyId);
  return created.toObject() as Action;
}

/** Changes the fields given; the survey and indicator are checked together as they will be stored. */
export async function updateAction(
  staff: StaffContext,
  actionId: string,
  changes: Partial<ActionInput>,
): Promise<Action> {
  const current = await findAction(staff.agencyId, actionId);
  const surveyId =
    changes.surveyId !== undefined ? changes.surveyId : current.survey ? String(current.survey) : null;
  const indicator = changes.indicator !== undefined ? changes.indicator : (current.indicator ?? null);
  await checkReferences(staff.agencyId, surveyId, indicator);
  const set: Record<string, unknown> = { survey: surveyId, indicator };
  for (const key of ["title", "body", "date", "status"] as const) {
    if (changes[key] !== undefined) set[key] = changes[key];
  }
  const updated = await ActionModel.findByIdAndUpdate(
    actionId,
    { $set: set },
    { returnDocument: "after" },
  ).lean<Action>();
  if (!updated) throw notFound("action");
  forgetPublicResults(staff.agencyId);
  return updated;
}

export async function deleteAction(staff: StaffContext, actionId: string): Promise<Action> {
  const current = await findAction(staff.agencyId, actionId);
  await ActionModel.deleteOne({ _id: current._id });
  forgetPublicResults(staff.agencyId);
  return current;
}
