// When to try a call again: exponential backoff with jitter, a server's Retry-After honoured
// (within a cap), and a bounded number of attempts.

export interface RetryPolicy {
  /** Total attempts per call, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it (a vendor asking for an hour would stall the job). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Delay before attempt number `attempt + 1`, after `attempt` failed attempts (attempt ≥ 1). */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = ceiling / 2 + random() * (ceiling / 2);
  if (retryAfterMs === undefined) return backoff;
  // A Retry-After of 0 or a date in the past must not turn the retries into a burst: never sooner than the backoff.
  const jitter = random() * Math.min(250, policy.baseDelayMs);
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs) + jitter);
}
