// Per-account pacing shared by every job in the process: a concurrency limiter (CleverTap's 3
// calls in flight) and a token bucket (EngageLab's requests per second). Both honour cancellation.

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

const REFILL_SHARE = 0.9;
const BURST_SHARE = 0.02;

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

/**
 * Paces requests so that no sliding one-second window holds more than `perSecond` of them, with
 * room to spare: requests bunch up on their way (event-loop stalls, network jitter), so the bucket
 * refills at 90 % of the rate with a burst of 2 % — at most 92 % of the rate leaves in any second,
 * and the vendor's own counter still sees no more than the rate after up to ~80 ms of bunching.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly refillPerMs: number;
  private queue: Promise<void> = Promise.resolve();
  readonly capacity: number;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {
    if (!(perSecond > 0)) throw new Error(`rate must be positive, got ${perSecond}`);
    this.capacity = Math.max(1, Math.floor(perSecond * BURST_SHARE));
    this.refillPerMs = (perSecond * REFILL_SHARE) / 1000;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Resolves when a request may start; requests are served in call order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeNow(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new AbortedError();
      const now = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.refillPerMs);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.wait((1 - this.tokens) / this.refillPerMs, signal);
    }
  }
}

/** One pacing state per limit key (e.g. "clevertap:<account>:delete"), shared by all jobs. */
export class PacingRegistry {
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly buckets = new Map<string, TokenBucket>();

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

  bucket(key: string, perSecond: number): TokenBucket {
    let found = this.buckets.get(key);
    if (!found || found.perSecond !== perSecond) {
      found = new TokenBucket(perSecond);
      this.buckets.set(key, found);
    }
    return found;
  }
}
