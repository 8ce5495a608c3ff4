import mongoose, { Schema } from "mongoose";

const agencyLogoSchema = new Schema(
  {
    /** The agency's id as a string: one logo per agency, read by `_id` alone. */
    _id: { type: String, required: true },
    contentType: { type: String, required: true },
    data: { type: Buffer, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "agency_logos" },
);

export const AgencyLogoModel = mongoose.model("AgencyLogo", agencyLogoSchema);
