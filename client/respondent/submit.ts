import type { AnswerProblem } from "@shared/answers.js";
import type { PageStrings } from "./data.js";
import { dequeue, enqueue, outbox, type Pending } from "./storage.js";

export type SendOutcome =
  | { kind: "stored"; submissionId: string; thanks: string }
  /** No network: kept on the device, sent when the browser is back online. */
  | { kind: "queued" }
  /** The server is busy or failing: kept, tried again shortly. */
  | { kind: "retrying" }
  | { kind: "invalid"; problems: AnswerProblem[] }
  /** The server will never take it (closed survey, used invitation…): dropped, with why. */
  | { kind: "refused"; message: string };

// Same minimum as the server (server/respondent/form-guard.ts): a person is never refused for
// being quick, the page just waits out the rest of it before sending.
const MIN_FILL_MS = 3000;
const RETRY_MS = 10_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<void> | null = null;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function startedAt(body: unknown): number | null {
  const token = (body as { client?: { started?: string } }).client?.started ?? "";
  const ms = parseInt(token.split(".")[0] ?? "", 36);
  return Number.isFinite(ms) ? ms : null;
}

async function sendOne(pending: Pending, strings: PageStrings, retryOnEarly = true): Promise<SendOutcome> {
  const started = startedAt(pending.body);
  if (started !== null) await sleep(Math.min(MIN_FILL_MS, Math.max(0, started + MIN_FILL_MS - Date.now())));
  let response: Response;
  try {
    response = await fetch(pending.api, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(pending.body),
    });
  } catch {
    return { kind: "queued" };
  }
  if (response.status === 200 || response.status === 201) {
    dequeue(pending.submissionId);
    return { kind: "stored", submissionId: pending.submissionId, thanks: pending.thanks };
  }
  if (response.status === 400) {
    const body = (await response.json().catch(() => ({}))) as { error?: { details?: AnswerProblem[] } };
    const problems = body.error?.details ?? [];
    // The server's clock says "too soon" where ours did not: wait once more, then send again.
    if (retryOnEarly && problems.some((p) => p.path === "client.started")) {
      await sleep(MIN_FILL_MS / 2);
      return sendOne(pending, strings, false);
    }
    dequeue(pending.submissionId);
    return { kind: "invalid", problems };
  }
  const refusal: Record<number, string> = {
    403: strings.linkTitle,
    404: strings.closedTitle,
    409: strings.alreadyTitle,
    410: strings.closedTitle,
  };
  const message = refusal[response.status];
  if (message) {
    dequeue(pending.submissionId);
    return { kind: "refused", message };
  }
  const retryAfter = Number(response.headers.get("retry-after"));
  scheduleRetry(strings, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : RETRY_MS);
  return { kind: "retrying" };
}

function scheduleRetry(strings: PageStrings, ms: number): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void flushOutbox(), ms);
}

interface OutboxPage {
  strings: PageStrings;
  /** This page's survey endpoint: only its outcomes are shown here. */
  api: string;
  onOutcome: (outcome: SendOutcome) => void;
}
let page: OutboxPage | null = null;

/** Connects the outbox to the open page, which shows what happened to its own submission. */
export function attachOutbox(options: OutboxPage): void {
  page = options;
}

/**
 * Sends everything waiting on this device, oldest first, each with its own submissionId so a
 * resend the server already has is answered "duplicate" and stored once.
 */
export function flushOutbox(): Promise<void> {
  if (!page) return Promise.resolve();
  const { strings, api, onOutcome } = page;
  inFlight ??= (async () => {
    for (const pending of outbox()) {
      const outcome = await sendOne(pending, strings);
      if (pending.api === api) onOutcome(outcome);
      if (outcome.kind === "queued") {
        scheduleRetry(strings, RETRY_MS);
        break;
      }
    }
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** Keeps the submission on the device first, then sends it: nothing is lost if the line drops. */
export async function queueAndSend(pending: Pending): Promise<void> {
  enqueue(pending);
  // A flush already under way read the outbox before this entry was added.
  if (inFlight) await inFlight;
  await flushOutbox();
}
