import os from "node:os";
import path from "node:path";
import Joi from "joi";
import { MIN_BENCHMARK_PEERS } from "@shared/benchmarks.js";
import { MIN_RELIABLE_N } from "@shared/flags.js";

/**
 * The only place that reads the environment. Every key is validated at boot; a bad value
 * stops the process with a message naming the variable, so a typo never runs half-configured.
 */
export interface Config {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  mongodbUri: string | null;
  dataDir: string;
  ferretdbBin: string | null;
  engineCacheDir: string;
  bootstrapAdminEmail: string;
  bootstrapAdminPassword: string | null;
  seedDemo: boolean;
  smtpUrl: string | null;
  redisUrl: string | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  sessionTtlHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  loginRateLimitPerMinute: number;
  /**
   * Sign-in delays (`server/accounts/login-guard.ts`): wrong passwords one client may make for
   * one account before it must wait, the longest wait, and the failures per account and hour
   * from all clients at which every client's first failure already waits.
   */
  loginFreeFailures: number;
  loginMaxDelayMinutes: number;
  loginAccountFailuresPerHour: number;
  submitRateLimitPerMinute: number;
  /** Signs the respondent form's start time (bot check); null = a random key per process. */
  formSigningKey: string | null;
  groupCommitMaxWaitMs: number;
  groupCommitMaxBatch: number;
  rollupCompactIntervalMs: number;
  /** Read open surveys' results once after a start (results-warmup.ts); off to measure cold reads. */
  warmResultsAfterStart: boolean;
  shutdownTimeoutMs: number;
  /** Base of the links residents get (QR codes, cards, emails); null = derived from each request. */
  publicUrl: string | null;
  /** 32-byte key for contact emails at rest and link tokens; null = a key file in DATA_DIR. */
  dataEncryptionKey: Buffer | null;
  mailFrom: string;
  invitationExpiryDays: number;
  jobsPollMs: number;
  jobsLeaseMs: number;
  jobsRetryBaseMs: number;
  /** Base of the Messages API (Twilio's, or a compatible stand-in). */
  smsProviderUrl: string;
  /** Text messages go through the provider when all three are set; else to DATA_DIR/sms-outbox. */
  smsAccountSid: string | null;
  smsAuthToken: string | null;
  /** The sending number in E.164 (+15551234567) or an alphanumeric sender id. */
  smsFrom: string | null;
  /** Peer benchmarks: the least n an agency's index figure needs to count as a peer's. */
  benchmarkMinN: number;
  /** Peer benchmarks: the fewest other agencies a peer figure is computed from (5 or more). */
  benchmarkMinPeers: number;
}

const defaultCacheDir = path.join(
  process.env["XDG_CACHE_HOME"] || path.join(os.homedir(), ".cache"),
  "community-pulse",
);

