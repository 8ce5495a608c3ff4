import type { InvitationKeys } from "./crypto.js";

/** What invitations need from the process: keys, where links point, who mail is from. */
export interface InvitationSettings {
  keys: InvitationKeys;
  /** Base of residents' links, without a trailing slash. */
  publicUrl: string;
  mailFrom: string;
  expiryDays: number;
}

let current: InvitationSettings | null = null;

/** Set once by the server at start, before any upload or delivery. */
export function configureInvitations(settings: InvitationSettings): void {
  current = settings;
}

export function invitationSettings(): InvitationSettings {
  if (!current) throw new Error("configureInvitations was not called");
  return current;
}
