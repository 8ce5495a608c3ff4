import Joi from "joi";
import { BENCHMARK_FILE_FORMAT, BENCHMARK_FILE_VERSION, BENCHMARK_TEMPLATES } from "@shared/benchmarks.js";
import { INDEX_KEYS } from "@shared/indices.js";
import { objectId } from "@server/platform/validation.js";

/** A month (`2026-11`) or a quarter (`2026-Q4`): the two lengths an agency reports by. */
export const PERIOD_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2]|Q[1-4])$/;
const period = Joi.string().max(7).pattern(PERIOD_PATTERN, "YYYY-MM or YYYY-Qn");
const base64url = (length: number) =>
  Joi.string()
    .length(length)
    .pattern(/^[A-Za-z0-9_-]+$/, "base64url");

export const surveyBenchmarksSchema = {
  params: Joi.object({ id: objectId.required() }),
  query: Joi.object({ period }),
};

export const exportSchema = { query: Joi.object({ period }) };

const score = Joi.number().min(0).max(100);
const figure = Joi.object({
  score: score.required(),
  n: Joi.number().integer().min(1).max(100_000_000).required(),
  ci95: Joi.array().ordered(score.required(), score.required()).allow(null).required(),
});

/** The open benchmark file (docs/BENCHMARKS.md): every field required, nothing else allowed. */
export const benchmarkFileSchema = Joi.object({
  format: Joi.string().valid(BENCHMARK_FILE_FORMAT).required(),
  formatVersion: Joi.number().valid(BENCHMARK_FILE_VERSION).required(),
  agency: Joi.object({
    id: Joi.string()
      .max(64)
      .pattern(/^[A-Za-z0-9_-]+$/)
      .required(),
    name: Joi.string().max(120).required(),
  }).required(),
  period: period.required(),
  createdAt: Joi.string().isoDate().max(40).required(),
  entries: Joi.array()
    .items(
      Joi.object({
        template: Joi.string()
          .valid(...BENCHMARK_TEMPLATES)
          .required(),
        templateVersion: Joi.string().max(80).required(),
        indices: Joi.object()
          .pattern(Joi.string().valid(...INDEX_KEYS), figure)
          .min(1)
          .required(),
      }),
    )
    .min(1)
    .max(BENCHMARK_TEMPLATES.length)
    .unique("template")
    .required(),
  publicKey: base64url(43).required(),
  signature: base64url(86).required(),
});

export const importSchema = { body: benchmarkFileSchema };
