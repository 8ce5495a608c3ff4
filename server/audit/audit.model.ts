import mongoose, { Schema, type InferSchemaType } from "mongoose";

const auditEntrySchema = new Schema(
  {
    agency: { type: Schema.Types.ObjectId, required: true, index: true },
    at: { type: Date, required: true },
    /** Who acted, with a label kept as it was then (people get renamed and removed). */
    actor: {
      type: new Schema(
        {
          kind: { type: String, enum: ["user", "api_key"], required: true },
          id: { type: String, required: true },
          label: { type: String, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    action: { type: String, required: true },
    target: {
      type: new Schema(
        { type: { type: String, required: true }, id: { type: String, required: true }, label: String },
        { _id: false },
      ),
      required: true,
    },
    details: { type: Schema.Types.Mixed, default: null },
  },
  { collection: "audit_log", minimize: false },
);

export type AuditEntryRecord = InferSchemaType<typeof auditEntrySchema> & { _id: mongoose.Types.ObjectId };
export const AuditEntryModel = mongoose.model("AuditEntry", auditEntrySchema);
