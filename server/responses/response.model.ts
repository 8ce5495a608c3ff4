import { createHash } from "node:crypto";
import mongoose, { Schema } from "mongoose";
import { CHANNELS } from "@shared/survey.js";

const responseSchema = new Schema(
  {
    /** `responseId(survey, submissionId)`: see there. */
    _id: { type: String, required: true },
    survey: { type: Schema.Types.ObjectId, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    /** Client-chosen idempotency key: a retried submission must never count twice. */
    submissionId: { type: String, required: true },
    answers: { type: Schema.Types.Mixed, required: true },
    language: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, default: "link" },
    district: { type: String, default: null },
    /** Day, ISO week and month in the agency's timezone, fixed at write time. */
    periods: { day: String, week: String, month: String },
    /** Index scores (0–100) of this respondent, so rollups and rebuilds share one formula. */
    scores: { type: Schema.Types.Mixed, default: {} },
    /** Weighting cell (demographic answers, e.g. `D1|25_34|woman|-`), for raking from rollups. */
    cell: { type: String, default: null },
    invitation: { type: String, default: null },
    /** The invitation's dispatch unit and officer (badge), counted in the unit views' rollups; null otherwise. */
    unit: { type: String, default: null },
    officer: { type: String, default: null },
    /** The rollup delta (the write intent) of the batch that stored it: see write-intents.ts. */
    batch: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// Uniqueness of (survey, submissionId) is the `_id` itself; this index serves exports on MongoDB.
responseSchema.index({ survey: 1, createdAt: 1 });

/**
 * A response's id is derived from its survey and the client's submissionId. A replay then
 * collides on `_id`, the one unique key every engine enforces atomically, and its answer is
 * known without a lookup (the embedded engine would scan the collection for one).
 */
export function responseId(surveyId: string, submissionId: string): string {
  return createHash("sha256").update(`${surveyId}\0${submissionId}`).digest("hex").slice(0, 24);
}

export const ResponseModel = mongoose.model("Response", responseSchema);
