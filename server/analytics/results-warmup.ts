import type { Logger } from "@server/platform/logger.js";
import { SurveyModel } from "@server/surveys/survey.model.js";
import { resultsFor } from "./analytics.service.js";

/** Surveys warmed after a start, most recently changed first. */
const MAX_SURVEYS = 50;

/**
 * Reads the results of open surveys that have responses once, in the background after the
 * server starts, so the first dashboard of the morning finds their rollup views cached
 * (counts-cache.ts). On the embedded engine the first weighted read of a survey reads every
 * weighting-cell rollup, which is a collection scan (11 s at 10,000 responses, see
 * docs/PERFORMANCE.md); after that, this process moves the views forward itself.
 * One survey at a time, so submissions keep the engine most of the time; `stop()` ends it
 * between surveys.
 */
export function warmResults(logger: Logger): { done: Promise<number>; stop(): void } {
  let stopped = false;
  const done = (async () => {
    const surveys = await SurveyModel.find({ status: "open", hasResponses: true })
      .sort({ updatedAt: -1 })
      .limit(MAX_SURVEYS)
      .select("_id agency")
      .lean<Array<{ _id: unknown; agency: unknown }>>();
    let warmed = 0;
    for (const survey of surveys) {
      if (stopped) break;
      await resultsFor(String(survey.agency), String(survey._id), { weighted: true }, "analyst");
      warmed += 1;
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
