import { randomUUID } from "node:crypto";
import { latestCompleteMonth } from "@shared/periods.js";
import type { Answers } from "@shared/survey.js";
import { submitResponse } from "@server/responses/responses.service.js";
import { communityAnswers } from "./answers.js";
import { buildAgency, publishFromTemplate } from "./factories.js";
import { seededRandom } from "./random.js";

const COMMENTS = [
  "More patrols near the park at night, the lighting on Elm Street is poor",
  "Officers were respectful and explained the traffic stop clearly",
  "Response times in the evening are too slow for the east side",
  "Please keep the youth programs at the community center running",
  "The night patrols near the park helped, thank you",
  "Traffic on Elm Street is dangerous near the school",
];

/** A full month of activity: what a brief looks like at its longest, to check it still fits a page. */
const ACTIONS = [
  "Added two evening patrols around Riverside Park after residents said they felt unsafe at night",
  "Street lighting survey of Elm Street with the public works department",
  "Community meeting on traffic stops: officers explain why and how stops are made",
  "Youth programme at the community center extended through the summer",
  "New complaint mediation process published on the agency's website",
  "Quarterly listening sessions in each district with the district commanders",
  "Training on procedural justice for every patrol officer",
  "Spanish-language outreach for the east side neighbourhood associations",
];

/**
 * An agency with a community survey answered in the latest complete month and the month
 * before (45 answers each from a fixed seed; night safety falls and trust rises), comments
 * and eight open "you said, we did" actions: a brief with every section filled.
 */
export async function buildBriefSurvey(baseUrl: string, timezone = "America/Chicago") {
  const built = await buildAgency(baseUrl, ["admin", "analyst", "designer"]);
  const survey = await publishFromTemplate(built.clients.admin);
  const month = latestCompleteMonth(new Date(), timezone);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const random = seededRandom(15);
  const likert = (lean: number) => Math.min(5, Math.max(1, Math.round(lean + (random() - 0.5) * 3)));
  for (const back of [1, 0]) {
    const at = new Date(Date.UTC(y, m - 1 - back, 15, 18));
    for (let i = 0; i < 45; i++) {
      const answers = {
        ...communityAnswers(i),
        q_safe_night: likert(back ? 3.4 : 2.6),
        q_trust_overall: likert(back ? 3.0 : 3.7),
        q_pj_general: {
          listens: likert(3),
          explains: likert(2.8),
          fair: likert(3.2),
          facts: likert(3.5),
          respect: likert(3.9),
          motives: likert(3.4),
        },
        q_comment: COMMENTS[Math.floor(random() * COMMENTS.length)]!,
      } as Answers;
      await submitResponse(survey.slug, { submissionId: randomUUID(), language: "en", answers }, at);
    }
  }
  for (const [i, title] of ACTIONS.entries()) {
    const reply = await built.clients.admin.post("/api/v1/actions", {
      title,
      date: `${month}-${String(i + 2).padStart(2, "0")}`,
      status: i % 2 ? "planned" : "in_progress",
      surveyId: survey.id,
    });
    if (reply.status !== 201) throw new Error(`action failed: ${JSON.stringify(reply.body)}`);
  }
  return { ...built, survey, month };
}
