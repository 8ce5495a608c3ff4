import { MIN_RELIABLE_N, UNRELIABLE_NOTE, isReliable } from "@shared/flags.js";
import type { WeightedBlock } from "@shared/suppression.js";
import { roundTo } from "@shared/statistics.js";
import {
  DEFAULT_TRIM,
  WEIGHTING_VARIABLES,
  parseCellKey,
  questionFor,
  rake,
  sharesFromCounts,
  type Margins,
  type WeightingVariable,
} from "@shared/weighting.js";
import type { Agency } from "@server/accounts/accounts.service.js";
import { updateAgency } from "@server/accounts/accounts.service.js";
import type { Survey } from "@server/surveys/surveys.service.js";
import type { Token } from "./counts-cache.js";
import { readCellCounts } from "./rollups.service.js";
import { presentWeighted, type CellCounts } from "./weighted-results.js";

export interface WeightingFilter {
  district?: string;
  from?: string;
  to?: string;
}

export interface WeightingOutcome {
  weighting: Record<string, unknown>;
  weighted: WeightedBlock | null;
}

/**
 * Weighting cells are counted per month, so a date filter must cover whole months. Returns the
 * month range, `{}` for all time, or null when the dates cut a month.
 */
export function wholeMonths(filter: WeightingFilter): { fromMonth?: string; toMonth?: string } | null {
  if (filter.from && !filter.from.endsWith("-01")) return null;
  if (filter.to) {
    const [y, m, d] = filter.to.split("-").map(Number) as [number, number, number];
    if (d !== new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  }
  return {
    ...(filter.from ? { fromMonth: filter.from.slice(0, 7) } : {}),
    ...(filter.to ? { toMonth: filter.to.slice(0, 7) } : {}),
  };
}

const notApplied = (reason: string): WeightingOutcome => ({
  weighting: { applied: false, reason },
  weighted: null,
});

/**
 * The variables to rake on: those the agency gave margins for AND the survey asks. With a
 * district filter every respondent is in one district, so district is not raked on; the
 * agency-wide age, gender and race margins are then assumed to hold within the district.
 */
export function rakingMargins(survey: Survey, agency: Agency, filter: WeightingFilter): Margins {
  const margins: Margins = {};
  for (const variable of WEIGHTING_VARIABLES) {
    if (filter.district && variable === "district") continue;
    const shares = agency.margins?.[variable];
    if (!shares || Object.keys(shares).length === 0) continue;
    if (!questionFor(survey.questions, variable)) continue;
    margins[variable] = shares;
  }
  return margins;
}

export type RakedCells =
  | { applied: false; reason: string }
  | {
      applied: true;
      cells: CellCounts[];
      weights: Record<string, number>;
      /** How the weights were made, as the response's `weighting` shows it. */
      summary: Record<string, unknown>;
    };

/**
 * Rakes the weighting-cell counts (from rollups) of the filter's responses to the agency's
 * margins, trims the weights to [0.2, 5] × the mean and rakes again. Respondents who skipped a
 * weighting question, or chose a category the margins do not list (e.g. "prefer not to say"),
 * are not adjusted on that variable: they keep the weight the other variables give them, and
 * the rest are raked among themselves. `totalN` is the filter's response count, for coverage.
 */
export async function rakeCells(
  survey: Survey,
  agency: Agency,
  filter: WeightingFilter,
  totalN: number,
  token?: Token,
): Promise<RakedCells> {
  const margins = rakingMargins(survey, agency, filter);
  const refuse = (reason: string) => ({ applied: false as const, reason });
  if (Object.keys(margins).length === 0)
    return refuse(
      "the agency has no population margins for the demographic questions this survey asks (district, age, gender, race)",
    );
  const months = wholeMonths(filter);
  if (!months)
    return refuse(
      "weighting with dates works on whole months: from the 1st of a month to the last day of a month",
    );
  const byCell = await readCellCounts({
    surveyId: String(survey._id),
    ...(filter.district ? { district: filter.district } : {}),
    ...months,
    ...(token ? { token } : {}),
  });
  const cells = [...byCell]
    .filter(([key]) => !filter.district || parseCellKey(key).district === filter.district)
    .map(([key, counts]) => ({ key, counts }));
  const covered = cells.reduce((a, c) => a + c.counts.n, 0);
  if (covered === 0) return refuse("no responses with weighting cells match the filters");
  const result = rake(
    cells.map((c) => ({ key: c.key, n: c.counts.n })),
    margins,
  );
  if (result.variables.length === 0) return refuse(result.notes.join("; ") || "nothing to rake on");
  const weights = Object.values(result.weights);
  return {
    applied: true,
    cells,
    weights: result.weights,
    summary: {
      method: "raking",
      variables: result.variables as WeightingVariable[],
      trim: [DEFAULT_TRIM.lower, DEFAULT_TRIM.upper],
      iterations: result.iterations,
      converged: result.converged,
      maxDeviation: Number(result.maxDeviation.toPrecision(3)),
      designEffect: roundTo(result.designEffect, 3),
      effectiveN: roundTo(result.effectiveN, 1),
      // Converging says the margins were met, not that the estimates can be trusted.
      reliable: isReliable(result.effectiveN),
      ...(isReliable(result.effectiveN)
        ? {}
        : {
            warning: `${UNRELIABLE_NOTE[0]!.toUpperCase()}${UNRELIABLE_NOTE.slice(1)}: the effective n is ${roundTo(result.effectiveN, 1)}, below ${MIN_RELIABLE_N}.`,
          }),
      weightRange: [roundTo(Math.min(...weights), 3), roundTo(Math.max(...weights), 3)],
      trimmedCells: result.trimmedCells,
      cells: cells.length,
      coverage: { n: covered, of: totalN },
      notes: result.notes,
    },
  };
}

/** Weighted estimates for a survey: the raked weights (rakeCells) applied to every count. */
export async function weightedEstimates(
  survey: Survey,
  agency: Agency,
  filter: WeightingFilter,
  totalN: number,
  token?: Token,
): Promise<WeightingOutcome> {
  const raked = await rakeCells(survey, agency, filter, totalN, token);
  if (!raked.applied) return notApplied(raked.reason);
  const districts = agency.districts.map((d) => d.code);
  // Only a converged raking meets its margins; otherwise the shares still vary with the sample.
  const all = rakingMargins(survey, agency, filter);
  const met: Margins = {};
  if (raked.summary["converged"] === true)
    for (const variable of raked.summary["variables"] as WeightingVariable[]) met[variable] = all[variable]!;
  return {
    weighting: { applied: true, ...raked.summary },
    weighted: presentWeighted(survey.questions, raked.cells, raked.weights, districts, met),
  };
}

export type CountsByVariable = Partial<Record<WeightingVariable, Record<string, number>>>;

/**
 * Stores margins computed from census-style counts (people per category); the variables not
 * given keep their current shares. Returns the updated agency.
 */
export async function saveMarginsFromCounts(agency: Agency, counts: CountsByVariable): Promise<Agency> {
  const margins: Margins = { ...(agency.margins as Margins) };
  for (const variable of WEIGHTING_VARIABLES) {
    const given = counts[variable];
    if (given) margins[variable] = sharesFromCounts(given);
  }
  return updateAgency(String(agency._id), { margins });
}
