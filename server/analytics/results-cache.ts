import { domainEvents } from "@server/platform/events.js";
import { readToken, tokenKey, type Token } from "./counts-cache.js";

/**
 * Results bodies kept in this process, so a dashboard (or a live push after every stored
 * response) does not re-read dozens of rollup documents per request: on the embedded engine a
 * rollup read costs far more than the few milliseconds a results request may take.
 *
 * Freshness, in order of strictness:
 * - Responses stored by THIS process: `response.stored` invalidates the survey's entries
 *   before the submitter is answered, so the next read counts them. Never a TTL.
 * - Responses stored by ANOTHER process: every hit first reads the survey's rollup catalog
 *   (`_id` lookup in a collection of one document per survey) and the ids of its pending
 *   deltas (a collection compaction keeps near empty). Any new delta or finished compaction
 *   changes that token, so the entry is recomputed.
 * - Settings: the caller passes a fingerprint of what the body depends on besides counts
 *   (the survey's version and last change, the agency's districts, margins and suppression
 *   threshold), read with the survey and agency it loads anyway; a different fingerprint is a
 *   miss. `survey.changed` also invalidates at once. No time-based expiry is needed.
 * - A rebuild ends with a new catalog sequence, which changes the token in every process.
 */
const MAX_ENTRIES = 2000;

export interface CacheKey {
  surveyId: string;
  viewer: string;
  filter: Record<string, unknown>;
  /** Everything besides counts the body depends on (see above). */
  fingerprint: string;
}

interface Entry<T> {
  value: T;
  generation: number;
  token: string;
  fingerprint: string;
}

const entries = new Map<string, Entry<unknown>>();
/** Per survey, bumped by every local event that may change its results. */
const generations = new Map<string, number>();

/** Makes every cached body of a survey stale. */
function invalidateResults(surveyId: string): void {
  generations.set(surveyId, (generations.get(surveyId) ?? 0) + 1);
}

domainEvents.on("response.stored", ({ surveyId }) => invalidateResults(surveyId));
domainEvents.on("survey.changed", ({ surveyId }) => invalidateResults(surveyId));

const keyOf = (key: CacheKey): string =>
  JSON.stringify([
    key.surveyId,
    key.viewer,
    Object.entries(key.filter)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);

/** A read's view of freshness, taken before anything is computed. */
export interface ReadStart {
  generation: number;
  /** What the stored rollups of the survey are, as far as any process has written them. */
  state: Promise<Token>;
}

/**
 * Starts a read: the generation now, and the token read in the background, so callers can
 * load the survey and agency at the same time. Taken BEFORE computing, a response stored
 * meanwhile makes the new entry stale at once rather than hiding it.
 */
export function beginRead(surveyId: string): ReadStart {
  const state = readToken(surveyId);
  state.catch(() => undefined); // awaited later; an early failure must not be unhandled
  return { generation: generations.get(surveyId) ?? 0, state };
}

/**
 * The cached value for `key` when it is still exact, else `compute()`'s (then cached). Values
 * are copied in and out unless `shared`: the caller then promises never to change them.
 */
export async function cachedResults<T>(
  key: CacheKey,
  compute: () => Promise<T>,
  start: ReadStart = beginRead(key.surveyId),
  { shared = false }: { shared?: boolean } = {},
): Promise<T> {
  const id = keyOf(key);
  const token = tokenKey(await start.state);
  const hit = entries.get(id) as Entry<T> | undefined;
  if (
    hit &&
    hit.generation === start.generation &&
    hit.token === token &&
    hit.fingerprint === key.fingerprint
  ) {
    // A copy: callers (live pushes, presenters) may decorate what they get.
    return shared ? hit.value : structuredClone(hit.value);
  }
  const value = await compute();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.delete(id); // re-inserted last: the Map's order is the eviction order
  entries.set(id, {
    value: shared ? value : structuredClone(value),
    generation: start.generation,
    token,
    fingerprint: key.fingerprint,
  });
  return value;
}

/** Drops every entry; generations are kept, so a computation in flight cannot come back valid. */
export function clearResultsCache(): void {
  entries.clear();
}
