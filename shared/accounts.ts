/**
 * Staff roles, from least to most capable. From analyst up each role can do what the ones
 * before it can. `officer` (their own feedback, by badge) and `supervisor` (their units'
 * feedback) sit below analyst: they reach only the unit views, never a survey's results.
 */
export const ROLES = ["officer", "supervisor", "analyst", "designer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

export const AGENCY_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const DISTRICT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;
export const PASSWORD_MIN_LENGTH = 12;
export const DEFAULT_SUPPRESSION_THRESHOLD = 10;

/** Roles that see unit and officer views only (see ROLES). */
export const UNIT_ROLES: readonly Role[] = ["officer", "supervisor"];
export const isUnitRole = (role: Role): boolean => UNIT_ROLES.includes(role);

/** A unit as the dispatch system names it (`2B`, `traffic-east`), and an officer's badge or id. */
export const UNIT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
export const BADGE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * A unit or badge as dispatch systems write it ("B/4471", "Unit 7", "3.Adam.12") in the one form
 * staff screens, unit links and a supervisor's unit list use: runs of spaces, dots, slashes and
 * # become one "-", so "B/4471" is unit "B-4471" everywhere.
 */
export function dispatchCode(written: string): string {
  return written
    .trim()
    .replace(/[\s./#]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
/** Fewest responses a unit or officer needs before any figure of theirs is shown (agency setting). */
export const DEFAULT_UNIT_MINIMUM_N = 10;
/** The setting can be raised, never set below this: one or two answers would point at a person. */
export const UNIT_MINIMUM_N_FLOOR = 5;

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
