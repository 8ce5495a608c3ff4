import mongoose, { Schema } from "mongoose";

const loginFailureSchema = new Schema(
  {
    /**
     * SHA-256 of the lower-cased email tried, known account or not: lockout then behaves the
     * same for addresses that have no account, so it cannot be used to find out which do.
     * It is the `_id` because the embedded engine answers only `_id` equality without scanning.
     */
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    firstAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
  },
  { collection: "login_failures" },
);

export const LoginFailureModel = mongoose.model("LoginFailure", loginFailureSchema);
