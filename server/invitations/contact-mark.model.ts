import mongoose, { Schema } from "mongoose";

/**
 * That a person (as a keyed hash of the address, never the address) was invited to a survey
 * on a day. Enforces "once per survey" without keeping contact details, and holds no reference
 * to the invitation, so it cannot lead to a response. `_id` = `<survey>|<emailKey>` (see
 * contact-marks.ts): the engine reads marks by key, and the `_id`'s uniqueness is what makes two
 * concurrent uploads of one person end in one invitation. Marks stored before that have an
 * ObjectId `_id` until the start-up migration rewrites them.
 */
const contactMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    survey: { type: Schema.Types.ObjectId, required: true },
    emailKey: { type: String, required: true },
    /** UTC midnight of the invitation day: a day is enough for the N-day rule. */
    invitedOn: { type: Date, required: true },
  },
  { versionKey: false },
);

export const ContactMarkModel = mongoose.model("ContactMark", contactMarkSchema);

/**
 * A person's latest invitation by an agency, whatever the survey: `_id` = the emailKey (a keyed
 * hash that already includes the agency). The "at most once per N days" rule reads it by key
 * instead of every mark of the person.
 */
const latestContactSchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    survey: { type: Schema.Types.ObjectId, required: true },
    invitedOn: { type: Date, required: true },
  },
  { versionKey: false },
);

export const LatestContactModel = mongoose.model("LatestContact", latestContactSchema, "latestcontacts");

/**
 * A person who asked for no more invitations from an agency (keyed hash only). `_id` = the
 * emailKey, so the check at every upload and before every message is a read by key.
 */
const optOutSchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    emailKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const OptOutModel = mongoose.model("OptOut", optOutSchema);