const schema = Joi.object({
  NODE_ENV: Joi.string().valid("development", "production", "test").default("development"),
  PORT: Joi.number().integer().min(0).max(65535).default(3000),
  HOST: Joi.string().max(255).default("127.0.0.1"),
  MONGODB_URI: Joi.string()
    .max(2048)
    .pattern(/^mongodb(\+srv)?:\/\//)
    .empty("")
    .default(null),
  DATA_DIR: Joi.string().max(1024).default("./data"),
  FERRETDB_BIN: Joi.string().max(1024).empty("").default(null),
  ENGINE_CACHE_DIR: Joi.string().max(1024).empty("").default(defaultCacheDir),
  BOOTSTRAP_ADMIN_EMAIL: Joi.string().email({ tlds: false }).max(254).default("admin@example.org"),
  BOOTSTRAP_ADMIN_PASSWORD: Joi.string().min(12).max(256).empty("").default(null),
  SEED_DEMO: Joi.boolean().truthy("1").falsy("0").default(true),
  SMTP_URL: Joi.string()
    .max(2048)
    .pattern(/^smtps?:\/\//)
    .empty("")
    .default(null),
  REDIS_URL: Joi.string()
    .max(2048)
    .pattern(/^rediss?:\/\//)
    .empty("")
    .default(null),
  LOG_LEVEL: Joi.string().valid("fatal", "error", "warn", "info", "debug", "trace", "silent").default("info"),
  SESSION_TTL_HOURS: Joi.number()
    .integer()
    .min(1)
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: Joi.boolean().truthy("1").falsy("0").default(false),
  TRUST_PROXY: Joi.boolean().truthy("1").falsy("0").default(false),
  LOGIN_RATE_LIMIT_PER_MINUTE: Joi.number().integer().min(1).max(10_000).default(10),
  LOGIN_FREE_FAILURES: Joi.number().integer().min(0).max(100).default(3),
  LOGIN_MAX_DELAY_MINUTES: Joi.number().integer().min(1).max(1440).default(15),
  LOGIN_ACCOUNT_FAILURES_PER_HOUR: Joi.number().integer().min(1).max(100_000).default(20),
  // Sign-in no longer locks; a setting made for the lock would otherwise be ignored unseen.
  LOGIN_LOCKOUT_THRESHOLD: Joi.any().forbidden().messages({
    "any.unknown": "{{#label}} is gone: sign-in is delayed, not locked; set LOGIN_FREE_FAILURES instead",
  }),
  LOGIN_LOCKOUT_MINUTES: Joi.any().forbidden().messages({
    "any.unknown": "{{#label}} is gone: sign-in is delayed, not locked; set LOGIN_MAX_DELAY_MINUTES instead",
  }),
  SUBMIT_RATE_LIMIT_PER_MINUTE: Joi.number().integer().min(0).max(1_000_000).default(120),
  FORM_SIGNING_KEY: Joi.string().min(32).max(256).empty("").default(null),
  GROUP_COMMIT_MAX_WAIT_MS: Joi.number().integer().min(0).max(100).default(4),
  GROUP_COMMIT_MAX_BATCH: Joi.number().integer().min(1).max(5000).default(256),
  ROLLUP_COMPACT_INTERVAL_MS: Joi.number().integer().min(10).max(60_000).default(250),
  WARM_RESULTS_AFTER_START: Joi.boolean().truthy("1").falsy("0").default(true),
  SHUTDOWN_TIMEOUT_MS: Joi.number().integer().min(100).max(60_000).default(8000),
  PUBLIC_URL: Joi.string()
    .max(2048)
    .uri({ scheme: ["http", "https"] })
    .empty("")
    .default(null),
  DATA_ENCRYPTION_KEY: Joi.string()
    .pattern(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "64 hex digits or 32 bytes in base64")
    .empty("")
    .default(null),
  MAIL_FROM: Joi.string().email({ tlds: false }).max(254).default("no-reply@community-pulse.invalid"),
  INVITATION_EXPIRY_DAYS: Joi.number().integer().min(1).max(90).default(14),
  JOBS_POLL_MS: Joi.number().integer().min(10).max(60_000).default(1000),
  JOBS_LEASE_MS: Joi.number().integer().min(500).max(3_600_000).default(60_000),
  JOBS_RETRY_BASE_MS: Joi.number().integer().min(10).max(3_600_000).default(30_000),
  SMS_PROVIDER_URL: Joi.string()
    .max(2048)
    .uri({ scheme: ["http", "https"] })
    .empty("")
    .default("https://api.twilio.com"),
  SMS_ACCOUNT_SID: Joi.string()
    .max(64)
    .pattern(/^[A-Za-z0-9]+$/, "letters and digits")
    .empty("")
    .default(null),
  SMS_AUTH_TOKEN: Joi.string().min(8).max(256).empty("").default(null),
  SMS_FROM: Joi.string()
    .max(16)
    .pattern(
      /^(?:\+[1-9]\d{6,14}|(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9 ]{1,11})$/,
      "a number in E.164 (+15551234567) or a sender id",
    )
    .empty("")
    .default(null),
  BENCHMARK_MIN_N: Joi.number().integer().min(1).max(100_000).default(MIN_RELIABLE_N),
  BENCHMARK_MIN_PEERS: Joi.number().integer().min(MIN_BENCHMARK_PEERS).max(1000).default(MIN_BENCHMARK_PEERS),
}).unknown(true);

const SMS_PROVIDER_KEYS = ["SMS_ACCOUNT_SID", "SMS_AUTH_TOKEN", "SMS_FROM"] as const;

interface ValidatedEnv {
  NODE_ENV: Config["nodeEnv"];
  PORT: number;
  HOST: string;
  MONGODB_URI: string | null;
  DATA_DIR: string;
  FERRETDB_BIN: string | null;
  ENGINE_CACHE_DIR: string;
  BOOTSTRAP_ADMIN_EMAIL: string;
  BOOTSTRAP_ADMIN_PASSWORD: string | null;
  SEED_DEMO: boolean;
  SMTP_URL: string | null;
  REDIS_URL: string | null;
  LOG_LEVEL: Config["logLevel"];
  SESSION_TTL_HOURS: number;
  COOKIE_SECURE: boolean;
  TRUST_PROXY: boolean;
  LOGIN_RATE_LIMIT_PER_MINUTE: number;
  LOGIN_FREE_FAILURES: number;
  LOGIN_MAX_DELAY_MINUTES: number;
  LOGIN_ACCOUNT_FAILURES_PER_HOUR: number;
  SUBMIT_RATE_LIMIT_PER_MINUTE: number;
  FORM_SIGNING_KEY: string | null;
  GROUP_COMMIT_MAX_WAIT_MS: number;
  GROUP_COMMIT_MAX_BATCH: number;
  ROLLUP_COMPACT_INTERVAL_MS: number;
  WARM_RESULTS_AFTER_START: boolean;
  SHUTDOWN_TIMEOUT_MS: number;
  PUBLIC_URL: string | null;
  DATA_ENCRYPTION_KEY: string | null;
  MAIL_FROM: string;
  INVITATION_EXPIRY_DAYS: number;
  JOBS_POLL_MS: number;
  JOBS_LEASE_MS: number;
  JOBS_RETRY_BASE_MS: number;
  SMS_PROVIDER_URL: string;
  SMS_ACCOUNT_SID: string | null;
  SMS_AUTH_TOKEN: string | null;
  SMS_FROM: string | null;
  BENCHMARK_MIN_N: number;
  BENCHMARK_MIN_PEERS: number;
}

/** Thrown when the environment is invalid; `main` prints it and exits 1. */
export class ConfigError extends Error {}

/** Validates an environment (process.env by default) into a frozen config. */
export function loadConfig(
  env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
): Readonly<Config> {
  const { value, error } = schema.validate(env, { abortEarly: false, convert: true });
  if (error) {
    const problems = error.details.map(
      (d) => `  ${String(d.path[0])}: ${d.message.replace(/^"[^"]+" /, "")}`,
    );
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const v = value as ValidatedEnv;
  // Half a provider configuration would silently write texts to the outbox instead of sending them.
  const smsMissing = SMS_PROVIDER_KEYS.filter((key) => v[key] === null);
  if (smsMissing.length > 0 && smsMissing.length < SMS_PROVIDER_KEYS.length) {
    throw new ConfigError(
      `Invalid configuration:\n${smsMissing.map((key) => `  ${key}: is required when ${SMS_PROVIDER_KEYS.filter((k) => !smsMissing.includes(k)).join(" and ")} is set`).join("\n")}`,
    );
  }
  return Object.freeze({
    nodeEnv: v.NODE_ENV,
    port: v.PORT,
    host: v.HOST,
    mongodbUri: v.MONGODB_URI,
    dataDir: path.resolve(v.DATA_DIR),
    ferretdbBin: v.FERRETDB_BIN,
    engineCacheDir: path.resolve(v.ENGINE_CACHE_DIR),
    bootstrapAdminEmail: v.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(),
    bootstrapAdminPassword: v.BOOTSTRAP_ADMIN_PASSWORD,
    seedDemo: v.SEED_DEMO,
    smtpUrl: v.SMTP_URL,
    redisUrl: v.REDIS_URL,
    logLevel: v.LOG_LEVEL,
    sessionTtlHours: v.SESSION_TTL_HOURS,
    cookieSecure: v.COOKIE_SECURE,
    trustProxy: v.TRUST_PROXY,
    loginRateLimitPerMinute: v.LOGIN_RATE_LIMIT_PER_MINUTE,
    loginFreeFailures: v.LOGIN_FREE_FAILURES,
    loginMaxDelayMinutes: v.LOGIN_MAX_DELAY_MINUTES,
    loginAccountFailuresPerHour: v.LOGIN_ACCOUNT_FAILURES_PER_HOUR,
    submitRateLimitPerMinute: v.SUBMIT_RATE_LIMIT_PER_MINUTE,
    formSigningKey: v.FORM_SIGNING_KEY,
    groupCommitMaxWaitMs: v.GROUP_COMMIT_MAX_WAIT_MS,
    groupCommitMaxBatch: v.GROUP_COMMIT_MAX_BATCH,
    rollupCompactIntervalMs: v.ROLLUP_COMPACT_INTERVAL_MS,
    warmResultsAfterStart: v.WARM_RESULTS_AFTER_START,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    publicUrl: v.PUBLIC_URL ? v.PUBLIC_URL.replace(/\/+$/, "") : null,
    dataEncryptionKey: v.DATA_ENCRYPTION_KEY
      ? Buffer.from(v.DATA_ENCRYPTION_KEY, v.DATA_ENCRYPTION_KEY.length === 64 ? "hex" : "base64")
      : null,
    mailFrom: v.MAIL_FROM,
    invitationExpiryDays: v.INVITATION_EXPIRY_DAYS,
    jobsPollMs: v.JOBS_POLL_MS,
    jobsLeaseMs: v.JOBS_LEASE_MS,
    jobsRetryBaseMs: v.JOBS_RETRY_BASE_MS,
    smsProviderUrl: v.SMS_PROVIDER_URL.replace(/\/+$/, ""),
    smsAccountSid: v.SMS_ACCOUNT_SID,
    smsAuthToken: v.SMS_AUTH_TOKEN,
    smsFrom: v.SMS_FROM,
    benchmarkMinN: v.BENCHMARK_MIN_N,
    benchmarkMinPeers: v.BENCHMARK_MIN_PEERS,
  });
}
