/**
 * The time as the domain sees it. Real by default; tests of schedules (quiet hours, delays,
 * reminders, expiry) set or advance it instead of waiting hours. Timers for polling keep
 * using real time: only "what time is it" is controllable.
 */
class Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Stops the clock at `at` until `advance`, `set` or `reset`. */
  set(at: Date): void {
    this.frozenAt = at.getTime();
  }

  advance(ms: number): void {
    if (this.frozenAt === null) this.offsetMs += ms;
    else this.frozenAt += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }
}

export const clock = new Clock();
