import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { ACTION_STATUSES } from "./public.schemas.js";

/**
 * "You said, we did": what an agency changed in answer to a published result. Written by
 * admins, read by everyone on the public page, so every field is plain text shown escaped.
 */
const actionSchema = new Schema(
  {
    agency: { type: Schema.Types.ObjectId, required: true },
    /** The survey whose result this answers; null for an agency-wide action. */
    survey: { type: Schema.Types.ObjectId, default: null },
    /** An index key (`trust`) or a question id of that survey, or null. */
    indicator: { type: String, default: null },
    title: { type: String, required: true },
    body: { type: String, default: "" },
    /** The day it was decided or done, `YYYY-MM-DD`, as the agency states it. */
    date: { type: String, required: true },
    status: { type: String, enum: ACTION_STATUSES, required: true },
  },
  { timestamps: true, versionKey: false, collection: "actions" },
);
actionSchema.index({ agency: 1, date: -1 });

export type ActionRecord = InferSchemaType<typeof actionSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const ActionModel = mongoose.model("Action", actionSchema);
