import type { Role } from "@shared/accounts.js";

/** Every subscriber of a survey, whatever its role: used to see whether anyone is watching. */
export const surveyRoom = (surveyId: string): string => `survey:${surveyId}`;

/**
 * The subscribers of a survey with one role. Broadcasts go to role rooms so each body is
 * computed and encoded once per role, never once per socket.
 */
export const roleRoom = (surveyId: string, role: Role): string => `survey:${surveyId}:role:${role}`;
