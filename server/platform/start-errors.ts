import type { Config } from "./config.js";
import { EngineError } from "./embedded-engine.js";
import { RedisError } from "./redis.js";

/**
 * Why the server could not start, in one or two lines that name the cause and the setting to
 * change, for the failures an operator meets: the port taken, MongoDB unreachable or refusing
 * the credentials, the engine or Redis unavailable. Null for anything else (a bug: its stack
 * is worth seeing).
 */
export function explainStartFailure(
  error: unknown,
  config: Pick<Config, "port" | "host" | "mongodbUri">,
): string | null {
  if (error instanceof EngineError || error instanceof RedisError) return error.message;
  const e = error as { code?: unknown; codeName?: unknown; name?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? (e.message.split("\n")[0] ?? "") : "";
  if (e.code === "EADDRINUSE")
    return `Port ${config.port} on ${config.host} is already in use: stop what listens there, or set PORT (and HOST) to a free address.`;
  if (e.code === "EACCES" || e.code === "EADDRNOTAVAIL")
    return `Cannot listen on ${config.host}:${config.port} (${String(e.code)}): set PORT to 1024 or above and HOST to an address of this machine.`;
  const where = config.mongodbUri ? mongoHosts(config.mongodbUri) : "the embedded engine";
  if (e.code === 18 || e.codeName === "AuthenticationFailed" || /authentication failed/i.test(message))
    return `MongoDB at ${where} refused the user name and password in MONGODB_URI (authentication failed): correct them in MONGODB_URI.`;
  const unreachable = [
    "MongoServerSelectionError",
    "MongooseServerSelectionError",
    "MongoNetworkError",
    "MongoNetworkTimeoutError",
  ];
  if (typeof e.name === "string" && unreachable.includes(e.name))
    return `Cannot reach MongoDB at ${where} (${message || String(e.name)}): start it, or correct MONGODB_URI (unset it to use the embedded engine).`;
  if (e.name === "MongoParseError" || e.name === "MongoAPIError")
    return `MONGODB_URI is not a usable connection string (${message}): correct it, or unset it to use the embedded engine.`;
  return null;
}

/** The hosts of a connection string, without its user name and password. */
function mongoHosts(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  return match?.[1] ?? "MONGODB_URI";
}
