import { randomBytes, randomUUID } from "node:crypto";
import { Types } from "mongoose";
import { hashToken } from "@server/invitations/crypto.js";
import { insertInvitationKeys } from "@server/invitations/invitation-keys.js";
import { InvitationModel } from "@server/invitations/invitation.model.js";
import { clock } from "@server/platform/clock.js";
import type { ApiClient } from "./api-client.js";

/**
 * An invitation whose contact names a dispatch unit and an officer, stored through the model
 * as the contacts intake would store it; returns its link token.
 */
export async function inviteContact(
  survey: { id: string },
  agencyId: string,
  contact: { unit: string | null; officer: string | null },
): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const now = clock.now();
  const invitation = {
    _id: new Types.ObjectId(),
    survey: new Types.ObjectId(survey.id),
    agency: new Types.ObjectId(agencyId),
    tokenHash: hashToken(token),
    contactType: "call_for_service",
    language: "en",
    status: "sent" as const,
    sent: true,
    sendAt: now,
    expiresAt: new Date(now.getTime() + 14 * 86_400_000),
    createdAt: now,
    ...contact,
  };
  await insertInvitationKeys([invitation]);
  await InvitationModel.create(invitation);
  return token;
}

/**
 * Post-contact answers whose procedural justice index is `score` (0, 25, 50, 75 or 100): every
 * procedural justice item answered with the same Likert value.
 */
export function postContactAnswers(score: number): Record<string, unknown> {
  const value = score / 25 + 1;
  return {
    q_contact_type: "call_for_service",
    q_pj_listened: value,
    q_pj_explained: value,
    q_pj_fair: value,
    q_pj_facts: value,
    q_pj_respect: value,
    q_pj_cared: value,
    q_satisfaction: 4,
    q_trust_after: 4,
  };
}

/** Answers an invitation through the public API, as the respondent page does. */
export async function answerInvitation(
  baseUrl: string,
  slug: string,
  token: string | null,
  score: number,
  extra: Record<string, unknown> = {},
) {
  const response = await fetch(`${baseUrl}/api/v1/public/surveys/${slug}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      submissionId: randomUUID(),
      language: "en",
      answers: postContactAnswers(score),
      ...(token ? { token } : {}),
      ...extra,
    }),
  });
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`answer refused: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; duplicate?: boolean };
}

/** Sets a staff member's units or badge through the staff API, as an admin does. */
export async function scopeStaff(
  admin: ApiClient,
  email: string,
  changes: { units?: string[]; badge?: string | null },
): Promise<void> {
  const users = await admin.get<{ users: Array<{ id: string; email: string }> }>("/api/v1/users");
  const user = users.body.users.find((u) => u.email === email);
  if (!user) throw new Error(`no staff member ${email}`);
  const patched = await admin.patch(`/api/v1/users/${user.id}`, changes);
  if (patched.status !== 200) throw new Error(`scope refused: ${JSON.stringify(patched.body)}`);
}
