import type { NextFunction, Request, Response } from "express";
import Joi from "joi";
import { AppError, type ErrorDetail } from "./errors.js";

export interface RequestSchema {
  params?: Joi.ObjectSchema;
  query?: Joi.ObjectSchema;
  body?: Joi.Schema;
}

/** Validated input, attached by `validate` so handlers never read raw `req.body`. */
export interface ValidatedInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

declare module "express-serve-static-core" {
  interface Request {
    input: ValidatedInput;
  }
}

const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 12;

/**
 * Lists every key that could act as a MongoDB operator (`$…`), a dotted path, or a prototype
 * key, anywhere in a parsed JSON value. Such keys never reach a query or an object merge.
 */
export function findUnsafeKeys(value: unknown, path = "", depth = 0): ErrorDetail[] {
  if (value === null || typeof value !== "object") return [];
  if (depth > MAX_DEPTH) return [{ path: path || "body", message: "is nested too deeply" }];
  const problems: ErrorDetail[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => problems.push(...findUnsafeKeys(item, `${path}[${i}]`, depth + 1)));
    return problems;
  }
  for (const key of Object.keys(value)) {
    const child = path ? `${path}.${key}` : key;
    if (key.startsWith("$") || key.includes(".") || PROTOTYPE_KEYS.has(key) || key.includes("\0")) {
      problems.push({ path: child, message: `key "${key.slice(0, 60)}" is not allowed` });
      continue;
    }
    problems.push(...findUnsafeKeys((value as Record<string, unknown>)[key], child, depth + 1));
  }
  return problems;
}

export const joiOptions: Joi.ValidationOptions = {
  abortEarly: false,
  allowUnknown: false,
  stripUnknown: false,
  convert: true,
  errors: { wrap: { label: false } },
};

/** Turns joi's error details into the contract's `details` entries. */
export function joiDetails(error: Joi.ValidationError, prefix = ""): ErrorDetail[] {
  return error.details.map((d) => {
    const path = d.path.map(String).join(".");
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path || "body", message: d.message };
  });
}

interface ValidateOptions {
  /** The error code for this route's 400, e.g. `invalid_response`. */
  code?: string;
  message?: string;
}

/**
 * Validates params, query and body against joi schemas, reporting every problem at once
 * (unknown keys rejected, not stripped) and rejecting unsafe keys before any schema runs.
 */
export function validate(schema: RequestSchema, options: ValidateOptions = {}) {
  const code = options.code ?? "validation_failed";
  const message = options.message ?? "The request has invalid fields.";
  return (req: Request, _res: Response, next: NextFunction): void => {
    const details: ErrorDetail[] = [];
    const input: ValidatedInput = { params: {}, query: {}, body: undefined };
    for (const part of ["params", "query", "body"] as const) {
      const raw: unknown = part === "body" ? req.body : { ...(req[part] as object) };
      const unsafe = findUnsafeKeys(raw, part === "body" ? "" : part);
      if (unsafe.length > 0) {
        details.push(...unsafe);
        continue;
      }
      const partSchema = schema[part];
      if (!partSchema) {
        if (part === "body" && raw !== undefined && Object.keys(raw as object).length > 0) {
          details.push({ path: "body", message: "this request takes no body" });
        }
        continue;
      }
      const { value, error } = partSchema.validate(raw ?? {}, joiOptions);
      if (error) details.push(...joiDetails(error, part === "body" ? "" : part));
      else (input as unknown as Record<string, unknown>)[part] = value;
    }
    if (details.length > 0) throw new AppError(400, code, message, details);
    req.input = input;
    next();
  };
}

export const objectId = Joi.string().hex().length(24);
