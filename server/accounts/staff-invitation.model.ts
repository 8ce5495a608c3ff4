import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { ROLES } from "@shared/accounts.js";

const staffInvitationSchema = new Schema(
  {
    /**
     * SHA-256 of the one-time token in the mailed link: the database never holds a usable
     * link. It is the `_id` so accepting a link is an `_id` lookup on the embedded engine.
     */
    _id: { type: String, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    email: { type: String, required: true },
    name: { type: String, default: "" },
    role: { type: String, enum: ROLES, required: true },
    invitedBy: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { collection: "staff_invitations" },
);

export type StaffInvitationRecord = InferSchemaType<typeof staffInvitationSchema>;
export const StaffInvitationModel = mongoose.model("StaffInvitation", staffInvitationSchema);
