import type { Action } from "./actions.service.js";

/** An action as admins see it in the staff pages. */
export function presentAction(action: Action) {
  return {
    id: String(action._id),
    title: action.title,
    body: action.body ?? "",
    surveyId: action.survey ? String(action.survey) : null,
    indicator: action.indicator ?? null,
    date: action.date,
    status: action.status,
    createdAt: action.createdAt,
    updatedAt: action.updatedAt,
  };
}
