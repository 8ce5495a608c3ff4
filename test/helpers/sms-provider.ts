import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { twilioSignature } from "@server/sms/signature.js";

/** One Messages API request as the stand-in received it. */
export interface RecordedText {
  at: number;
  authorized: boolean;
  to: string;
  from: string;
  body: string;
  statusCallback: string;
  /** The sid it was given, or null when the stand-in refused it. */
  sid: string | null;
}

/** A refusal the stand-in answers with instead of accepting: an HTTP status and, for 4xx, a Twilio error code. */
export interface Refusal {
  status: number;
  code?: number;
  retryAfter?: string;
}

export interface SmsStandIn {
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
  requests: RecordedText[];
  /** Accepted texts only. */
  texts(): RecordedText[];
  /** The next requests (any number) are refused like this, in order. */
  refuseNext: Refusal[];
  /** Requests to these numbers are refused with this Twilio error code (400). */
  refuseNumbers: Map<string, number>;
  waitFor(count: number, timeoutMs?: number): Promise<RecordedText[]>;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A local stand-in for Twilio's Messages resource as documented: POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, From, Body and
 * StatusCallback, HTTP basic auth with the account SID and auth token; 201 with the message's
 * `sid`, or an error body `{ code, message, status }`. It records every request.
 */
export async function startSmsStandIn(): Promise<SmsStandIn> {
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const authToken = randomBytes(16).toString("hex");
  const from = "+15005550006";
  const requests: RecordedText[] = [];
  const waiters: Array<() => void> = [];
  const refuseNext: Refusal[] = [];
  const refuseNumbers = new Map<string, number>();
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = new URLSearchParams(await readBody(req));
      const answer = (
        status: number,
        json: Record<string, unknown>,
        headers: Record<string, string> = {},
      ) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.method !== "POST" || req.url !== path)
        return answer(404, { code: 20404, message: "not found", status: 404 });
      const record: RecordedText = {
        at: Date.now(),
        authorized: req.headers.authorization === expectedAuth,
        to: body.get("To") ?? "",
        from: body.get("From") ?? "",
        body: body.get("Body") ?? "",
        statusCallback: body.get("StatusCallback") ?? "",
        sid: null,
      };
      requests.push(record);
      waiters.splice(0).forEach((w) => w());
      if (!record.authorized) return answer(401, { code: 20003, message: "Authenticate", status: 401 });
      const refusal = refuseNext.shift();
      if (refusal) {
        const headers: Record<string, string> = refusal.retryAfter
          ? { "retry-after": refusal.retryAfter }
          : {};
        return answer(
          refusal.status,
          { code: refusal.code ?? null, message: "refused by the stand-in", status: refusal.status },
          headers,
        );
      }
      const numberCode = refuseNumbers.get(record.to);
      if (numberCode) {
        return answer(400, {
          code: numberCode,
          message: `The 'To' number ${record.to} is not a valid mobile number`,
          status: 400,
        });
      }
      record.sid = `SM${randomBytes(16).toString("hex")}`;
      answer(201, { sid: record.sid, status: "queued", to: record.to, from: record.from, body: record.body });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    from,
    requests,
    texts: () => requests.filter((r) => r.sid !== null),
    refuseNext,
    refuseNumbers,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 100);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Posts form parameters to a webhook as the provider does: signed with the auth token unless told otherwise. */
export async function postSigned(
  url: string,
  params: Record<string, string>,
  authToken: string,
  signature = twilioSignature(authToken, url, params),
): Promise<{ status: number; text: string; type: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params),
  });
  return {
    status: response.status,
    text: await response.text(),
    type: response.headers.get("content-type") ?? "",
  };
}

/**
 * A test server whose texts go to the stand-in: jobs polled every 20 ms, retries from 100 ms,
 * sessions long enough for tests that move the clock by weeks.
 */
export function smsServerEnv(provider: SmsStandIn): Record<string, string> {
  return {
    JOBS_POLL_MS: "20",
    JOBS_RETRY_BASE_MS: "100",
    SESSION_TTL_HOURS: "720",
    SMS_PROVIDER_URL: provider.url,
    SMS_ACCOUNT_SID: provider.accountSid,
    SMS_AUTH_TOKEN: provider.authToken,
    SMS_FROM: provider.from,
  };
}

/** Polls until the condition holds; fails the test after the timeout. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
