/** Every staff action the log records. Names are stable: integrations filter on them. */
export const AUDIT_ACTIONS = [
  "survey.published",
  "survey.edited",
  "survey.closed",
  "responses.exported",
  "invitations.uploaded",
  "agency.settings_changed",
  "agency.logo_changed",
  "agency.logo_removed",
  "agency.boundaries_changed",
  "agency.boundaries_removed",
  "staff.created",
  "staff.invited",
  "staff.invitation_revoked",
  "staff.invitation_accepted",
  "staff.role_changed",
  "staff.deactivated",
  "staff.reactivated",
  "staff.logged_out_everywhere",
  "api_key.created",
  "api_key.revoked",
  "results.publication_changed",
  "public_action.created",
  "public_action.updated",
  "public_action.deleted",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * How the staff pages word each action. Typed by the list above, so a new action cannot be
 * added without its wording; codes stay in the API for integrations.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  "survey.published": "Published a survey",
  "survey.edited": "Edited a published survey",
  "survey.closed": "Closed a survey",
  "responses.exported": "Exported responses",
  "invitations.uploaded": "Uploaded invitations",
  "agency.settings_changed": "Changed agency settings",
  "agency.logo_changed": "Changed the logo",
  "agency.logo_removed": "Removed the logo",
  "agency.boundaries_changed": "Uploaded district boundaries",
  "agency.boundaries_removed": "Removed district boundaries",
  "staff.created": "Added a staff member",
  "staff.invited": "Invited a staff member",
  "staff.invitation_revoked": "Withdrew a staff invitation",
  "staff.invitation_accepted": "Accepted a staff invitation",
  "staff.role_changed": "Changed a staff member's role",
  "staff.deactivated": "Deactivated a staff member",
  "staff.reactivated": "Reactivated a staff member",
  "staff.logged_out_everywhere": "Signed out everywhere",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "results.publication_changed": "Changed what the public results page shows",
  "public_action.created": "Added a “you said, we did” item",
  "public_action.updated": "Updated a “you said, we did” item",
  "public_action.deleted": "Deleted a “you said, we did” item",
};

/** What kinds of things an entry may be about, worded for the staff pages. */
export const AUDIT_TARGET_LABELS: Readonly<Record<string, string>> = {
  survey: "Survey",
  agency: "Agency settings",
  user: "Staff member",
  invitation: "Staff invitation",
  api_key: "API key",
  action: "“You said, we did” item",
};
