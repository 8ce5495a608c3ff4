import mongoose, { Schema } from "mongoose";

/*
 * Every record here is read by `_id` only: the embedded engine serves those from its index and
 * scans the whole collection for any other filter.
 */

/**
 * What we know of one phone number, `_id` = its keyed hash (never the number): the agencies
 * that texted it (so a STOP reaches each of them) and whether the network said it cannot
 * receive texts (then no agency texts it again).
 */
const smsNumberSchema = new Schema(
  {
    _id: { type: String, required: true },
    agencies: { type: [Schema.Types.ObjectId], default: [] },
    lastAgency: { type: Schema.Types.ObjectId, default: null },
    unreachable: {
      type: new Schema({ code: Number, at: Date }, { _id: false }),
      default: null,
    },
  },
  { versionKey: false },
);
export const SmsNumberModel = mongoose.model("SmsNumber", smsNumberSchema, "sms_numbers");

/** One text the provider accepted, `_id` = the provider's id: where its status updates go. */
const smsMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    invitation: { type: Schema.Types.ObjectId, required: true },
    numberKey: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const SmsMessageModel = mongoose.model("SmsMessage", smsMessageSchema, "sms_messages");

/**
 * A short link of a text, `_id` = SHA-256 of its code: the code itself (96 random bits) is
 * only in the text. It leads to its invitation for as long as the invitation's token would.
 */
const shortLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    invitation: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const ShortLinkModel = mongoose.model("ShortLink", shortLinkSchema, "short_links");
