import type { OutgoingSms, SmsProvider, SmsSendResult } from "./provider.js";

export interface TwilioAccount {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
}

/**
 * Twilio error codes that mean the number itself cannot get texts, so no later try can work:
 * invalid or unknown number, unsubscribed (replied STOP to the sender), not a mobile number,
 * landline or unreachable carrier, blocked.
 */
export const UNREACHABLE_NUMBER_CODES: ReadonlySet<number> = new Set([
  21211, 21212, 21408, 21610, 21612, 21614, 30004, 30005, 30006,
]);

const REQUEST_TIMEOUT_MS = 15_000;
/** Statuses that say "not now" rather than "never": the request may succeed if sent again. */
const RETRYABLE_STATUSES = new Set([401, 403, 404, 408, 409, 425, 429]);

/** Retry-After as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

async function errorBody(response: Response): Promise<{ code: number | null; message: string }> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { code?: unknown; message?: unknown };
    return {
      code: typeof parsed.code === "number" ? parsed.code : null,
      message: typeof parsed.message === "string" ? parsed.message : text,
    };
  } catch {
    return { code: null, message: text };
  }
}

/** A number in a provider's message is the resident's; it is logged and stored, so it goes. */
const withoutNumbers = (message: string): string => message.replace(/\+?\d[\d\s().-]{6,}\d/g, "<number>");

/**
 * Twilio's Programmable Messaging: one form-encoded POST to the Messages resource per text,
 * HTTP basic auth with the account SID and auth token. 5xx, 429 (with its Retry-After) and
 * network failures are temporary; a 4xx naming the message or the number is permanent.
 */
export function twilioProvider(account: TwilioAccount): SmsProvider {
  const url = `${account.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`;
  return {
    kind: "twilio",
    destination: new URL(account.baseUrl).origin,
    from: account.from,
    webhookToken: account.authToken,
    async send(message: OutgoingSms): Promise<SmsSendResult> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: {
            authorization,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: new URLSearchParams({
            To: message.to,
            From: account.from,
            Body: message.body,
            StatusCallback: message.statusCallback,
          }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        return {
          outcome: "temporary",
          message: `provider unreachable: ${String(error)}`,
          retryAfterMs: null,
        };
      }
      if (response.ok) {
        const body = (await response.json().catch(() => ({}))) as { sid?: unknown };
        if (typeof body.sid === "string") return { outcome: "accepted", providerId: body.sid };
        return {
          outcome: "temporary",
          message: "provider answered without a message sid",
          retryAfterMs: null,
        };
      }
      const { code, message: text } = await errorBody(response);
      const described = `${response.status}${code ? ` (${code})` : ""} ${withoutNumbers(text)}`
        .trim()
        .slice(0, 300);
      if (response.status >= 500 || RETRYABLE_STATUSES.has(response.status)) {
        return {
          outcome: "temporary",
          message: described,
          retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
        };
      }
      return {
        outcome: "permanent",
        code,
        message: described,
        numberUnreachable: code !== null && UNREACHABLE_NUMBER_CODES.has(code),
      };
    },
  };
}
