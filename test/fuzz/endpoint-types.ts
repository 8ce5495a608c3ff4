import type { BodyRules, Json } from "./mutations.js";

/** Ids the endpoints need; each names a valid one, one of another agency and a missing one. */
export type IdKind =
  | "survey"
  | "scratch"
  | "postContact"
  | "user"
  | "action"
  | "doomedAction"
  | "resource"
  | "apiKey"
  | "staffInvitation"
  | "surveySlug"
  | "agencySlug";

export interface IdSet {
  valid: string;
  missing: string;
  /** Another agency's id, which must answer exactly like a missing one. */
  foreign?: string;
}

export interface FuzzContext {
  ids: Record<IdKind, IdSet>;
  surveyId: string;
  loginEmail: string;
  password: string;
  exportedSurvey: Json;
}

/** Who calls: agency A's admin session (with CSRF), a spare admin whose session may end, or nobody. */
export type Caller = "admin" | "spare" | "anonymous";

export interface Endpoint {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** With `{id}` where the `idKind` goes. */
  path: string;
  caller: Caller;
  /** The least role the route allows; sessions of lower roles must be refused (403). */
  role?: "admin" | "designer";
  idKind?: IdKind;
  /** The valid body, built fresh for each run; absent for GET. */
  body?: (ctx: FuzzContext) => Json;
  /** Takes no body: any body with keys must be refused. */
  bodyless?: boolean;
  /** No schema looks at the body at all (logout): a body changes nothing. */
  bodyIgnored?: boolean;
  rules?: BodyRules;
  query?: (ctx: FuzzContext) => Record<string, string>;
  /** Keys the route's query schema knows; present only when the route validates its query. */
  queryKeys?: string[];
  /** Collections a refused request must leave exactly as they were. */
  collections?: string[];
  /** Accepts more than JSON (CSV uploads): other content types may be valid. */
  otherContentTypes?: boolean;
  /** Answers errors with an HTML page, not the JSON error body. */
  html?: boolean;
  /** A missing id is not an error here (a stylesheet with nothing in it). */
  idLenient?: boolean;
  /** Takes raw image bytes (the logo): bodies are random bytes under random content types. */
  raw?: boolean;
  /** A urlencoded form post (the no-script survey form, the opt-out button). */
  form?: boolean;
}
