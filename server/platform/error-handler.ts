import type { NextFunction, Request, Response } from "express";
import type { Logger } from "./logger.js";
import { isDatabaseUnavailable } from "./database.js";
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
  // Whatever else the router or body parser refused (a path escape that does not decode, a
  // body that is not the gzip it claims) is the client's mistake, never a 500.
  const status = (error as { status?: unknown })?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return error instanceof URIError
      ? new AppError(400, "malformed_url", "The address contains a percent escape that does not decode.")
      : new AppError(status, "malformed_request", "The request could not be read.");
  }
  if ((error as { code?: number })?.code === 11000)
    return new AppError(409, "duplicate", "That already exists.");
  if (isDatabaseUnavailable(error)) {
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
