import { randomBytes, randomUUID } from "node:crypto";
import type { Role } from "@shared/accounts.js";
import { createAgency, createUser } from "@server/accounts/accounts.service.js";
import { communityAnswers } from "./answers.js";
import { ApiClient } from "./api-client.js";

export const TEST_PASSWORD = "a-long-test-password";

/** Creates an agency with three districts and a signed-in client for each role asked for. */
export async function buildAgency(baseUrl: string, roles: Role[] = ["admin"]) {
  const slug = `agency-${randomBytes(4).toString("hex")}`;
  const agency = await createAgency({
    slug,
    name: `Test Agency ${slug}`,
    timezone: "America/Chicago",
    districts: [
      { code: "D1", name: "North" },
      { code: "D2", name: "Central" },
      { code: "D3", name: "South" },
    ],
  });
  const clients = {} as Record<Role, ApiClient>;
  for (const role of roles) {
    const email = `${role}-${slug}@example.org`;
    await createUser({ agencyId: agency._id, email, password: TEST_PASSWORD, role });
    const client = new ApiClient(baseUrl);
    const login = await client.login(email, TEST_PASSWORD);
    if (login.status !== 200) throw new Error(`login failed for ${email}: ${login.status}`);
    clients[role] = client;
  }
  return { agency, agencyId: String(agency._id), slug, clients };
}

/** Creates and publishes a survey from a template through the API; returns its id and slug. */
export async function publishFromTemplate(client: ApiClient, template = "community-trust") {
  const created = await client.post<{ survey: { id: string } }>("/api/v1/surveys", { template });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const published = await client.post<{ survey: { id: string; slug: string } }>(
    `/api/v1/surveys/${created.body.survey.id}/publish`,
  );
  if (published.status !== 200) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
  return published.body.survey;
}

/** Posts a response as a respondent's browser would (no cookie, fresh submissionId). */
export async function submit(baseUrl: string, slug: string, answers: Record<string, unknown>, extra = {}) {
  const response = await fetch(`${baseUrl}/api/v1/public/surveys/${slug}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ submissionId: randomUUID(), language: "en", answers, ...extra }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Invitation rules that let every invitation go out at once: no quiet hours, delay, exclusions or reminders. */
export const OPEN_INVITATION_RULES = {
  quietHours: null,
  delayMinutes: 0,
  excludedContactTypes: [],
  minDaysBetween: 0,
  maxReminders: 0,
};

/**
 * Signs in as the demo admin of a server process and lifts the agency's invitation rules (no
 * quiet hours, delay, exclusions or reminders), so invitations go out at once; returns the
 * admin's client and the demo post-contact survey.
 */
export async function demoInvitationSetup(baseUrl: string, password: string) {
  const admin = new ApiClient(baseUrl);
  const login = await admin.login("admin@example.org", password);
  if (login.status !== 200) throw new Error(`demo admin sign-in answered ${login.status}`);
  await admin.patch("/api/v1/agency", { invitationRules: OPEN_INVITATION_RULES });
  const surveys = await admin.get<{ surveys: Array<{ id: string; template: string }> }>("/api/v1/surveys");
  const survey = surveys.body.surveys.find((s) => s.template === "post-contact")!;
  return { admin, survey };
}

/**
 * Submits one community-trust response per comment (answers as `communityAnswers(i)`), with the
 * comment's district and language, and fails loudly on any refusal.
 */
export async function submitComments(
  baseUrl: string,
  slug: string,
  comments: ReadonlyArray<{ district: string; text: string; language?: string }>,
) {
  for (const [i, comment] of comments.entries()) {
    const answers = { ...communityAnswers(i), q_district: comment.district, q_comment: comment.text };
    const r = await submit(baseUrl, slug, answers, comment.language ? { language: comment.language } : {});
    if (r.status !== 201) throw new Error(`submit failed: ${JSON.stringify(r.body)}`);
  }
}
