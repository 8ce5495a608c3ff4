import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { ROLES } from "@shared/accounts.js";

const userSchema = new Schema(
  {
    agency: { type: Schema.Types.ObjectId, required: true, index: true },
    // Sign-in is by email alone, so an address belongs to one account across all agencies.
    email: { type: String, required: true, unique: true },
    name: { type: String, default: "" },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    active: { type: Boolean, default: true },
    /** Opted in to the weekly email digest (off until the person turns it on). */
    digestOptIn: { type: Boolean, default: false },
    /** Units a supervisor sees (and whose commendations they are mailed); empty for others. */
    units: { type: [String], default: [] },
    /** The badge (or dispatch id) whose feedback an officer sees; null when not an officer. */
    badge: { type: String, default: null },
  },
  { timestamps: true },
);

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const UserModel = mongoose.model("User", userSchema);
