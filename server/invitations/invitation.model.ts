import mongoose, { Schema, type InferSchemaType } from "mongoose";

export const INVITATION_STATUSES = [
  "scheduled",
  "sent",
  "completed",
  "bounced",
  "expired",
  "opted_out",
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** How an invitation reaches its person: by mail, or by text message (delivered by server/sms/). */
export const INVITATION_CHANNELS = ["email", "sms"] as const;
export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];

/**
 * A text's delivery as the provider last reported it: handed over, delivered to the phone,
 * failed, or refused because the number cannot receive texts (which is never retried).
 */
export const SMS_STATUSES = ["sent", "delivered", "failed", "undeliverable"] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

const invitationSchema = new Schema(
  {
    survey: { type: Schema.Types.ObjectId, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    /** SHA-256 of the link token; the token itself is never stored. */
    tokenHash: { type: String, required: true, unique: true },
    /** AES-256-GCM of the address; null once used, expired, bounced or opted out. */
    emailEncrypted: { type: String, default: null },
    /** AES-256-GCM of the E.164 number, for text invitations; purged like the address. */
    phoneEncrypted: { type: String, default: null },
    channel: { type: String, enum: INVITATION_CHANNELS, default: "email" },
    /** Text invitations only: the provider's last word on the latest text. */
    smsStatus: { type: String, enum: [...SMS_STATUSES, null], default: null },
    district: { type: String, default: null },
    contactType: { type: String, required: true },
    /** The dispatch unit and the officer (badge or id) of the contact; copied onto the response. */
    unit: { type: String, default: null },
    officer: { type: String, default: null },
    /** When the contact happened; dropped with the address so nothing dates a person. */
    contactedAt: { type: Date, default: null },
    language: { type: String, required: true },
    status: { type: String, enum: INVITATION_STATUSES, default: "scheduled" },
    // Booleans (not timestamps) feed the funnel, so completion keeps no time that matches a response.
    sent: { type: Boolean, default: false },
    opened: { type: Boolean, default: false },
    remindersSent: { type: Number, default: 0 },
    sendAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    bounceReason: { type: String, default: null },
    /** Which upload created it; cleared once answered so no batch ties back to a response. */
    uploadId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
invitationSchema.index({ survey: 1, status: 1 });
invitationSchema.index({ status: 1, expiresAt: 1 });

export type InvitationRecord = InferSchemaType<typeof invitationSchema> & { _id: mongoose.Types.ObjectId };
export const InvitationModel = mongoose.model("Invitation", invitationSchema);

/**
 * The use of a token, `_id` = its hash. Inserting it is the redemption: a unique `_id` is the
 * one write every engine makes atomic (the embedded engine's conditional updates are not), so
 * of 50 racing submissions with one token exactly one stores a response.
 */
const redemptionSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const RedemptionModel = mongoose.model("InvitationRedemption", redemptionSchema);
