import mongoose, { Schema, type InferSchemaType } from "mongoose";

const apiKeySchema = new Schema(
  {
    /**
     * SHA-256 of the whole key: the key is shown once and never stored. It is the `_id`
     * because every key-authenticated request looks it up, and the embedded engine answers
     * only `_id` equality without scanning the collection.
     */
    _id: { type: String, required: true },
    /** The public part of the key (`cpk_<keyId>_…`): how admins and the log name it. */
    keyId: { type: String, required: true, unique: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    scopes: { type: [String], required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByEmail: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: "api_keys" },
);

export type ApiKeyRecord = InferSchemaType<typeof apiKeySchema>;
export const ApiKeyModel = mongoose.model("ApiKey", apiKeySchema);
