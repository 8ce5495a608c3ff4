import { createServer, type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as the test SMTP server accepted it, its MIME parts decoded. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

export interface TestSmtp {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Recipients refused with a permanent 550 at RCPT TO. */
  rejectRecipients: Set<string>;
  /** Called with each complete message before it is accepted; return false to refuse it (451). */
  beforeAccept: ((raw: string, index: number) => boolean | Promise<boolean>) | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

/** A free TCP port, so a server can be started on it later ("SMTP comes back"). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodePart(headers: Record<string, string>, body: string): string {
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** Splits a message into headers, text and HTML (enough MIME for nodemailer's output). */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const mail: ReceivedMail = { to, raw, headers, text: "", html: "" };
  const boundary = /boundary="?([^";]+)"?/.exec(headers["content-type"] ?? "")?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw.slice(split)];
  for (const part of parts) {
    const at = part.search(/\r?\n\r?\n/);
    const partHeaders = boundary ? parseHeaders(part.slice(0, at)) : headers;
    const content = decodePart(partHeaders, boundary ? part.slice(at).replace(/^\r?\n\r?\n/, "") : body);
    const type = partHeaders["content-type"] ?? "";
    if (type.startsWith("text/plain")) mail.text = content;
    if (type.startsWith("text/html")) mail.html = content;
  }
  return mail;
}

/** A real SMTP server (the smtp-server package) that keeps what it accepts. */
export function testSmtp(port: number): TestSmtp {
  let server: SMTPServer | null = null;
  const waiters: Array<() => void> = [];
  const smtp: TestSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails: [],
    rejectRecipients: new Set(),
    beforeAccept: null,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onRcptTo(address, _session, callback) {
          if (smtp.rejectRecipients.has(address.address.toLowerCase())) {
            const error = new Error(`5.1.1 <${address.address}>: No such user`) as Error & {
              responseCode: number;
            };
            error.responseCode = 550;
            callback(error);
            return;
          }
          callback();
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            const raw = Buffer.concat(chunks).toString("utf8");
            const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
            void Promise.resolve(smtp.beforeAccept ? smtp.beforeAccept(raw, smtp.mails.length) : true).then(
              (accept) => {
                if (!accept) {
                  const error = new Error("4.3.0 Try again later") as Error & { responseCode: number };
                  error.responseCode = 451;
                  callback(error);
                  return;
                }
                smtp.mails.push(parseMail(raw, to));
                for (const wake of waiters.splice(0)) wake();
                callback();
              },
            );
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (smtp.mails.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} mails, got ${smtp.mails.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return smtp.mails;
    },
  };
  return smtp;
}

/** The single-use survey link in a mail's text part. */
export function surveyLink(mail: ReceivedMail): URL {
  const match = /(https?:\/\/\S+\/s\/[^\s?]+\?(?:lang=[A-Za-z-]+&)?t=[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no survey link in:\n${mail.text}`);
  return new URL(match[1]!);
}

/** The opt-out link in a mail's text part. */
export function optOutLink(mail: ReceivedMail): URL {
  const match = /(https?:\/\/\S+\/opt-out\?c=[A-Za-z0-9_.-]+)/.exec(mail.text);
  if (!match) throw new Error(`no opt-out link in:\n${mail.text}`);
  return new URL(match[1]!);
}
