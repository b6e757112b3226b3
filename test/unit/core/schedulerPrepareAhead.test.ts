// Calls built ahead (ScheduleOptions.prepare) under everything a run meets at once: splits, retries,
// transport errors, builds that fail, a cancel or an abort mid-run, an intent or a record that
// cannot be written, and a second run on the same pacing key. Driven by event-loop turns only (no
// timers), so each seed replays the same interleaving.
import assert from 'node:assert/strict';
import { HttpTransportError } from '../../../src/core/http';
import { AbortedError, PacingRegistry, type Sleep } from '../../../src/core/limits';
import { chunkIndices, schedule, type PreparedCall } from '../../../src/core/scheduler';
import type { CallOutcome } from '../../../src/core/vendor';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await turn();
};
const oneTurnSleep: Sleep = async (_ms, signal) => {
  await turn();
  if (signal?.aborted) throw new AbortedError();
};

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** One run with random answers; returns every broken rule it saw. */
async function runOnce(seed: number, pacing: PacingRegistry): Promise<string[]> {
  const random = seeded(seed);
  const size = 1 + Math.floor(random() * 60);
  const idsPerCall = 1 + Math.floor(random() * 8);
  const maxInFlight = 1 + Math.floor(random() * 4);
  const bad = new Set(Array.from({ length: size }, (_, i) => i).filter(() => random() < 0.15));
  const cancelAtCall = random() < 0.3 ? 1 + Math.floor(random() * 12) : -1;
  const abortAtCall = random() < 0.15 ? 1 + Math.floor(random() * 12) : -1;
  const failingIntent = random() < 0.15 ? Math.floor(random() * 8) : -1;
  const failingRecord = random() < 0.15 ? Math.floor(random() * 8) : -1;
  const cancel = new AbortController();
  const abort = new AbortController();

  const broken: string[] = [];
  const intentStored = new Set<number>();
  const settled = new Set<number>();
  const inFlight = new Set<number>();
  const answered = new Set<string>();
  let ended = false;
  let calls = 0;
  let intents = 0;
  let records = 0;

  const send = async (indices: readonly number[], signal: AbortSignal | undefined): Promise<CallOutcome> => {
    if (ended) broken.push(`sent ${indices} after the run ended`);
    for (const i of indices) {
      if (!intentStored.has(i)) broken.push(`sent ${i} before its intent was stored`);
      if (settled.has(i)) broken.push(`sent ${i} again after its answer was recorded`);
      if (inFlight.has(i)) broken.push(`sent ${i} in two requests at once`);
      inFlight.add(i);
    }
    const call = ++calls;
    if (call === cancelAtCall) cancel.abort();
    if (call === abortAtCall) abort.abort();
    try {
      await turns(Math.floor(random() * 4));
      if (signal?.aborted) throw new HttpTransportError('aborted', 'request aborted', true);
      const draw = random();
      if (draw < 0.1) throw new HttpTransportError('connection', 'connection reset', random() < 0.5);
      if (draw < 0.2) return { kind: 'retry', httpStatus: 429, message: 'slow down', retryAfterMs: 1 };
      const refused = indices.some((i) => bad.has(i));
      if (refused && indices.length > 1) return { kind: 'split', httpStatus: 400, message: 'a bad ID' };
      answered.add(JSON.stringify(indices));
      return { kind: 'settled', results: { outcome: refused ? 'failed' : 'accepted' } };
    } finally {
      for (const i of indices) inFlight.delete(i);
    }
  };
  const prepare = (indices: readonly number[]): PreparedCall => {
    if (ended) broken.push(`built ${indices} after the run ended`);
    if (random() < 0.05) throw new Error('could not build the body');
    const carried = [...indices];
    return (signal) => send(carried, signal);
  };

  await schedule(
    {
      groups: chunkIndices(
        Array.from({ length: size }, (_, i) => i),
        idsPerCall,
      ),
      limits: { idsPerCall, maxInFlight, pacingKey: `shared-${seed >> 1}` },
      call: (indices, signal) => send([...indices], signal),
      prepare,
      cancel: cancel.signal,
      abort: abort.signal,
      hooks: {
        async beforeFirstSend(indices) {
          if (intents++ === failingIntent) throw new Error('EIO: intent not written');
          await turn();
          for (const i of indices) intentStored.add(i);
        },
        async settled(indices, results) {
          if (records++ === failingRecord) throw new Error('EIO: answer not written');
          const stopped = !Array.isArray(results) && results.message?.includes('not split further');
          if (!stopped && !answered.has(JSON.stringify(indices))) broken.push(`recorded an answer for ${indices}, which no request carried as such`);
          for (const i of indices) settled.add(i);
        },
        async gaveUp() {},
        async notSent() {},
      },
    },
    { pacing, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 }, sleep: oneTurnSleep, random },
  ).catch((error: unknown) => {
    if (!/EIO/.test(String(error))) broken.push(`run failed: ${String(error)}`);
  });
  ended = true;
  await turns(20);
  return broken;
}

describe('scheduler building calls ahead, under faults', () => {
  for (let pair = 0; pair < 40; pair++) {
    it(`seeds ${2 * pair} and ${2 * pair + 1} (two runs on one pacing key): no request before its intent, none with other IDs, none twice at once, nothing after the end`, async () => {
      const pacing = new PacingRegistry();
      const [first, second] = await Promise.all([runOnce(2 * pair, pacing), runOnce(2 * pair + 1, pacing)]);
      assert.deepEqual([...first, ...second], []);
    });
  }
});
