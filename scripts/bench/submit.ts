import { communityAnswers } from "../../test/helpers/answers.js";

/** What one submission got: its status and whether it was a replay; null when no answer came. */
export type SubmitOutcome = { status: number; duplicate: boolean } | null;

/**
 * Posts one community-trust response as the respondent page does, with answers made from `i`
 * (the same `i` gives the same body, so a resend is the same submission).
 */
export async function postResponse(
  url: string,
  slug: string,
  submissionId: string,
  i: number,
): Promise<SubmitOutcome> {
  try {
    const response = await fetch(`${url}/api/v1/public/surveys/${slug}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ submissionId, language: "en", answers: communityAnswers(i) }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await response.json().catch(() => ({}))) as { duplicate?: boolean };
    return { status: response.status, duplicate: body.duplicate === true };
  } catch {
    return null;
  }
}
