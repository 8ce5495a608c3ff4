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

/**
 * One of an agency's districts. `name` is its name in the agency's first language and is
 * always there (older clients send only it); `names` may give it in other languages, by code.
 */
export interface District {
  code: string;
  name: string;
  names?: Record<string, string>;
}

/** A district's name in a language: its own name there when given, else its main name. */
export function districtName(district: District, language: string): string {
  return district.names?.[language]?.trim() || district.name;
}
