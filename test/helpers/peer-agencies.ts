import { randomUUID } from "node:crypto";
import { latestCompleteMonth } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { submitResponse } from "@server/responses/responses.service.js";
import type { ApiClient } from "./api-client.js";
import { buildAgency, publishFromTemplate } from "./factories.js";

/** The month every peer agency's answers fall in: the latest complete one. */
export const PEER_MONTH = latestCompleteMonth(new Date(), "America/Chicago");

/**
 * The four trust items (q_trust_overall, q_legit_values, q_legit_law, q_trust_confidence) every
 * respondent of an agency gives. Each answer 1–5 scales to 0–100 by (x − 1) × 25, and the trust
 * index is their mean: agency 0 (the one asking) scores 62.5; its peers 25, 37.5, 50, 56.25,
 * 68.75 and 87.5 (released as 56.3 and 68.8: public figures carry one decimal). Everyone in an
 * agency answers alike, so every count is 0 or n (≥ k = 10) and the disclosure-control step
 * releases every index.
 */
export const PEER_TRUST = [
  [4, 4, 3, 3],
  [2, 2, 2, 2],
  [3, 3, 2, 2],
  [3, 3, 3, 3],
  [4, 3, 3, 3],
  [4, 4, 4, 3],
  [5, 5, 4, 4],
] as const;

/** The answers every respondent of peer agency `agency` gives. */
export function peerAnswers(agency: number): Answers {
  const [overall, values, law, confidence] = PEER_TRUST[agency]!;
  return {
    q_safe_day: 4,
    q_safe_night: 3,
    q_safe_overall: 4,
    q_trust_overall: overall,
    q_legit_values: values,
    q_legit_law: law,
    q_trust_confidence: confidence,
    q_pj_general: { listens: 4, explains: 4, fair: 4, facts: 4, respect: 4, motives: 4 },
    q_pj_care: 4,
    q_engage_partner: 3,
    q_engage_report: 5,
    q_priorities: ["traffic"],
    q_contact: false,
    q_district: "D1",
  } as Answers;
}

/** Stores `count` identical answers of one peer agency in PEER_MONTH. */
export async function storePeerAnswers(slug: string, agency: number, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, () =>
      submitResponse(
        slug,
        { submissionId: randomUUID(), language: "en", answers: peerAnswers(agency) },
        new Date(`${PEER_MONTH}-15T18:00:00Z`),
      ),
    ),
  );
}

/**
 * Seven agencies, each with a published community-trust survey answered `answers(i)` times in
 * PEER_MONTH; agencies 1–6 share their figures, agency 0 (with an analyst and a designer
 * besides its admin) does not yet.
 */
export async function buildPeerAgencies(baseUrl: string, answers: (agency: number) => number) {
  const admins: ApiClient[] = [];
  const slugs: string[] = [];
  const surveys: Array<{ id: string; slug: string }> = [];
  let own: Awaited<ReturnType<typeof buildAgency>> | null = null;
  for (let agency = 0; agency < PEER_TRUST.length; agency++) {
    const built = await buildAgency(baseUrl, agency === 0 ? ["admin", "analyst", "designer"] : ["admin"]);
    if (agency === 0) own = built;
    admins.push(built.clients.admin);
    slugs.push(built.slug);
    const survey = await publishFromTemplate(built.clients.admin);
    surveys.push(survey);
    if (agency > 0) {
      const shared = await built.clients.admin.patch("/api/v1/agency", { benchmarks: { share: true } });
      if (shared.status !== 200) throw new Error(`sharing failed: ${JSON.stringify(shared.body)}`);
    }
    await storePeerAnswers(survey.slug, agency, answers(agency));
  }
  return { own: own!, admins, slugs, surveys };
}
