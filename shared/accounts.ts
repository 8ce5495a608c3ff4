/** Staff roles, from least to most capable: each role can do what the ones before it can. */
export const ROLES = ["analyst", "designer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

export const AGENCY_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const DISTRICT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;
export const PASSWORD_MIN_LENGTH = 12;
export const DEFAULT_SUPPRESSION_THRESHOLD = 10;
