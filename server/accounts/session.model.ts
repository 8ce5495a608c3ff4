import mongoose, { Schema, type InferSchemaType } from "mongoose";

const sessionSchema = new Schema({
  /** SHA-256 of the cookie value: a leaked database does not yield live sessions. */
  tokenHash: { type: String, required: true, unique: true },
  user: { type: Schema.Types.ObjectId, required: true, index: true },
  agency: { type: Schema.Types.ObjectId, required: true },
  csrfToken: { type: String, required: true },
  expiresAt: { type: Date, required: true },
  createdAt: { type: Date, required: true },
});

export type SessionRecord = InferSchemaType<typeof sessionSchema> & { _id: mongoose.Types.ObjectId };
export const SessionModel = mongoose.model("Session", sessionSchema);
