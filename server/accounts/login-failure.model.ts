import mongoose, { Schema } from "mongoose";

/**
 * Sign-in attempts on record (`login-guard.ts`), of three kinds told apart by how the `_id`
 * was made: per account and client, its failures and when it may try again (with the `epoch`
 * its turns are numbered in); each attempt's turn, `<that id>.<epoch>.<n>`, whose insert is
 * what makes one attempt at a time; and per account, all clients' failures in the hour.
 */
const loginFailureSchema = new Schema(
  {
    /**
     * SHA-256 of the lower-cased email tried (known account or not, so delays behave the same
     * for addresses with no account and cannot tell which exist), and for the per-client kind
     * the client's hashed address as well: no address is ever stored. It is the `_id` because
     * the embedded engine answers only `_id` equality without scanning.
     */
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    epoch: { type: String },
    /** Per-client kind: no attempt from this client for this account before then. */
    retryAt: { type: Date, default: null },
    /** When the record stops counting; the retention job deletes it from then on. */
    expiresAt: { type: Date, required: true },
  },
  { collection: "login_failures", versionKey: false },
);

export const LoginFailureModel = mongoose.model("LoginFailure", loginFailureSchema);
