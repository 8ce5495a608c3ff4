import mongoose, { Schema } from "mongoose";
import { DEFAULT_SUPPRESSION_THRESHOLD, DEFAULT_UNIT_MINIMUM_N } from "@shared/accounts.js";
import { HEADLINE_PERIODS } from "@shared/periods.js";

const agencySchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    timezone: { type: String, required: true, default: "America/Chicago" },
    languages: { type: [String], default: ["en", "es"] },
    districts: {
      type: [
        {
          _id: false,
          code: { type: String, required: true },
          name: { type: String, required: true },
          /** The name in other languages, by language code: `{ es: "Norte" }`. */
          names: { type: Schema.Types.Mixed, default: undefined },
        },
      ],
      default: [],
    },
    /** Population shares per weighting variable: `{ district: { D1: 0.4, … }, age: {…} }`. */
    margins: { type: Schema.Types.Mixed, default: {} },
    suppressionThreshold: { type: Number, default: DEFAULT_SUPPRESSION_THRESHOLD },
    /** Fewest responses a unit or officer needs before their figures are shown (5 at least). */
    unitMinimumN: { type: Number, default: DEFAULT_UNIT_MINIMUM_N },
    /** The length of the period the dashboard and public page lead with: `month` or `quarter`. */
    headlinePeriod: { type: String, enum: HEADLINE_PERIODS, default: "month" },
    retentionDays: { type: Number, default: 730 },
    invitationRules: { type: Schema.Types.Mixed, default: null },
    /** Whether the agency shares its disclosure-controlled index figures with peer agencies. */
    benchmarks: {
      type: new Schema({ share: { type: Boolean, default: false } }, { _id: false }),
      default: () => ({ share: false }),
    },
    /** Header colour of staff and public pages; white text on it meets 4.5:1 (checked on save). */
    brandColor: { type: String, default: null },
    /** What the logo is; its bytes live in `agency_logos` so reading an agency stays small. */
    logo: {
      type: new Schema({ contentType: String, size: Number, updatedAt: Date }, { _id: false }),
      default: null,
    },
  },
  { timestamps: true, minimize: false },
);

export const AgencyModel = mongoose.model("Agency", agencySchema);
