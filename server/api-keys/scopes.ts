import type { Role } from "@shared/accounts.js";

/** What an integration may be allowed to do; a key holds one or more of these. */
export const API_KEY_SCOPES = [
  "surveys:read",
  "results:read",
  "responses:export",
  "invitations:write",
  "invitations:read",
  "contacts:write",
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** One endpoint a key may call: the scope it needs and the staff role it then acts with. */
interface ScopeRule {
  method: "GET" | "POST";
  path: RegExp;
  scope: ApiKeyScope;
  actAs: Role;
}

const ID = "[0-9a-fA-F]{24}";

/**
 * The only endpoints an API key reaches; everything else answers 403 to a key, so a new
 * staff endpoint is closed to keys until it is listed here. Paths are matched on the raw
 * URL: a spelling Express would also route (other case, encoded characters) fails closed.
 * Each key acts with the least role the endpoint needs, never as an admin.
 */
const RULES: ScopeRule[] = [
  { method: "GET", path: /^\/api\/v1\/surveys\/?$/, scope: "surveys:read", actAs: "analyst" },
  { method: "GET", path: new RegExp(`^/api/v1/surveys/${ID}$`), scope: "surveys:read", actAs: "analyst" },
  {
    method: "GET",
    path: new RegExp(`^/api/v1/surveys/${ID}/(results|trends|compare)$`),
    scope: "results:read",
    actAs: "analyst",
  },
  {
    method: "GET",
    path: new RegExp(`^/api/v1/surveys/${ID}/export\\.csv$`),
    scope: "responses:export",
    actAs: "analyst",
  },
  {
    method: "POST",
    path: new RegExp(`^/api/v1/surveys/${ID}/invitations$`),
    scope: "invitations:write",
    actAs: "designer",
  },
  {
    method: "GET",
    path: new RegExp(`^/api/v1/surveys/${ID}/invitations/summary$`),
    scope: "invitations:read",
    actAs: "analyst",
  },
  { method: "POST", path: /^\/api\/v1\/contacts$/, scope: "contacts:write", actAs: "designer" },
];

/** The rule for a request (HEAD counts as GET), or null when keys may not call it. */
export function scopeRuleFor(method: string, originalUrl: string): Omit<ScopeRule, "method" | "path"> | null {
  const verb = method === "HEAD" ? "GET" : method;
  const path = originalUrl.split("?")[0] ?? "";
  const rule = RULES.find((r) => r.method === verb && r.path.test(path));
  return rule ? { scope: rule.scope, actAs: rule.actAs } : null;
}
