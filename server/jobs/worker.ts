import { randomBytes } from "node:crypto";
import os from "node:os";
import { clock } from "@server/platform/clock.js";
import type { Logger } from "@server/platform/logger.js";
import {
  claimJob,
  completeJob,
  enqueueJobs,
  extendLease,
  failJob,
  onEnqueued,
  requeueJob,
  type ClaimedJob,
  type JobPayload,
} from "./queue.js";

/** What a handler may ask for besides "done": to run again later without it counting as a failure. */
export type JobOutcome = void | { postponeUntil: Date };

export interface JobDefinition {
  name: string;
  handle(payload: JobPayload, job: { attempts: number; key: string }): Promise<JobOutcome>;
  /** After the last attempt failed (e.g. mark an invitation undeliverable). */
  onGiveUp?(payload: JobPayload, error: unknown): Promise<void>;
  /** A recurring job: one instance exists, re-queued this long after each run. */
  everyMs?: number;
}

export interface WorkerOptions {
  pollMs: number;
  leaseMs: number;
  retryBaseMs: number;
  logger: Logger;
}

const MAX_BACKOFF_MS = 3_600_000;

/** Exponential backoff with jitter: base, 2×base, 4×base … up to an hour. */
export function backoffMs(attempt: number, baseMs: number): number {
  const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

/**
 * The wait a failure asked for (a provider's Retry-After, as `retryAfterMs` on the error),
 * capped like backoff; 0 when it asked for none.
 */
function retryAfterOf(error: unknown): number {
  const asked = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof asked === "number" && asked > 0 ? Math.min(asked, MAX_BACKOFF_MS) : 0;
}

/**
 * Runs jobs from the database one at a time. Any number of processes may run a worker: the
 * lease decides who holds a job, and a holder that dies loses it when the lease lapses.
 * `stop()` stops taking jobs and waits for the one in hand, so SIGTERM never cuts a job short.
 */
export class JobWorker {
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  private readonly definitions = new Map<string, JobDefinition>();
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private lapsedCheckedAt = 0;

  constructor(
    definitions: JobDefinition[],
    private readonly options: WorkerOptions,
  ) {
    for (const definition of definitions) this.definitions.set(definition.name, definition);
  }

  /** Creates the recurring jobs if missing, then starts the loop. */
  async start(): Promise<void> {
    const recurring = [...this.definitions.values()].filter((d) => d.everyMs !== undefined);
    // Forced: a recurring job lost to a failure is re-created; a live one is never doubled.
    await enqueueJobs(
      recurring.map((d) => ({ name: d.name, key: `recurring:${d.name}`, runAt: clock.now() })),
      { force: true },
    );
    this.unsubscribe = onEnqueued(() => this.wake?.());
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.runOne();
      } catch (error) {
        this.options.logger.warn({ err: error }, "job worker could not reach the queue");
      }
      if (!worked && !this.stopping) await this.sleep(this.options.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /**
   * Takes and runs one due job; false when none was due. Jobs of dead processes are looked for
   * every half lease, not on every take: that query cannot stop early on the embedded engine.
   */
  async runOne(): Promise<boolean> {
    const names = [...this.definitions.keys()];
    let job: ClaimedJob | null = null;
    if (Date.now() - this.lapsedCheckedAt >= this.options.leaseMs / 2) {
      this.lapsedCheckedAt = Date.now();
      job = await claimJob(this.owner, names, this.options.leaseMs, true);
    }
    job ??= await claimJob(this.owner, names, this.options.leaseMs);
    if (!job) return false;
    await this.run(job);
    return true;
  }

  private async run(job: ClaimedJob): Promise<void> {
    const definition = this.definitions.get(job.name)!;
    const { leaseMs, logger } = this.options;
    const heartbeat = setInterval(
      () => {
        extendLease(job._id, this.owner, leaseMs).catch(() => undefined);
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    try {
      const outcome = await definition.handle(job.payload as JobPayload, {
        attempts: job.attempts,
        key: job.key,
      });
      if (outcome && "postponeUntil" in outcome) {
        await requeueJob(job._id, this.owner, outcome.postponeUntil, { countAttempt: false });
      } else if (definition.everyMs !== undefined) {
        const next = new Date(clock.nowMs() + definition.everyMs);
        await requeueJob(job._id, this.owner, next, { countAttempt: false, resetAttempts: true });
      } else {
        await completeJob(job._id, this.owner);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (job.attempts < job.maxAttempts) {
        const delay = Math.max(backoffMs(job.attempts, this.options.retryBaseMs), retryAfterOf(error));
        logger.warn(
          { job: job.name, attempt: job.attempts, retryInMs: delay, err: message },
          "job failed; will retry",
        );
        await requeueJob(job._id, this.owner, new Date(clock.nowMs() + delay), {
          countAttempt: true,
          error: message,
        });
      } else {
        logger.error({ job: job.name, attempts: job.attempts, err: message }, "job failed for good");
        await definition.onGiveUp?.(job.payload as JobPayload, error);
        await failJob(job._id, job.key, this.owner, message);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
}
