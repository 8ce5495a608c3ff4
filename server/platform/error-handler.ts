import type { NextFunction, Request, Response } from "express";
import type { Logger } from "./logger.js";
import { AppError } from "./errors.js";

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps any thrown value to the contract's error body; a 5xx never shows internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const parserError = error as BodyParserError;
  if (parserError?.type === "entity.too.large") {
    return new AppError(
      413,
      "payload_too_large",
      `The request body is larger than the ${parserError.limit ?? ""} bytes allowed.`,
    );
  }
  if (parserError?.type === "entity.parse.failed")
    return new AppError(400, "malformed_json", "The request body is not valid JSON.");
  if (parserError?.type === "encoding.unsupported" || parserError?.type === "charset.unsupported") {
    return new AppError(415, "unsupported_encoding", "The request body's encoding is not supported.");
  }
  if ((error as { code?: number })?.code === 11000)
    return new AppError(409, "duplicate", "That already exists.");
  const name = (error as { name?: string })?.name ?? "";
  if (
    name === "MongoServerSelectionError" ||
    name === "MongoNetworkError" ||
    name === "MongoNotConnectedError"
  ) {
    return new AppError(503, "unavailable", "The database is not reachable. Try again shortly.", undefined, {
      "Retry-After": "5",
    });
  }
  return new AppError(500, "internal", "Something went wrong on our side.");
}

export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = toAppError(error);
    if (appError.status >= 500)
      logger.error({ err: error, method: req.method, url: req.originalUrl }, "request failed");
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
    const body: Record<string, unknown> = { code: appError.code, message: appError.message };
    if (appError.details) body["details"] = appError.details;
    res.status(appError.status).json({ error: body });
  };
}
