import type { Agency } from "@server/accounts/accounts.service.js";
import {
  auditUnitObservation,
  officerCell,
  type UnitAuditReport,
  type UnitObservation,
} from "@server/disclosure/unit-views.js";
import type { Survey } from "@server/surveys/surveys.service.js";
import { presentUnitResults } from "./units.presenter.js";
import { unitViews } from "./units.service.js";

const shownCount = (n: unknown): number | null => (typeof n === "number" ? n : null);

/**
 * Audits the unit views of a survey as they are answered: every unit's results body, taken
 * together (a viewer of every unit), through the presenter that answers the endpoint.
 */
export async function auditUnitViews(survey: Survey, agency: Agency): Promise<UnitAuditReport> {
  const views = await unitViews(survey, agency);
  const observation: UnitObservation = { units: new Map(), officers: new Map(), estimatesOverHidden: [] };
  for (const unit of views.table.units.keys()) {
    const body = presentUnitResults(views.resultsOf(unit));
    observation.units.set(unit, shownCount(body.n));
    if (shownCount(body.n) === null && Object.keys(body.indices).length > 0)
      observation.estimatesOverHidden.push(`estimates of unit ${unit} over its hidden count`);
    for (const o of body.officers) {
      observation.officers.set(officerCell(unit, o.officer), shownCount(o.n));
      if (shownCount(o.n) === null && Object.keys(o.indices).length > 0)
        observation.estimatesOverHidden.push(
          `estimates of officer ${o.officer} in ${unit} over a hidden count`,
        );
    }
  }
  return auditUnitObservation(views.table, observation, views.k);
}
