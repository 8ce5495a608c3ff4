import { SUPPRESSED, type Cell } from "@shared/suppression.js";
import { surveyTitle } from "@server/surveys/surveys.service.js";
import type { GroupFigures, UnitResults, officerFeedback } from "./units.service.js";

/**
 * A group's figures as they leave the server: its responses or the "fewer than k" marker, and
 * its shrunk estimates (none when hidden). Raw means never leave: only the estimates do.
 */
function presentGroup(figures: GroupFigures): { n: Cell<number>; indices: GroupFigures["indices"] } {
  return { n: figures.n === null ? SUPPRESSED : figures.n, indices: figures.indices };
}

/** One unit's results: ordered by badge, never by score, and with no rank. */
export function presentUnitResults(results: UnitResults) {
  return {
    survey: { id: String(results.survey._id), title: surveyTitle(results.survey) },
    unit: results.unit,
    minimumN: results.k,
    agencyMean: results.agencyMean,
    ...presentGroup(results.figures),
    officers: results.officers.map((o) => ({ officer: o.officer, ...presentGroup(o.figures) })),
  };
}

export function presentOfficerFeedback(feedback: Awaited<ReturnType<typeof officerFeedback>>) {
  return {
    badge: feedback.badge,
    minimumN: feedback.k,
    surveys: feedback.surveys,
    feedback: feedback.feedback
      ? {
          survey: { id: String(feedback.feedback.survey._id), title: surveyTitle(feedback.feedback.survey) },
          agencyMean: feedback.feedback.agencyMean,
          ...presentGroup(feedback.feedback.figures),
        }
      : null,
    commendations: feedback.commendations,
  };
}
