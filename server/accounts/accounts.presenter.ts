import { DEFAULT_UNIT_MINIMUM_N } from "@shared/accounts.js";
import { resolveRules } from "@server/invitations/rules.js";
import type { StaffInvitation } from "./staff.service.js";
import type { Agency, User } from "./accounts.service.js";

/** The fields of a staff account that may leave the server. */
export function presentUser(user: User) {
  return {
    id: String(user._id),
    agencyId: String(user.agency),
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    units: user.units ?? [],
    badge: user.badge ?? null,
  };
}

/** The agency's settings as staff see them (public pages choose their own, smaller subset). */
export function presentAgency(agency: Agency) {
  return {
    id: String(agency._id),
    slug: agency.slug,
    name: agency.name,
    timezone: agency.timezone,
    languages: agency.languages,
    districts: agency.districts.map((d) => ({ code: d.code, name: d.name, names: d.names ?? {} })),
    margins: agency.margins ?? {},
    suppressionThreshold: agency.suppressionThreshold,
    unitMinimumN: agency.unitMinimumN ?? DEFAULT_UNIT_MINIMUM_N,
    headlinePeriod: agency.headlinePeriod ?? "month",
    retentionDays: agency.retentionDays,
    // The rules in effect: what the agency set over the defaults, so a screen shows what applies.
    invitationRules: resolveRules(agency.invitationRules),
    brandColor: agency.brandColor ?? null,
    benchmarks: { share: agency.benchmarks?.share === true },
    // The version in the query makes a changed logo bypass caches that hold the old one.
    logoUrl: agency.logo
      ? `/api/v1/public/agencies/${encodeURIComponent(agency.slug)}/logo?v=${new Date(agency.logo.updatedAt).getTime()}`
      : null,
  };
}

/** A pending staff invitation; its id is the token's hash, which cannot be used to accept it. */
export function presentInvitation(invitation: StaffInvitation) {
  return {
    id: invitation._id,
    email: invitation.email,
    name: invitation.name ?? "",
    role: invitation.role,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}
