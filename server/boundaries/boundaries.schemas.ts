import Joi from "joi";
import { DISTRICT_CODE_PATTERN } from "@shared/accounts.js";
import { coordinatesProblem } from "./geometry.js";

/** The most districts an agency may have (as `PATCH /agency` allows), so the most features. */
const MAX_FEATURES = 200;

const geometry = Joi.object({
  type: Joi.string()
    .max(40)
    .valid("Polygon", "MultiPolygon")
    .required()
    .messages({ "any.only": "must be Polygon or MultiPolygon: a district is an area, not {#value}" }),
  coordinates: Joi.array().max(100_000).required(),
  bbox: Joi.array().items(Joi.number()).max(6),
}).custom((value: { type: "Polygon" | "MultiPolygon"; coordinates: unknown }, helpers) => {
  const problem = coordinatesProblem(value.type, value.coordinates);
  return problem ? helpers.message({ custom: `coordinates: ${problem}` }) : value;
});

const feature = Joi.object({
  type: Joi.string().max(40).valid("Feature").required(),
  id: Joi.alternatives(Joi.string().max(100), Joi.number()),
  bbox: Joi.array().items(Joi.number()).max(6),
  // A GIS export carries its own attributes beside the code; they are read past, never stored.
  properties: Joi.object({
    district: Joi.string().max(20).pattern(DISTRICT_CODE_PATTERN).required().messages({
      "any.required": "is required: each feature names its district code in properties.district",
    }),
  })
    .unknown(true)
    .required(),
  geometry: geometry.required(),
});

/** A GeoJSON FeatureCollection with one Polygon or MultiPolygon feature per district. */
export const putBoundariesSchema = {
  body: Joi.object({
    type: Joi.string().max(40).valid("FeatureCollection").required().messages({
      "any.only": "must be FeatureCollection: send the whole GeoJSON file, not {#value}",
      "any.required": "is required: the body must be a GeoJSON FeatureCollection",
    }),
    features: Joi.array().items(feature).min(1).max(MAX_FEATURES).required(),
    bbox: Joi.array().items(Joi.number()).max(6),
    name: Joi.string().max(200),
    crs: Joi.object().unknown(true),
  }).required(),
};
