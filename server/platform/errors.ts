/** One detail of a 4xx: which input path is wrong and why. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The single error type of the server. Its fields are exactly what the contract's error body
 * carries, so the error middleware never has to guess a status or a code.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string): AppError =>
  new AppError(404, "not_found", `The ${what} was not found.`);
export const badRequest = (code: string, message: string, details?: ErrorDetail[]): AppError =>
  new AppError(400, code, message, details);
export const unauthorized = (message = "Sign in first."): AppError =>
  new AppError(401, "unauthorized", message);
export const forbidden = (message = "Your role does not allow this."): AppError =>
  new AppError(403, "forbidden", message);
export const conflict = (code: string, message: string): AppError => new AppError(409, code, message);
export const unavailable = (message: string, retryAfterSeconds = 5): AppError =>
  new AppError(503, "unavailable", message, undefined, { "Retry-After": String(retryAfterSeconds) });
