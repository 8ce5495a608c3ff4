import mongoose, { Schema, type InferSchemaType } from "mongoose";

const sessionSchema = new Schema({
  /**
   * SHA-256 of the cookie value: a leaked database does not yield live sessions. It is the
   * `_id` because the embedded engine answers only `_id` equality without scanning.
   */
  _id: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, required: true, index: true },
  agency: { type: Schema.Types.ObjectId, required: true },
  csrfToken: { type: String, required: true },
  expiresAt: { type: Date, required: true },
  createdAt: { type: Date, required: true },
});

export type SessionRecord = InferSchemaType<typeof sessionSchema>;
export const SessionModel = mongoose.model("Session", sessionSchema);
