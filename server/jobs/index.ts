import { randomBytes } from "node:crypto";
import {
  DIGEST_AGENCY_JOB,
  DIGEST_SCHEDULE_EVERY_MS,
  DIGEST_SCHEDULE_JOB,
  DIGEST_SEND_JOB,
  fanOutDigest,
  scheduleDigests,
  sendDigest,
} from "@server/digests/digests.service.js";
import {
  COMMENDATION_MAIL_EVERY_MS,
  COMMENDATION_MAIL_JOB,
  mailCommendations,
} from "@server/commendations/commendations.service.js";
import { deriveKeys, loadMasterKey } from "@server/invitations/crypto.js";
import { deliverInvitation, giveUpInvitation, SEND_JOB } from "@server/invitations/delivery.js";
import {
  MAINTENANCE_EVERY_MS,
  MAINTENANCE_JOB,
  maintainInvitations,
} from "@server/invitations/maintenance.js";
import { configureInvitations } from "@server/invitations/settings.js";
import type { Config } from "@server/platform/config.js";
import type { Logger } from "@server/platform/logger.js";
import { closeMailer, configureMailer } from "@server/platform/mailer.js";
import { configureSms } from "@server/sms/provider.js";
import {
  configureRetention,
  RETENTION_EVERY_MS,
  RETENTION_JOB,
  retentionJob,
} from "@server/retention/retention.service.js";
import { JobWorker, type JobDefinition } from "./worker.js";

export interface Background {
  worker: JobWorker;
  /** Stops taking jobs, lets the job in hand finish, then closes the mail transport. */
  stop(): Promise<void>;
}

/** Every kind of job this server runs. */
function definitions(): JobDefinition[] {
  return [
    { name: SEND_JOB, handle: deliverInvitation, onGiveUp: giveUpInvitation },
    { name: MAINTENANCE_JOB, handle: maintainInvitations, everyMs: MAINTENANCE_EVERY_MS },
    { name: DIGEST_SCHEDULE_JOB, handle: scheduleDigests, everyMs: DIGEST_SCHEDULE_EVERY_MS },
    { name: DIGEST_AGENCY_JOB, handle: fanOutDigest },
    { name: DIGEST_SEND_JOB, handle: sendDigest },
    { name: RETENTION_JOB, handle: retentionJob, everyMs: RETENTION_EVERY_MS },
    { name: COMMENDATION_MAIL_JOB, handle: mailCommendations, everyMs: COMMENDATION_MAIL_EVERY_MS },
  ];
}

/**
 * Starts mail and the job worker once the database is up and the server's address is known
 * (links in mails point at PUBLIC_URL, else at that address).
 */
export async function startBackground(
  config: Readonly<Config>,
  logger: Logger,
  serverUrl: string,
): Promise<Background> {
  // In-process tests without a key get a throwaway one instead of a file in the shared ./data.
  const master =
    config.nodeEnv === "test" && !config.dataEncryptionKey
      ? randomBytes(32)
      : await loadMasterKey(config.dataEncryptionKey, config.dataDir);
  configureInvitations({
    keys: deriveKeys(master),
    publicUrl: config.publicUrl ?? serverUrl,
    mailFrom: config.mailFrom,
    expiryDays: config.invitationExpiryDays,
  });
  configureRetention({ logger });
  const transport = configureMailer(config);
  logger.info({ mail: transport.destination }, "mail transport ready");
  const sms = configureSms(config);
  logger.info({ sms: sms.kind, destination: sms.destination }, "text messages ready");
  const worker = new JobWorker(definitions(), {
    pollMs: config.jobsPollMs,
    leaseMs: config.jobsLeaseMs,
    retryBaseMs: config.jobsRetryBaseMs,
    logger,
  });
  await worker.start();
  return {
    worker,
    async stop() {
      await worker.stop();
      closeMailer();
    },
  };
}
