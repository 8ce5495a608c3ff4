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
  };
}

export function presentAgency(agency: Agency) {
  return {
    id: String(agency._id),
    slug: agency.slug,
    name: agency.name,
    timezone: agency.timezone,
    languages: agency.languages,
    districts: agency.districts.map((d) => ({ code: d.code, name: d.name })),
    margins: agency.margins ?? {},
    suppressionThreshold: agency.suppressionThreshold,
    retentionDays: agency.retentionDays,
    invitationRules: agency.invitationRules ?? null,
  };
}
