// Per-account pacing shared by every job in the process: a concurrency limiter (CleverTap's 3
// calls in flight) and a sliding-window rate limiter (EngageLab's requests per second). Both
// honour cancellation.

export class AbortedError extends Error {
  override name = 'AbortedError';
  constructor() {
    super('cancelled');
  }
}

/** Limits how many tasks run at once; waiters are served first come, first served. */
export class Semaphore {
  private active = 0;
  private readonly waiters: { resolve: () => void; reject: (e: Error) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new Error(`concurrency must be at least 1, got ${limit}`);
  }

  get inFlight(): number {
    return this.active;
  }

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    this.drain();
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new AbortedError();
    if (this.active < this.limit && this.waiters.length === 0) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(new AbortedError());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.active < this.limit && this.waiters.length > 0) {
      const next = this.waiters.shift()!;
      if (next.onAbort) next.signal?.removeEventListener('abort', next.onAbort);
      this.active++;
      next.resolve();
    }
  }
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** What a vendor said about its rate limit in an answer (JPush-style X-Rate-Limit-* headers). */
export interface RateLimitHint {
  /** Requests allowed per window. */
  limit?: number;
  /** Requests left in the vendor's current window. */
  remaining?: number;
  /** Seconds until the vendor's window frees a request. */
  resetSeconds?: number;
}

/**
 * The vendor counts arrivals, we count starts. A request reached the vendor before its answer came
 * back, and no later after its start than the time its answer took beyond the quickest answer so
 * far, plus this margin (the vendor's own jitter, clock granularity): a request delayed on its way
 * (a new connection, an event-loop stall) moves its window end later by as much. The margin is in
 * time, not in count, so every window still carries the full limit.
 */
export const TRANSIT_MARGIN_MS = 25;
/** A request not answered yet is assumed to have arrived within this time (it holds its slot until then). */
const UNANSWERED_MS = 1000;
const WINDOW_MS = 1000;
/** A Reset beyond this is not believed (a garbled header must not stall a run for hours). */
const MAX_RESET_SECONDS = 60;
/** Requests that may leave back to back; beyond them starts are spread evenly over the window. */
const BURST_SHARE = 0.02;

interface Start {
  at: number;
  /** How long its answer (or failure) took, once known. */
  took?: number;
}

/**
 * Paces requests so that no sliding one-second window, counted as the vendor counts (by arrival),
 * holds more than `perSecond` of them: a request may start once the `perSecond`-th most recent one
 * reached the vendor a full second ago (see TRANSIT_MARGIN_MS). Starts are also spread evenly (a
 * bucket refilled at the full rate, with a burst of 2 %): the whole limit sent at once would queue
 * on its way and reach the vendor late and bunched, where the next window's first requests could
 * overtake it. The vendor's rate-limit headers, when it sends them, can lower the limit and pause
 * starts until its window frees.
 */
export class SlidingWindowLimiter {
  /** The most recent starts, oldest first (at most `limit` of them). */
  private readonly starts: Start[] = [];
  private limit: number;
  private pausedUntil = 0;
  /** The quickest answer so far (ms from start). */
  private quickest = Infinity;
  private tokens: number;
  private lastRefill: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {
    if (!(perSecond >= 1)) throw new Error(`rate must be at least 1 per second, got ${perSecond}`);
    this.limit = Math.floor(perSecond);
    this.tokens = this.burst;
    this.lastRefill = this.now();
  }

  private get burst(): number {
    return Math.max(1, Math.floor(this.limit * BURST_SHARE));
  }

  /** Resolves with the start time once a request may start; requests are served in call order. */
  take(signal?: AbortSignal): Promise<number> {
    const turn = this.queue.then(() => this.takeNow(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * The request started at `startedAt` ended: `answer` says whether the vendor answered (a failure
   * on the way says nothing about transit times), `hint` what it said about its limit. A lower
   * Limit lowers ours (never above the configured rate). Remaining 0 pauses starts until Reset —
   * unless our own starts explain the vendor's count (our window paces those already).
   */
  ended(startedAt: number, answer: boolean, hint?: RateLimitHint): void {
    const now = this.now();
    const took = now - startedAt;
    if (answer) this.quickest = Math.min(this.quickest, took);
    const start = this.starts.find((s) => s.at === startedAt && s.took === undefined);
    if (start) start.took = took;
    if (!hint) return;
    if (hint.limit !== undefined && hint.limit >= 1) this.limit = Math.min(Math.floor(this.perSecond), Math.floor(hint.limit));
    if (hint.remaining !== 0 || hint.resetSeconds === undefined) return;
    // The vendor counted its window on arrival, somewhere between our start and now.
    const ours = this.starts.filter((s) => s.at > startedAt - WINDOW_MS).length;
    if (ours >= this.limit) return;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(hint.resetSeconds, MAX_RESET_SECONDS) * 1000);
  }

  /** The latest time a request can have reached the vendor (the quickest answer is known better later). */
  private arrivedBy(start: Start): number {
    if (start.took === undefined) return start.at + UNANSWERED_MS;
    return start.at + Math.min(start.took, Math.max(0, start.took - this.quickest) + TRANSIT_MARGIN_MS);
  }

  private async takeNow(signal?: AbortSignal): Promise<number> {
    for (;;) {
      if (signal?.aborted) throw new AbortedError();
      const now = this.now();
      const refillPerMs = this.limit / (WINDOW_MS + TRANSIT_MARGIN_MS);
      this.tokens = Math.min(this.burst, this.tokens + (now - this.lastRefill) * refillPerMs);
      this.lastRefill = now;
      while (this.starts.length > this.limit) this.starts.shift();
      const oldest = this.starts[0];
      const windowFreeAt = this.starts.length < this.limit ? now : this.arrivedBy(oldest) + WINDOW_MS;
      const tokenAt = this.tokens >= 1 ? now : now + (1 - this.tokens) / refillPerMs;
      const freeAt = Math.max(this.pausedUntil, windowFreeAt, tokenAt);
      if (freeAt <= now) {
        this.tokens -= 1;
        this.starts.push({ at: now });
        if (this.starts.length > this.limit) this.starts.shift();
        return now;
      }
      await this.wait(freeAt - now, signal);
    }
  }
}

/** One pacing state per limit key (e.g. "clevertap:<account>:delete"), shared by all jobs. */
export class PacingRegistry {
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly windows = new Map<string, SlidingWindowLimiter>();

  semaphore(key: string, limit: number): Semaphore {
    let found = this.semaphores.get(key);
    if (!found) {
      found = new Semaphore(limit);
      this.semaphores.set(key, found);
    } else {
      found.setLimit(limit);
    }
    return found;
  }

  rate(key: string, perSecond: number): SlidingWindowLimiter {
    let found = this.windows.get(key);
    if (!found || found.perSecond !== perSecond) {
      found = new SlidingWindowLimiter(perSecond);
      this.windows.set(key, found);
    }
    return found;
  }
}
