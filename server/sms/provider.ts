import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "@server/platform/config.js";
import { twilioProvider } from "./twilio.js";

export interface OutgoingSms {
  to: string;
  body: string;
  /** Where the provider posts delivery updates for this message. */
  statusCallback: string;
}

/**
 * What became of one send: taken by the provider (its id for status updates), refused for good
 * (`numberUnreachable` when the number itself cannot receive texts), or worth trying again.
 */
export type SmsSendResult =
  | { outcome: "accepted"; providerId: string }
  | { outcome: "permanent"; code: number | null; message: string; numberUnreachable: boolean }
  | { outcome: "temporary"; message: string; retryAfterMs: number | null };

export interface SmsProvider {
  /** "twilio" with its API base, or "outbox" with the folder texts are written to. */
  readonly kind: "twilio" | "outbox";
  readonly destination: string;
  /** The sender, for the settings screen; null for the outbox. */
  readonly from: string | null;
  /** The token that signs the provider's webhooks; null when there are none to check. */
  readonly webhookToken: string | null;
  send(message: OutgoingSms): Promise<SmsSendResult>;
}

/** Without a provider, each text becomes a JSON file beside the mail outbox. */
function outboxProvider(dir: string): SmsProvider {
  return {
    kind: "outbox",
    destination: dir,
    from: null,
    webhookToken: null,
    async send(message) {
      await mkdir(dir, { recursive: true });
      const id = `outbox-${Date.now()}-${randomBytes(6).toString("hex")}`;
      const record = { id, to: message.to, body: message.body, statusCallback: message.statusCallback };
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const temporary = path.join(dir, `.${id}.json.tmp`);
      await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, path.join(dir, `${id}.json`));
      return { outcome: "accepted", providerId: id };
    },
  };
}

let current: SmsProvider | null = null;

/** Sets the one provider of this process: Twilio when its account is configured, else the outbox. */
export function configureSms(config: Readonly<Config>): SmsProvider {
  const { smsAccountSid, smsAuthToken, smsFrom } = config;
  current =
    smsAccountSid && smsAuthToken && smsFrom
      ? twilioProvider({
          baseUrl: config.smsProviderUrl,
          accountSid: smsAccountSid,
          authToken: smsAuthToken,
          from: smsFrom,
        })
      : outboxProvider(path.join(config.dataDir, "sms-outbox"));
  return current;
}

/** The configured provider; sending before `configureSms` is a programming error. */
export function smsProvider(): SmsProvider {
  if (!current) throw new Error("configureSms was not called");
  return current;
}
