import type { Question } from "@shared/survey.js";
import { weightingCell } from "@shared/weighting.js";
import {
  scanResponses,
  scanUnitViewResponses,
  surveysWithResponses,
} from "@server/responses/responses.service.js";
import { repairUnsettledWrites } from "@server/responses/write-intents.js";
import { notFound } from "@server/platform/errors.js";
import { findSurveyById, type Survey } from "@server/surveys/surveys.service.js";
import { runOnce } from "@server/platform/migrations.js";
import {
  expandIncrement,
  migrateToPacks,
  replaceSurveyRollups,
  surveysWithRollups,
  type RebuiltRollup,
} from "./rollup-store.js";
import { rollupWrites, type RollupSource, type RollupWrite } from "./rollup-increments.js";
import { UNIT_VIEW_ROLLUPS, unitViewWrites } from "./unit-rollups.js";

export interface RebuildReport {
  surveyId: string;
  responses: number;
  rollups: number;
  removed: number;
}

type MergedWrites = Map<string, { period: string; segment: string; inc: Record<string, number> }>;

/** Sums what responses add, per rollup: `$inc` done in memory. */
function addWrites(merged: MergedWrites, writes: RollupWrite[]): void {
  for (const { period, segment, inc } of writes) {
    const key = `${period}|${segment}`;
    const entry = merged.get(key) ?? { period, segment, inc: {} };
    for (const [field, value] of Object.entries(inc)) entry.inc[field] = (entry.inc[field] ?? 0) + value;
    merged.set(key, entry);
  }
}

const rebuilt = (merged: MergedWrites): RebuiltRollup[] =>
  [...merged.values()].map(({ period, segment, inc }) => ({ period, segment, counts: expandIncrement(inc) }));

/** Each version's question set: a response is counted with the questions it answered. */
function questionsByVersion(survey: Survey): Map<number, Question[]> {
  const versions = new Map<number, Question[]>();
  for (const old of survey.history ?? [])
    versions.set(old.version ?? 0, old.questions as unknown as Question[]);
  versions.set(survey.version, survey.questions);
  return versions;
}

/**
 * Recounts one survey's rollups from its raw responses with the very functions the submission
 * path uses (same increments, same targets, same moment grids), so the result equals the
 * live rollups field by field. Documents are replaced in place and stale ones removed, so
 * readers never see an empty survey; responses stored while it runs may be missed, so run it
 * when the survey is quiet (or run it again).
 */
export async function rebuildSurveyRollups(surveyId: string): Promise<RebuildReport> {
  const survey = await findSurveyById(surveyId);
  const merged: MergedWrites = new Map();
  let responses = 0;
  if (survey) {
    const versions = questionsByVersion(survey);
    for await (const response of scanResponses({ surveyId })) {
      const questions = versions.get(response.version) ?? survey.questions;
      const source: RollupSource = {
        answers: response.answers,
        periods: response.periods,
        district: response.district,
        scores: response.scores,
        // Responses stored before weighting cells existed get theirs now.
        cell: response.cell !== undefined ? response.cell : weightingCell(questions, response.answers),
        unit: response.unit ?? null,
        officer: response.officer ?? null,
      };
      addWrites(merged, [...rollupWrites(questions, source), ...unitViewWrites(source)]);
      responses += 1;
    }
  }
  const agency = survey ? String(survey.agency) : "";
  const report = await replaceSurveyRollups(surveyId, agency, rebuilt(merged));
  return { surveyId, responses, ...report };
}

/**
 * Rebuilds one survey (404 when it does not exist), or every survey that has responses or
 * rollups; rollups of a deleted survey are removed.
 */
export async function rebuildRollups(surveyId?: string): Promise<RebuildReport[]> {
  if (surveyId && !(await findSurveyById(surveyId))) throw notFound("survey");
  // A batch a crash left unsettled is counted now, before the recount reads its responses:
  // settled afterwards, it would count them a second time.
  await repairUnsettledWrites();
  // A database no server has opened since rollup packs came still holds a document per rollup.
  await migrateToPacks();
  const ids = surveyId
    ? [surveyId]
    : [...new Set([...(await surveysWithResponses()), ...(await surveysWithRollups())])];
  const reports: RebuildReport[] = [];
  for (const id of ids) reports.push(await rebuildSurveyRollups(id));
  return reports;
}

export const UNIT_VIEW_MIGRATION = "unit-view-rollups";

/**
 * Counts the responses stored before the unit views had rollups in those views' segments, once
 * per database (recorded in `migrations`), at start before any request is served: one scan of
 * every response. Only the unit views' segments are recounted; the other rollups may still
 * count responses that retention has deleted since, and must keep them. Returns how many
 * responses it counted (0 once done).
 */
export async function countStoredResponsesInUnitViews(): Promise<number> {
  let responses = 0;
  await runOnce(UNIT_VIEW_MIGRATION, async () => {
    const bySurvey = new Map<string, { agency: string; merged: MergedWrites }>();
    for await (const response of scanUnitViewResponses()) {
      const surveyId = String(response.survey);
      let survey = bySurvey.get(surveyId);
      if (!survey) {
        survey = { agency: String(response.agency), merged: new Map() };
        bySurvey.set(surveyId, survey);
      }
      addWrites(
        survey.merged,
        unitViewWrites({ unit: response.unit, officer: response.officer, scores: response.scores ?? {} }),
      );
      responses += 1;
    }
    for (const [surveyId, { agency, merged }] of bySurvey)
      await replaceSurveyRollups(surveyId, agency, rebuilt(merged), UNIT_VIEW_ROLLUPS);
  });
  return responses;
}
