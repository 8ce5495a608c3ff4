import { pino, type Logger } from "pino";

/** One JSON logger per process; the level comes from config so tests can silence it. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", "password", "*.password"],
      remove: true,
    },
  });
}

export type { Logger };
