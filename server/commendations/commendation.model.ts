import mongoose, { Schema } from "mongoose";

/**
 * A resident's commendation of the officer of their contact, made with their response. Only
 * the redacted note is stored (shared/redaction.ts), and nothing ties it to the response or
 * the resident: `_id` is a one-way hash of the response id, so a retried submission records it once.
 */
const commendationSchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    unit: { type: String, default: null },
    officer: { type: String, required: true },
    /** The resident's words with contact details replaced; "" when they only ticked the box. */
    note: { type: String, default: "" },
    createdAt: { type: Date, required: true },
    /** When the unit's supervisors were mailed; null until the next morning's run. */
    mailedAt: { type: Date, default: null },
    /** Supervisors (by address) already mailed it: a run that fails midway does not mail them twice. */
    mailedTo: { type: [String], default: [] },
  },
  { versionKey: false },
);
commendationSchema.index({ agency: 1, officer: 1 });
commendationSchema.index({ mailedAt: 1, createdAt: 1 });

export const CommendationModel = mongoose.model("Commendation", commendationSchema);
