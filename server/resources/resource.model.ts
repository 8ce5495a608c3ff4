import mongoose, { Schema } from "mongoose";
import { RESOURCE_KINDS } from "./catalog/index.js";

/**
 * Engagement resources. The IACP library is shared by every agency (`agency: null`), seeded
 * from code at start. An agency's additions carry its id; an agency's edit of a library entry
 * is its own copy with the entry's `key`, which replaces the shared one for that agency only.
 */
const resourceSchema = new Schema(
  {
    agency: { type: Schema.Types.ObjectId, default: null },
    key: { type: String, required: true },
    category: { type: String, required: true },
    title: { type: String, required: true },
    kind: { type: String, enum: RESOURCE_KINDS, required: true },
    summary: { type: String, required: true },
    themes: { type: [String], default: [] },
    url: { type: String, default: null },
    position: { type: Number, default: 100_000 },
  },
  { timestamps: true, versionKey: false },
);
resourceSchema.index({ agency: 1, key: 1 }, { unique: true });

export const ResourceModel = mongoose.model("Resource", resourceSchema);
