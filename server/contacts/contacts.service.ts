import { randomUUID } from "node:crypto";
import { findAgencyById, type StaffContext } from "@server/accounts/accounts.service.js";
import { checkFields, intakeContact, type FieldProblem } from "@server/invitations/contacts-input.js";
import {
  excludeKnownPeople,
  knownIncidents,
  personKeys,
  storeInvitations,
  type ExclusionReason,
  type IntakeContact,
  type Plan,
} from "@server/invitations/intake.js";
import type { InvitationChannel } from "@server/invitations/invitation.model.js";
import { resolveRules } from "@server/invitations/rules.js";
import { clock } from "@server/platform/clock.js";
import { listSurveys } from "@server/surveys/surveys.service.js";
import { contactItemSchema } from "./contacts.schemas.js";
import { callTypeRouting } from "./routing.js";

/** What became of one contact of a batch, by its position (`index`, from 0) in the batch. */
export type ContactResult = { index: number; incidentNumber: string | null } & (
  | { status: "invited" | "scheduled"; surveyId: string; channel: InvitationChannel; sendAt: Date }
  | { status: "excluded"; reason: ExclusionReason }
  | { status: "invalid"; problems: FieldProblem[] }
  | { status: "duplicate" }
);

const CLOCK_SKEW_MS = 5 * 60_000;

/** Problems only the agency can judge: a district it does not have, a contact in the future. */
function agencyProblems(contact: IntakeContact, districts: Set<string>, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (contact.district && districts.size > 0 && !districts.has(contact.district)) {
    problems.push({
      field: "district",
      message: `district "${contact.district}" is not one of the agency's districts`,
    });
  }
  if (contact.contactedAt && contact.contactedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    problems.push({ field: "occurredAt", message: "occurredAt is in the future" });
  }
  return problems;
}

/**
 * Turns a batch of contacts from the dispatch system into invitations under the agency's
 * rules, and says for each what became of it: invalid (with the fields), duplicate (an
 * incident already received, in this batch or before: sending a batch again creates nothing),
 * excluded (with the reason), or invited (due now) / scheduled (after the delay or quiet
 * hours) with its survey and channel.
 */
export async function receiveContacts(
  staff: StaffContext,
  items: Array<Record<string, unknown>>,
): Promise<ContactResult[]> {
  const { agencyId } = staff;
  const [agency, surveys] = await Promise.all([findAgencyById(agencyId), listSurveys(agencyId)]);
  const rules = resolveRules(agency.invitationRules);
  const now = clock.now();
  const routing = callTypeRouting(surveys.map((s) => ({ ...s, id: String(s._id) })));
  const surveyById = new Map(surveys.map((s) => [String(s._id), s]));
  const districts = new Set(agency.districts.map((d) => d.code));
  const excludedTypes = new Set(rules.excludedContactTypes);
  const results: ContactResult[] = [];
  const firstOfIncident = new Set<string>();
  const candidates: Plan[] = [];

  items.forEach((values, index) => {
    const checked = checkFields(contactItemSchema, values, rules.phoneCountry);
    if ("problems" in checked) {
      const given = values["incidentNumber"];
      const incidentNumber = typeof given === "string" && given.length <= 64 ? given : null;
      results[index] = { index, incidentNumber, status: "invalid", problems: checked.problems };
      return;
    }
    const v = checked.value;
    const incidentNumber = String(v["incidentNumber"]);
    const contact = intakeContact(v, v["callType"], v["occurredAt"]);
    const problems = agencyProblems(contact, districts, now);
    const surveyId = routing.surveyFor(contact.contactType);
    const sameIncident = incidentNumber.toUpperCase();
    if (problems.length > 0) results[index] = { index, incidentNumber, status: "invalid", problems };
    else if (firstOfIncident.has(sameIncident))
      results[index] = { index, incidentNumber, status: "duplicate" };
    else if (excludedTypes.has(contact.contactType))
      results[index] = { index, incidentNumber, status: "excluded", reason: "excluded_call_type" };
    else if (!surveyId) results[index] = { index, incidentNumber, status: "excluded", reason: "no_survey" };
    else {
      const survey = surveyById.get(surveyId)!;
      candidates.push({ ref: index, survey, contact, keys: personKeys(agencyId, contact), incidentNumber });
    }
    firstOfIncident.add(sameIncident);
  });

  const received = await knownIncidents(
    agencyId,
    candidates.map((p) => p.incidentNumber!),
  );
  const fresh = candidates.filter((p) => {
    if (!received.has(p.incidentNumber!)) return true;
    results[p.ref] = { index: p.ref, incidentNumber: p.incidentNumber, status: "duplicate" };
    return false;
  });
  const incidentOf = new Map(candidates.map((p) => [p.ref, p.incidentNumber]));
  const { kept, excluded } = await excludeKnownPeople(agencyId, fresh, rules.minDaysBetween, now);
  for (const [ref, reason] of excluded) {
    results[ref] = { index: ref, incidentNumber: incidentOf.get(ref)!, status: "excluded", reason };
  }
  const stored = await storeInvitations(agency, rules, kept, now, randomUUID());
  const surveyOf = new Map(kept.map((p) => [p.ref, String(p.survey._id)]));
  for (const ref of stored.duplicates)
    results[ref] = { index: ref, incidentNumber: incidentOf.get(ref)!, status: "duplicate" };
  for (const ref of stored.alreadyInvited) {
    results[ref] = {
      index: ref,
      incidentNumber: incidentOf.get(ref)!,
      status: "excluded",
      reason: "already_invited",
    };
  }
  for (const { ref, channel, sendAt } of stored.stored) {
    results[ref] = {
      index: ref,
      incidentNumber: incidentOf.get(ref)!,
      status: sendAt.getTime() <= now.getTime() ? "invited" : "scheduled",
      surveyId: surveyOf.get(ref)!,
      channel,
      sendAt,
    };
  }
  return results;
}
