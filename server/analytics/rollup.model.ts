import mongoose, { Schema } from "mongoose";

/**
 * Pre-aggregated counts per survey × period × segment, kept current by `$inc` as responses
 * are stored, so reading results never scans responses.
 *
 * period: "all" | "d:2026-11-24" | "w:2026-W48" | "m:2026-11"
 * segment: "all" | "district:<code>" | "<age|gender|race>:<value>"
 * n: responses; a.<q>: answered; c.<q>.<value> (matrix: c.<q>.<item>.<value>): counts;
 * m.<q> (matrix: m.<q>.<item>): {n, s, q} moments of scored answers; x.<index>: index moments.
 */
const rollupSchema = new Schema(
  {
    survey: { type: Schema.Types.ObjectId, required: true },
    agency: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    segment: { type: String, required: true },
    n: { type: Number, default: 0 },
    a: { type: Schema.Types.Mixed, default: {} },
    c: { type: Schema.Types.Mixed, default: {} },
    m: { type: Schema.Types.Mixed, default: {} },
    x: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false, versionKey: false },
);
rollupSchema.index({ survey: 1, segment: 1, period: 1 }, { unique: true });

export interface RollupCounts {
  n: number;
  a: Record<string, unknown>;
  c: Record<string, unknown>;
  m: Record<string, unknown>;
  x: Record<string, unknown>;
}

export const RollupModel = mongoose.model("Rollup", rollupSchema);
