import assert from 'node:assert/strict';
import { SlidingWindowLimiter, TRANSIT_MARGIN_MS, type RateLimitHint } from '../../../src/core/limits';
import { createManualClock } from '../../fakes';

/** A limiter on a hand-moved clock: waiting moves the clock, so every start time is exact. */
function limiterAt(perSecond: number) {
  const clock = createManualClock(0);
  const limiter = new SlidingWindowLimiter(perSecond, clock.now, async (ms) => void clock.advance(ms));
  /** Starts a request and ends it `tookMs` later (the clock moves on only while waiting). */
  const send = async (tookMs: number, hint?: RateLimitHint): Promise<number> => {
    const at = await limiter.take();
    const end = clock.now();
    clock.advance(tookMs);
    limiter.ended(at, true, hint);
    clock.set(end);
    return at;
  };
  return { clock, limiter, send };
}

describe('SlidingWindowLimiter', () => {
  it('starts the full rate per window, each start a full second after the one N before it', async () => {
    const { send } = limiterAt(10);
    const starts: number[] = [];
    for (let i = 0; i < 30; i++) starts.push(await send(5));
    for (let i = 10; i < starts.length; i++) assert.ok(starts[i] - starts[i - 10] >= 1000, `start ${i}`);
    // Full rate, not 90 %: 30 starts take three windows, not more.
    assert.ok(starts[29] - starts[0] < 3 * (1000 + TRANSIT_MARGIN_MS), `${starts[29]}`);
  });

  it('a request slow on its way (a new connection) holds its slot until it surely arrived', async () => {
    const { send } = limiterAt(3);
    const first = await send(300); // answered 300 ms after it left; the others in 5 ms
    await send(5);
    await send(5);
    const fourth = await send(5);
    assert.ok(fourth >= first + 300 + 1000, `${fourth - first}`);
  });

  it('follows X-Rate-Limit-Limit below the configured rate, and back up to it (never above)', async () => {
    const { send } = limiterAt(10);
    const starts = [await send(5, { limit: 2 })];
    for (let i = 0; i < 4; i++) starts.push(await send(5, { limit: 2 }));
    assert.ok(starts[2] - starts[0] >= 1000 && starts[4] - starts[2] >= 1000, `${starts}`);
    const raised: number[] = [];
    for (let i = 0; i < 12; i++) raised.push(await send(5, { limit: 1000 }));
    assert.ok(raised[11] - raised[1] >= 1000, 'never more than the configured 10 per window');
  });

  it('Remaining 0 pauses until Reset when its own starts do not explain it; garbage Reset is capped', async () => {
    const { send } = limiterAt(10);
    const first = await send(5, { limit: 10, remaining: 0, resetSeconds: 1 });
    assert.ok((await send(5)) >= first + 5 + 1000);
    const { send: sendHostile } = limiterAt(10);
    const t = await sendHostile(5, { remaining: 0, resetSeconds: 999_999_999 });
    assert.equal((await sendHostile(5)) - t, 5 + 60_000);
  });

  it('Remaining 0 that its own full window explains does not pause', async () => {
    const { send } = limiterAt(2);
    const a = await send(5);
    const b = await send(5, { limit: 2, remaining: 0, resetSeconds: 1 });
    const c = await send(5);
    assert.ok(c - a >= 1000 && c - b < 1000, `${a} ${b} ${c}`);
  });
});
