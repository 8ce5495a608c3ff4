import type { Logger } from "@server/platform/logger.js";
import { SurveyModel } from "@server/surveys/survey.model.js";
import { resultsFor } from "./analytics.service.js";

/** Surveys warmed after a start, most recently changed first. */
const MAX_SURVEYS = 50;

/**
 * Reads the results of open surveys that have responses once, in the background after the
 * server starts, so the first dashboard of the morning finds their rollup views cached
 * (counts-cache.ts). The first weighted read of a survey reads every weighting cell (a few
 * cell packs, see cell-packs.ts; it cost seconds when each cell was a document, see
 * docs/PERFORMANCE.md); after that, this process moves the views forward itself.
 * The public page of an agency that publishes one of them is warmed after: it reads each
 * month's weighted results, which cost seconds in all when nothing is cached (docs/PERFORMANCE.md).
 * One survey at a time, so submissions keep the engine most of the time; `stop()` ends it
 * between surveys.
 */
export function warmResults(
  logger: Logger,
  /** Then each agency that publishes one of those surveys (its public page reads every month). */
  warmPublic: (agencyId: string) => Promise<unknown> = async () => undefined,
): { done: Promise<number>; stop(): void } {
  let stopped = false;
  const done = (async () => {
    const surveys = await SurveyModel.find({ status: "open", hasResponses: true })
      .sort({ updatedAt: -1 })
      .limit(MAX_SURVEYS)
      .select("_id agency public")
      .lean<Array<{ _id: unknown; agency: unknown; public?: { published?: boolean } | null }>>();
    let warmed = 0;
    for (const survey of surveys) {
      if (stopped) break;
      await resultsFor(String(survey.agency), String(survey._id), { weighted: true }, "analyst");
      warmed += 1;
    }
    const publishing = new Set(
      surveys.filter((s) => s.public?.published === true).map((s) => String(s.agency)),
    );
    for (const agencyId of publishing) {
      if (stopped) break;
      await warmPublic(agencyId);
    }
    return warmed;
  })();
  done.catch((error: unknown) => {
    if (!stopped) logger.warn({ err: error }, "warming results after start failed");
  });
  return {
    done,
    stop() {
      stopped = true;
    },
  };
}
