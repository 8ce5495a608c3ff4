import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sleep } from "./live-audience.js";
import { postResponse as submit, type SubmitOutcome } from "./submit.js";

/**
 * The crash scenario's clients: submissions streamed until a kill, then the unacknowledged
 * ones sent again with the same submissionId and answers, as a careful respondent page does.
 */
const acknowledged = (outcome: SubmitOutcome): boolean =>
  outcome !== null && outcome.status >= 200 && outcome.status < 300;

interface Load {
  /** submissionId → the index its answers were made from, so a resend carries the same body. */
  sent: Map<string, number>;
  acked: Set<string>;
}

/**
 * Keeps `clients` clients submitting, each a new submission as soon as its last is answered,
 * until `kill` has run `killAtMs` in; requests then in flight fail, and are resent by the caller.
 */
export async function loadUntilKilled(
  url: string,
  slug: string,
  clients: number,
  killAtMs: number,
  kill: () => void,
  /** Records a new submission for the whole run; the index its answers are made from. */
  register: (submissionId: string) => number,
): Promise<Load> {
  const sent = new Map<string, number>();
  const acked = new Set<string>();
  let killed = false;
  const client = async (): Promise<void> => {
    while (!killed) {
      const submissionId = randomUUID();
      const i = register(submissionId);
      sent.set(submissionId, i);
      if (acknowledged(await submit(url, slug, submissionId, i))) acked.add(submissionId);
    }
  };
  const killer = async (): Promise<void> => {
    await sleep(killAtMs);
    // Stop the clients even if the kill throws, or they would spin against a dead server.
    try {
      kill();
    } finally {
      killed = true;
    }
  };
  await Promise.all([killer(), ...Array.from({ length: clients }, client)]);
  return { sent, acked };
}

/**
 * Sends each submission again, same submissionId and answers, until it is acknowledged (or
 * 30 s pass), as a client that kept what failed does. "duplicate" answers are counted: those
 * were stored before the crash without their sender ever hearing so.
 */
export async function resendAll(
  url: string,
  slug: string,
  clients: number,
  submissionIds: readonly string[],
  indexOf: ReadonlyMap<string, number>,
): Promise<{ alreadyStored: number; problems: string[] }> {
  const pending = [...submissionIds];
  const problems: string[] = [];
  let alreadyStored = 0;
  const client = async (): Promise<void> => {
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      const deadline = performance.now() + 30_000;
      let outcome = await submit(url, slug, id, indexOf.get(id)!);
      while (!acknowledged(outcome) && performance.now() < deadline) {
        await sleep(250);
        outcome = await submit(url, slug, id, indexOf.get(id)!);
      }
      if (!acknowledged(outcome))
        problems.push(`resend of ${id} not acknowledged (${outcome?.status ?? "network error"})`);
      else if (outcome?.duplicate) alreadyStored++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { alreadyStored, problems };
}
