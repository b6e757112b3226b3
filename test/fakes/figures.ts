// Figures over what the fakes recorded: how many calls were in flight at once, and how many
// arrived within any window (e.g. a second). Used by tests that check limits and by the bench.
import type { RecordedRequest } from './types';

/** Most intervals [receivedAt, respondedAt) open at once; an answer at t closes before an arrival at t. */
export function maxOverlap(requests: readonly RecordedRequest[]): number {
  const events: [number, number][] = [];
  for (const r of requests) {
    events.push([r.receivedAt, 1]);
    events.push([r.respondedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, delta] of events) {
    open += delta;
    max = Math.max(max, open);
  }
  return max;
}

/** Most timestamps (ms) within any window shorter than `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
