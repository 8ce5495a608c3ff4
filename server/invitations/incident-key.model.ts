import mongoose, { Schema } from "mongoose";

/**
 * That an agency's incident has already given a contact: `_id` = a hash of (agency, incident
 * number), so a batch sent twice is recognised by reads and inserts by key, the only lookups
 * the embedded engine answers from an index. It names no person, survey or invitation, so
 * nothing leads from an incident to a response.
 */
const incidentKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    /** The day it was first received (UTC midnight): enough to purge old keys. */
    receivedOn: { type: Date, required: true },
  },
  { versionKey: false },
);

export const IncidentKeyModel = mongoose.model("IncidentKey", incidentKeySchema, "incidentkeys");
