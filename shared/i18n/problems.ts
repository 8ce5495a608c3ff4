import type { AnswerProblem } from "../answers.js";
import { LIMITS, localize, type Question } from "../survey.js";
import { fill } from "./format.js";
import type { UiStrings } from "./strings.js";

/**
 * Turns one answer problem from the shared answer rules (English, for the API) into a plain
 * sentence in the respondent's language. The rules stay in one place (`checkAnswers`); only
 * their wording changes here, so the page and the API can never disagree about what is valid.
 */
export function problemMessage(
  problem: AnswerProblem,
  question: Question | undefined,
  strings: UiStrings,
  language: string,
): string {
  const itemId = problem.path.split(".")[2];
  if (problem.message === "is required") {
    const item = itemId ? question?.items?.find((i) => i.id === itemId) : undefined;
    if (!item) return strings.errorRequired;
    return fill(strings.errorRequiredItem, { item: localize(item.prompt, language, "en") });
  }
  if (problem.message.startsWith("answers a question that is hidden")) return strings.errorHidden;
  switch (question?.type) {
    case "number": {
      const bound = /^must be at (least|most) (-?[\d.e+]+)$/.exec(problem.message);
      if (bound?.[1] === "least") return fill(strings.errorNumberMin, { min: bound[2]! });
      if (bound?.[1] === "most") return fill(strings.errorNumberMax, { max: bound[2]! });
      return strings.errorNumber;
    }
    case "date":
      return strings.errorDate;
    case "text":
      return fill(strings.errorTextLong, { max: LIMITS.textAnswerLength });
    default:
      return strings.errorChoice;
  }
}
