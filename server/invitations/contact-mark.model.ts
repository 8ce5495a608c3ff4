import mongoose, { Schema } from "mongoose";

/**
 * That a person (as a keyed hash of the address, never the address) was invited to a survey
 * on a day. Enforces "once per survey" and "at most once per N days" without keeping contact
 * details, and holds no reference to the invitation, so it cannot lead to a response.
 */
const contactMarkSchema = new Schema(
  {
    agency: { type: Schema.Types.ObjectId, required: true },
    survey: { type: Schema.Types.ObjectId, required: true },
    emailKey: { type: String, required: true },
    /** UTC midnight of the invitation day: a day is enough for the N-day rule. */
    invitedOn: { type: Date, required: true },
  },
  { versionKey: false },
);
// The unique index is what makes two concurrent uploads of one person end in one invitation.
contactMarkSchema.index({ agency: 1, survey: 1, emailKey: 1 }, { unique: true });
contactMarkSchema.index({ agency: 1, emailKey: 1, invitedOn: 1 });

export const ContactMarkModel = mongoose.model("ContactMark", contactMarkSchema);

/** A person who asked for no more invitations from an agency (keyed hash only). */
const optOutSchema = new Schema(
  {
    agency: { type: Schema.Types.ObjectId, required: true },
    emailKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
optOutSchema.index({ agency: 1, emailKey: 1 }, { unique: true });

export const OptOutModel = mongoose.model("OptOut", optOutSchema);
