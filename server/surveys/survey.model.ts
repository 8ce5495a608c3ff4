import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { SURVEY_KINDS, SURVEY_STATUSES, type Question } from "@shared/survey.js";

const surveySchema = new Schema(
  {
    agency: { type: Schema.Types.ObjectId, required: true, index: true },
    // Public links are /s/:slug with no agency in them, so slugs are unique server-wide.
    slug: { type: String, required: true, unique: true },
    title: { type: Schema.Types.Mixed, required: true },
    description: { type: Schema.Types.Mixed, default: {} },
    kind: { type: String, enum: SURVEY_KINDS, required: true },
    status: { type: String, enum: SURVEY_STATUSES, default: "draft" },
    languages: { type: [String], required: true },
    version: { type: Number, default: 1 },
    /** Validated against the question-type rules before every write. */
    questions: { type: [Schema.Types.Mixed], required: true },
    /** Question sets of earlier versions, kept so older responses stay interpretable. */
    history: {
      type: [{ _id: false, version: Number, questions: [Schema.Types.Mixed], replacedAt: Date }],
      default: [],
    },
    settings: { type: Schema.Types.Mixed, default: {} },
    public: { type: Schema.Types.Mixed, default: { published: false, questions: [] } },
    template: { type: String, default: null },
    hasResponses: { type: Boolean, default: false },
    openedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true, minimize: false },
);

export type SurveyRecord = Omit<InferSchemaType<typeof surveySchema>, "questions"> & {
  _id: mongoose.Types.ObjectId;
  questions: Question[];
};
export const SurveyModel = mongoose.model("Survey", surveySchema);
