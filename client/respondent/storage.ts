/**
 * What the page keeps on the device: the answers in progress (so a reload, a crash or a lost
 * connection never loses them) and the submissions waiting for the network. Storage can be
 * full or switched off (private mode); then the page still works, it just cannot remember.
 */
export interface Draft {
  submissionId: string;
  /** The signed start time of the first visit: the minimum fill time counts from there. */
  started: string;
  fields: Array<[string, string]>;
  step: string | null;
}

export interface Pending {
  submissionId: string;
  api: string;
  thanks: string;
  body: unknown;
}

const OUTBOX = "cp:outbox";
const SENT = "cp:sent";
const KEEP_SENT = 20;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: keep going without it.
  }
}

export const draftKey = (slug: string, token: string | null): string => `cp:draft:${slug}:${token ?? ""}`;
export const loadDraft = (key: string): Draft | null => read<Draft>(key);
export const saveDraft = (key: string, draft: Draft | null): void => write(key, draft);

export const outbox = (): Pending[] => read<Pending[]>(OUTBOX) ?? [];

/** Queues a submission; the same submissionId replaces the older entry (the server dedupes anyway). */
export function enqueue(pending: Pending): void {
  write(OUTBOX, [...outbox().filter((p) => p.submissionId !== pending.submissionId), pending]);
}

export function dequeue(submissionId: string): void {
  const rest = outbox().filter((p) => p.submissionId !== submissionId);
  write(OUTBOX, rest.length > 0 ? rest : null);
}

/** Ids already stored: a page served from the offline cache may carry one, and must not reuse it. */
export const wasSent = (submissionId: string): boolean => (read<string[]>(SENT) ?? []).includes(submissionId);
export function markSent(submissionId: string): void {
  write(SENT, [...(read<string[]>(SENT) ?? []), submissionId].slice(-KEEP_SENT));
}
