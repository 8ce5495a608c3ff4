import { ACCOUNT_AND_SURVEY_ENDPOINTS } from "./endpoints-accounts-surveys.js";
import { OTHER_ENDPOINTS } from "./endpoints-resources-public.js";
import type { Endpoint } from "./endpoint-types.js";

export type { Caller, Endpoint, FuzzContext, IdKind, IdSet } from "./endpoint-types.js";
export { SUBMISSION_PLACEHOLDER } from "./endpoints-resources-public.js";

/** Every public and staff endpoint mounted in server/app.ts, with a valid request to mutate. */
export const ENDPOINTS: Endpoint[] = [...ACCOUNT_AND_SURVEY_ENDPOINTS, ...OTHER_ENDPOINTS];
