import { randomUUID } from "node:crypto";
import type { StaffContext } from "@server/accounts/accounts.service.js";
import { findAgencyById } from "@server/accounts/accounts.service.js";
import { clock } from "@server/platform/clock.js";
import { conflict } from "@server/platform/errors.js";
import { getSurvey } from "@server/surveys/surveys.service.js";
import { checkRow, type ContactRow, type RawRow, type Rejection } from "./contacts-input.js";
import {
  excludeKnownPeople,
  knownIncidents,
  personKeys,
  storeInvitations,
  type ExclusionReason,
  type Plan,
} from "./intake.js";
import { resolveRules } from "./rules.js";

export interface ImportResult {
  created: number;
  rejected: Rejection[];
  dryRun: boolean;
}

const CLOCK_SKEW_MS = 5 * 60_000;

/** How an upload names why a known person is left out. */
function exclusionMessage(reason: ExclusionReason, minDaysBetween: number): string {
  if (reason === "opted_out") return "this person opted out of invitations";
  if (reason === "recently_invited") return `already invited in the last ${minDaysBetween} days`;
  return "already invited to this survey";
}

/**
 * Imports contacts for one open survey of the caller's agency. Every row is checked before
 * anything is written; a row that breaks a rule (bad field, excluded contact type, duplicate in
 * this or an earlier upload, an incident already received, opted out, invited within the
 * agency's N days) is listed in `rejected` with its row number and the rest are scheduled.
 */
export async function importContacts(
  staff: StaffContext,
  surveyId: string,
  rows: RawRow[],
  dryRun = false,
): Promise<ImportResult> {
  const survey = await getSurvey(staff.agencyId, surveyId);
  if (survey.status !== "open") {
    throw conflict("survey_not_open", "Invitations can only be sent for an open survey; publish it first.");
  }
  const agency = await findAgencyById(staff.agencyId);
  const rules = resolveRules(agency.invitationRules);
  const now = clock.now();
  const districts = new Set(agency.districts.map((d) => d.code));
  const excluded = new Set(rules.excludedContactTypes);
  const rejected: Rejection[] = [];
  const firstRowOf = new Map<string, number>();
  const plans: Plan[] = [];

  for (const raw of rows) {
    const checked = checkRow(raw, rules.phoneCountry);
    if ("message" in checked) {
      rejected.push({ row: raw.row, message: checked.message });
      continue;
    }
    const { contact } = checked;
    const problem = ruleProblem(contact, now, districts, excluded);
    if (problem) {
      rejected.push({ row: raw.row, message: problem });
      continue;
    }
    const keys = personKeys(staff.agencyId, contact);
    const sameAs = [
      ...keys.map((k) => firstRowOf.get(k)),
      contact.incidentNumber ? firstRowOf.get(`incident:${contact.incidentNumber.toUpperCase()}`) : undefined,
    ].find((row) => row !== undefined);
    if (sameAs !== undefined) {
      rejected.push({ row: raw.row, message: `duplicate of row ${sameAs} (same person or incident)` });
      continue;
    }
    for (const k of keys) firstRowOf.set(k, raw.row);
    if (contact.incidentNumber) firstRowOf.set(`incident:${contact.incidentNumber.toUpperCase()}`, raw.row);
    plans.push({ ref: raw.row, survey, contact, keys, incidentNumber: contact.incidentNumber });
  }

  const incidents = await knownIncidents(
    staff.agencyId,
    plans.flatMap((p) => (p.incidentNumber ? [p.incidentNumber] : [])),
  );
  const { kept, excluded: known } = await excludeKnownPeople(
    staff.agencyId,
    plans.filter((p) => {
      if (!p.incidentNumber || !incidents.has(p.incidentNumber)) return true;
      rejected.push({ row: p.ref, message: `incident ${p.incidentNumber} was already received` });
      return false;
    }),
    rules.minDaysBetween,
    now,
  );
  for (const [row, reason] of known)
    rejected.push({ row, message: exclusionMessage(reason, rules.minDaysBetween) });
  if (dryRun) return { created: kept.length, rejected: sortRows(rejected), dryRun };

  const result = await storeInvitations(agency, rules, kept, now, randomUUID());
  const incidentOf = new Map(kept.map((p) => [p.ref, p.incidentNumber]));
  for (const row of result.duplicates) {
    rejected.push({ row, message: `incident ${incidentOf.get(row)} was already received` });
  }
  for (const row of result.alreadyInvited) rejected.push({ row, message: "already invited to this survey" });
  return { created: result.stored.length, rejected: sortRows(rejected), dryRun };
}

function ruleProblem(
  contact: ContactRow,
  now: Date,
  districts: Set<string>,
  excluded: Set<string>,
): string | null {
  if (excluded.has(contact.contactType)) {
    return `contact type "${contact.contactType}" is never surveyed under the agency's rules`;
  }
  if (contact.district && districts.size > 0 && !districts.has(contact.district)) {
    return `district "${contact.district}" is not one of the agency's districts`;
  }
  if (contact.contactedAt && contact.contactedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return "contactedAt is in the future";
  }
  return null;
}

function sortRows(rejected: Rejection[]): Rejection[] {
  return rejected.sort((a, b) => a.row - b.row);
}
