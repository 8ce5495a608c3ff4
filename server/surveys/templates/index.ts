import { communityTrust } from "./community-trust.js";
import { eventFeedback } from "./event-feedback.js";
import { postContact } from "./post-contact.js";
import type { SurveyTemplate } from "./template.js";
import { youthPolice } from "./youth-police.js";

export type { SurveyTemplate } from "./template.js";

export const templates: readonly SurveyTemplate[] = [communityTrust, postContact, youthPolice, eventFeedback];

/** The template with this id, or undefined when there is none. */
export function findTemplate(id: string): SurveyTemplate | undefined {
  return templates.find((template) => template.id === id);
}
