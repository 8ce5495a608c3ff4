/**
 * Group commit: requests that arrive within a few milliseconds of each other are written as
 * one batch, and each caller is answered only after its batch is durable. One batch is in
 * flight at a time; whatever arrives meanwhile forms the next one.
 */
export interface GroupCommitOptions {
  maxWaitMs: number;
  maxBatch: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T, R> {
  private queue: Array<Pending<T, R>> = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues an item; resolves with its result once its batch has been written. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far has been written (used at shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.flush();
      await this.inFlight;
    }
  }

  private schedule(): void {
    if (this.inFlight) return;
    if (this.queue.length >= this.options.maxBatch) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.inFlight = this.writeBatch(batch.map((p) => p.item))
      .then(
        (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.inFlight = null;
        // Whatever queued during the write has already waited: send it at once.
        if (this.queue.length > 0) this.flush();
      });
  }
}
