// Retry-After is honoured, but never as a reason to retry sooner than the normal backoff: a negative
// value, zero or a date in the past would otherwise turn the retries into a burst.
import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../../src/core/http';
import { DEFAULT_RETRY_POLICY, backoffDelay } from '../../../src/core/retry';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates; a negative number or other text is no Retry-After', () => {
    assert.equal(parseRetryAfter('5', NOW), 5000);
    assert.equal(parseRetryAfter(' 1.5 ', NOW), 1500);
    assert.equal(parseRetryAfter('Sun, 06 Dec 2026 12:00:30 GMT', NOW), 30_000);
    assert.equal(parseRetryAfter('Sunday, 06-Dec-26 12:00:10 GMT', NOW), 10_000);
    assert.equal(parseRetryAfter('Sun, 06 Dec 2026 11:00:00 GMT', NOW), 0, 'a past date');
    for (const value of ['-5', '-0.5', '-1 day', 'soon', '', undefined]) {
      assert.equal(parseRetryAfter(value, NOW), undefined, String(value));
    }
  });

  it('the delay after a Retry-After of 0, a past date or -5 is never shorter than the normal backoff', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 500 };
    for (const random of [() => 0, () => 0.5, () => 0.999]) {
      for (let attempt = 1; attempt < policy.maxAttempts; attempt++) {
        const normal = backoffDelay(policy, attempt, undefined, random);
        for (const header of ['0', 'Sun, 06 Dec 2026 11:00:00 GMT', '-5']) {
          const delay = backoffDelay(policy, attempt, parseRetryAfter(header, NOW), random);
          assert.ok(delay >= normal, `attempt ${attempt}, Retry-After ${header}: ${delay} < ${normal}`);
        }
      }
    }
    // The four waits of five attempts add up to at least the backoff's floor (not 1.8 s of nothing).
    const waits = [1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, parseRetryAfter('-5', NOW), () => 0));
    assert.deepEqual(waits, [250, 500, 1000, 2000]);
  });

  it('a longer Retry-After is still honoured, within its cap', () => {
    const policy = DEFAULT_RETRY_POLICY;
    assert.equal(backoffDelay(policy, 1, 10_000, () => 0), 10_000);
    assert.equal(backoffDelay(policy, 1, 10 * 60_000, () => 0), policy.maxRetryAfterMs);
  });
});
