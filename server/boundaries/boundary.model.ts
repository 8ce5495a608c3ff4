import mongoose, { Schema } from "mongoose";

/**
 * An agency's district boundaries, simplified for the browser: one document per agency, its
 * `_id` the agency's, so every read and write addresses it directly. Geometries are GeoJSON
 * (RFC 7946 winding) kept as JSON text: they are only ever read whole, never queried, and the
 * embedded engine stores no arrays nested in arrays.
 */
const boundariesSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    districts: {
      type: [
        {
          _id: false,
          district: { type: String, required: true },
          geometry: { type: String, required: true },
        },
      ],
      default: [],
    },
    /** What the upload weighed and what was kept, so the settings screen can say so. */
    sizes: {
      type: new Schema(
        { receivedBytes: Number, storedBytes: Number, receivedPositions: Number, storedPositions: Number },
        { _id: false },
      ),
      required: true,
    },
  },
  { timestamps: true, minimize: false, collection: "agency_boundaries" },
);

export const BoundariesModel = mongoose.model("Boundaries", boundariesSchema);
