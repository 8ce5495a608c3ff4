import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "./config.js";

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A stable id, so a mail retried after a crash can be recognised as the same message. */
  messageId?: string;
  headers?: Record<string, string>;
}

/**
 * A delivery failure. `permanent` means the receiving server refused this message for good
 * (a 5xx to the recipient or the content); everything else (connection refused, timeouts,
 * 4xx, authentication) is worth retrying later.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null,
  ) {
    super(message);
    this.name = "MailDeliveryError";
  }
}

export interface Mailer {
  /** Where mail goes: "smtp://host:port" or the outbox directory. */
  readonly destination: string;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  message?: string;
}

function classify(error: unknown): MailDeliveryError {
  const e = (error ?? {}) as SmtpFailure;
  const code = typeof e.responseCode === "number" ? e.responseCode : null;
  const perMessage = e.code === "EENVELOPE" || e.code === "EMESSAGE";
  const permanent = perMessage && code !== null && code >= 500 && code < 600;
  // Servers often quote the recipient; the message is logged and stored, the address must not be.
  const message = String(e.message ?? error).replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "<address>");
  return new MailDeliveryError(message.slice(0, 500), permanent, code);
}

function smtpMailer(url: string): Mailer {
  const transport: Transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const safe = new URL(url);
  return {
    destination: `${safe.protocol}//${safe.host}`,
    async send(mail) {
      try {
        const info = (await transport.sendMail(mail)) as { messageId: string };
        return { messageId: info.messageId };
      } catch (error) {
        throw classify(error);
      }
    },
    close: () => transport.close(),
  };
}

/** Without SMTP, each mail becomes an .eml file an operator (or a test) can open. */
function outboxMailer(dir: string): Mailer {
  const composer: Transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });
  return {
    destination: dir,
    async send(mail) {
      const info = (await composer.sendMail(mail)) as { messageId: string; message: Buffer };
      await mkdir(dir, { recursive: true });
      const name = `${Date.now()}-${randomBytes(6).toString("hex")}.eml`;
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const temporary = path.join(dir, `.${name}.tmp`);
      await writeFile(temporary, info.message, { mode: 0o600 });
      await rename(temporary, path.join(dir, name));
      return { messageId: info.messageId };
    },
    close: () => composer.close(),
  };
}

let current: Mailer | null = null;

/** Creates the one transport of this process (SMTP_URL, else DATA_DIR/outbox). */
export function configureMailer(config: Readonly<Config>): Mailer {
  current?.close();
  current = config.smtpUrl ? smtpMailer(config.smtpUrl) : outboxMailer(path.join(config.dataDir, "outbox"));
  return current;
}

/** The configured transport; sending before `configureMailer` is a programming error. */
export function mailer(): Mailer {
  if (!current) throw new Error("configureMailer was not called");
  return current;
}

export function closeMailer(): void {
  current?.close();
  current = null;
}
