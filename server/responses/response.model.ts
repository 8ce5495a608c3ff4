import mongoose, { Schema } from "mongoose";
import { CHANNELS } from "@shared/survey.js";

const responseSchema = new Schema(
  {
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
    invitation: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
responseSchema.index({ survey: 1, submissionId: 1 }, { unique: true });
responseSchema.index({ survey: 1, createdAt: 1 });

export const ResponseModel = mongoose.model("Response", responseSchema);
