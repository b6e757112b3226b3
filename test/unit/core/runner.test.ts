import assert from 'node:assert/strict';
import { HttpTransportError } from '../../../src/core/http';
import { JobState, type IdResult, type JobSpec, type Outcome, type TargetState } from '../../../src/core/job';
import { PacingRegistry, sleep as realSleep, type Sleep } from '../../../src/core/limits';
import type { RetryPolicy } from '../../../src/core/retry';
import { retryableIndices, runJob, type JobRecorder } from '../../../src/core/runner';
import type { CallLimits, CallOutcome, DeleteClient } from '../../../src/vendors/vendor';

const FAST_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 50 };

function makeJob(ids: string[], key = 'clevertap:acc'): JobState {
  const spec: JobSpec = {
    id: 'job-1',
    createdAt: 0,
    source: 'editor',
    title: 't',
    targets: [{ spec: { key, accountId: 'acc', accountLabel: 'Acc', options: { vendor: 'clevertap', idType: 'identity' } }, ids: ids.map((id) => ({ id })) }],
  };
  return new JobState(spec);
}

function ids(n: number, prefix = 'u'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** Records every transition in order, like the journal would. */
class RecordingRecorder implements JobRecorder {
  readonly log: { indices: number[]; outcome: Outcome; result: IdResult }[] = [];
  async record(_job: JobState, target: TargetState, indices: readonly number[], result: IdResult): Promise<void> {
    this.log.push({ indices: [...indices], outcome: result.outcome, result });
    target.set(indices, result);
  }
  sentBefore(index: number): boolean {
    return this.log.some((e) => e.outcome === 'sending' && e.indices.includes(index));
  }
}

/** A scripted in-process vendor: answers each call with `answer(ids, callNumber)` after `delayMs`. */
class ScriptedClient implements DeleteClient {
  calls: string[][] = [];
  inFlight = 0;
  maxSeenInFlight = 0;
  startTimes: number[] = [];
  constructor(
    readonly limits: CallLimits,
    private readonly answer: (ids: readonly string[], call: number) => CallOutcome | Error,
    private readonly delayMs = 2,
  ) {}
  requestsFor(ids: readonly string[]) {
    return [{ method: 'POST' as const, url: 'https://example.test/delete', headers: {}, body: JSON.stringify(ids) }];
  }
  async deleteIds(ids: readonly string[]): Promise<CallOutcome> {
    const call = this.calls.push([...ids]);
    this.startTimes.push(performance.now());
    this.inFlight++;
    this.maxSeenInFlight = Math.max(this.maxSeenInFlight, this.inFlight);
    try {
      await realSleep(this.delayMs);
      const result = this.answer(ids, call);
      if (result instanceof Error) throw result;
      return result;
    } finally {
      this.inFlight--;
    }
  }
}

const accepted: CallOutcome = { kind: 'settled', results: { outcome: 'accepted' } };

async function run(job: JobState, client: DeleteClient, extra: { cancel?: AbortSignal; sleep?: Sleep; pacing?: PacingRegistry } = {}) {
  const recorder = new RecordingRecorder();
  await runJob(
    { job, clients: new Map([[job.targets[0].spec.key, client]]), recorder, cancel: extra.cancel },
    { pacing: extra.pacing ?? new PacingRegistry(), retry: FAST_RETRY, sleep: extra.sleep },
  );
  return recorder;
}

function outcomes(job: JobState): Record<string, number> {
  const counts = job.counts();
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

describe('runner', () => {
  it('chunks by idsPerCall and never exceeds maxInFlight', async () => {
    const job = makeJob(ids(1000));
    const client = new ScriptedClient({ idsPerCall: 100, maxInFlight: 3, pacingKey: 'k' }, () => accepted);
    const recorder = await run(job, client);
    assert.equal(client.calls.length, 10);
    assert.ok(client.calls.every((c) => c.length === 100));
    assert.equal(client.maxSeenInFlight, 3);
    assert.deepEqual(outcomes(job), { accepted: 1000 });
    assert.ok(recorder.log.every((e, n) => e.outcome !== 'accepted' || recorder.log.slice(0, n).some((s) => s.outcome === 'sending')));
  });

  it('shares the in-flight limit across jobs on the same pacing key', async () => {
    const pacing = new PacingRegistry();
    let inFlight = 0;
    let maxInFlight = 0;
    const makeClient = () =>
      new ScriptedClient({ idsPerCall: 10, maxInFlight: 3, pacingKey: 'shared' }, () => accepted, 3);
    const clients = [makeClient(), makeClient()];
    for (const c of clients) {
      const original = c.deleteIds.bind(c);
      c.deleteIds = async (list) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await original(list);
        } finally {
          inFlight--;
        }
      };
    }
    await Promise.all([run(makeJob(ids(200)), clients[0], { pacing }), run(makeJob(ids(200)), clients[1], { pacing })]);
    assert.equal(maxInFlight, 3);
  });

  it('stays within requestsPerSecond in every one-second window', async () => {
    const job = makeJob(ids(260));
    const client = new ScriptedClient({ idsPerCall: 1, maxInFlight: 50, requestsPerSecond: 200, pacingKey: 'rate' }, () => accepted, 1);
    await run(job, client);
    const times = client.startTimes.sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    assert.ok(worst <= 200, `saw ${worst} calls in one second`);
    assert.deepEqual(outcomes(job), { accepted: 260 });
  });

  it('retries transient answers with backoff and honours Retry-After', async () => {
    const delays: number[] = [];
    const job = makeJob(ids(5));
    const client = new ScriptedClient({ idsPerCall: 5, maxInFlight: 1, pacingKey: 'r' }, (_ids, call) =>
      call === 1 ? { kind: 'retry', httpStatus: 429, message: 'slow down', retryAfterMs: 40 } : call === 2 ? { kind: 'retry', httpStatus: 503, message: 'busy' } : accepted,
    );
    await run(job, client, { sleep: async (ms) => void delays.push(ms) });
    assert.equal(client.calls.length, 3);
    assert.ok(delays[0] >= 40 && delays[0] < 50, `Retry-After honoured: ${delays[0]}`);
    assert.ok(delays[1] <= FAST_RETRY.baseDelayMs * 2);
    assert.deepEqual(outcomes(job), { accepted: 5 });
  });

  it('gives up after maxAttempts: answered errors fail, silent ones are unknown', async () => {
    const answered = makeJob(ids(3));
    const a = new ScriptedClient({ idsPerCall: 10, maxInFlight: 1, pacingKey: 'a' }, () => ({ kind: 'retry', httpStatus: 500, message: 'boom' }));
    await run(answered, a, { sleep: async () => {} });
    assert.equal(a.calls.length, FAST_RETRY.maxAttempts);
    assert.deepEqual(outcomes(answered), { failed: 3 });
    assert.equal(answered.targets[0].resultAt(0)?.httpStatus, 500);

    const silent = makeJob(ids(3));
    const s = new ScriptedClient({ idsPerCall: 10, maxInFlight: 1, pacingKey: 's' }, () => new HttpTransportError('timeout', 'no answer', true));
    await run(silent, s, { sleep: async () => {} });
    assert.deepEqual(outcomes(silent), { unknown: 3 });

    const refused = makeJob(ids(2));
    const r = new ScriptedClient({ idsPerCall: 10, maxInFlight: 1, pacingKey: 'x' }, () => new HttpTransportError('connection', 'refused', false));
    await run(refused, r, { sleep: async () => {} });
    // Nothing reached the vendor in any attempt: "not sent", which Resume and Retry send again.
    assert.deepEqual(outcomes(refused), { cancelled: 2 });
    assert.equal(refused.targets[0].resultAt(0)?.message, 'not sent: refused');
    assert.deepEqual(retryableIndices(refused.targets[0]), [0, 1]);

    const unansweredFirst = makeJob(ids(2));
    const u = new ScriptedClient({ idsPerCall: 10, maxInFlight: 1, pacingKey: 'y' }, (_ids, call) =>
      call === 1 ? new HttpTransportError('timeout', 'no answer', true) : new HttpTransportError('connection', 'refused', false),
    );
    await run(unansweredFirst, u, { sleep: async () => {} });
    // An earlier attempt may have arrived: never "not sent".
    assert.deepEqual(outcomes(unansweredFirst), { unknown: 2 });
    assert.match(unansweredFirst.targets[0].resultAt(0)?.message ?? '', /^refused; an earlier attempt got no answer/);
  });

  it('halves a rejected batch until the bad IDs are isolated', async () => {
    const bad = new Set(['u7', 'u42', 'u43']);
    const job = makeJob(ids(100));
    const client = new ScriptedClient({ idsPerCall: 100, maxInFlight: 3, pacingKey: 'split' }, (list) =>
      list.some((id) => bad.has(id)) ? { kind: 'split', httpStatus: 400, message: 'invalid identity' } : accepted,
    );
    await run(job, client);
    assert.deepEqual(outcomes(job), { accepted: 97, failed: 3 });
    const failed = job.targets[0].indicesWhere((o) => o === 'failed').map((i) => job.targets[0].ids[i]);
    assert.deepEqual(failed.sort(), [...bad].sort());
    const delivered = client.calls.filter((c) => !c.some((id) => bad.has(id))).flat();
    assert.equal(new Set(delivered).size, delivered.length, 'no good ID accepted twice');
  });

  it('cancel: no request starts after it, unsent IDs end cancelled, in-flight ones finish', async () => {
    const controller = new AbortController();
    const job = makeJob(ids(50));
    let callsAtCancel = -1;
    const client = new ScriptedClient({ idsPerCall: 5, maxInFlight: 2, pacingKey: 'c' }, (_ids, call) => {
      if (call === 3) {
        controller.abort();
        callsAtCancel = call;
      }
      return accepted;
    }, 5);
    const recorder = await run(job, client, { cancel: controller.signal });
    assert.ok(client.calls.length <= callsAtCancel + 1, `calls after cancel: ${client.calls.length - callsAtCancel}`);
    const counts = job.counts();
    assert.equal(counts.accepted, client.calls.length * 5);
    assert.equal(counts.cancelled, 50 - client.calls.length * 5);
    assert.equal(counts.planned + counts.sending, 0);
    for (const i of job.targets[0].indicesWhere((o) => o === 'cancelled')) assert.equal(recorder.sentBefore(i), false);
  });

  it('cancel during backoff ends the answered IDs as failed, not as never sent', async () => {
    const controller = new AbortController();
    const job = makeJob(ids(4));
    const client = new ScriptedClient({ idsPerCall: 4, maxInFlight: 1, pacingKey: 'b' }, () => ({ kind: 'retry', httpStatus: 503, message: 'down' }));
    const sleep: Sleep = (ms, signal) => {
      controller.abort();
      return realSleep(ms, signal);
    };
    await run(job, client, { cancel: controller.signal, sleep });
    assert.equal(client.calls.length, 1);
    assert.deepEqual(outcomes(job), { failed: 4 });
    assert.match(job.targets[0].resultAt(0)!.message!, /not retried: cancelled/);
  });

  it('retry sends exactly the retryable IDs again', async () => {
    const job = makeJob(ids(6));
    let failOdd = true;
    const client = new ScriptedClient({ idsPerCall: 1, maxInFlight: 2, pacingKey: 'again' }, (list) => {
      const n = Number(list[0].slice(1));
      return failOdd && n % 2 === 1 ? { kind: 'settled', results: { outcome: 'failed', httpStatus: 403, message: 'no' } } : accepted;
    });
    await run(job, client);
    assert.deepEqual(outcomes(job), { accepted: 3, failed: 3 });
    failOdd = false;
    client.calls = [];
    const only = new Map([[job.targets[0].spec.key, retryableIndices(job.targets[0])]]);
    await runJob({ job, clients: new Map([[job.targets[0].spec.key, client]]), only, recorder: new RecordingRecorder() }, { pacing: new PacingRegistry(), retry: FAST_RETRY });
    assert.deepEqual(client.calls.flat().sort(), ['u1', 'u3', 'u5']);
    assert.deepEqual(outcomes(job), { accepted: 6 });
  });
});

describe('runner splitting', () => {
  it('runs the halves of a split batch in parallel up to maxInFlight', async () => {
    const job = makeJob(ids(100));
    const client = new ScriptedClient(
      { idsPerCall: 100, maxInFlight: 3, pacingKey: 'split-parallel' },
      (list) => (list.length > 25 ? { kind: 'split', httpStatus: 400, message: 'bad' } : accepted),
      5,
    );
    await run(job, client);
    assert.equal(client.maxSeenInFlight, 3);
    assert.deepEqual(outcomes(job), { accepted: 100 });
  });

  it('a request refused as such (every piece 400, nothing accepted) stops splitting after a bounded number of calls', async () => {
    const job = makeJob(ids(1000));
    const client = new ScriptedClient({ idsPerCall: 100, maxInFlight: 1, pacingKey: 'whole' }, () => ({ kind: 'split', httpStatus: 400, message: 'bad reason' }), 0);
    await run(job, client);
    assert.deepEqual(outcomes(job), { failed: 1000 });
    // The first batch of 100 spends its budget (2 · (7 + 1) = 16 rejected calls); the 9 others get one call each.
    assert.equal(client.calls.length, 16 + 9);
    assert.match(job.targets[0].resultAt(999)!.message!, /^bad reason \(not split further: .*refuses the request itself/);
    assert.equal(job.targets[0].resultAt(999)!.httpStatus, 400);
  });

  it('keeps isolating bad IDs once a call was accepted, however many pieces are refused', async () => {
    const bad = new Set(ids(100).filter((_, i) => i % 10 === 3));
    const job = makeJob(ids(100));
    const client = new ScriptedClient({ idsPerCall: 100, maxInFlight: 2, pacingKey: 'many-bad' }, (list) =>
      list.some((id) => bad.has(id)) ? { kind: 'split', httpStatus: 400, message: 'invalid identity' } : accepted,
    0);
    await run(job, client);
    assert.deepEqual(outcomes(job), { accepted: 90, failed: 10 });
    const failed = job.targets[0].indicesWhere((o) => o === 'failed').map((i) => job.targets[0].ids[i]);
    assert.deepEqual(failed.sort(), [...bad].sort());
  });
});

describe('runner suspension (the window closes mid-job)', () => {
  it('leaves the IDs never sent as "not sent" so Resume can send them', async () => {
    const suspend = new AbortController();
    const job = makeJob(ids(50));
    const client = new ScriptedClient({ idsPerCall: 5, maxInFlight: 2, pacingKey: 'suspend' }, (_ids, call) => {
      if (call === 3) suspend.abort();
      return accepted;
    }, 5);
    const recorder = new RecordingRecorder();
    await runJob(
      { job, clients: new Map([[job.targets[0].spec.key, client]]), recorder, suspend: suspend.signal },
      { pacing: new PacingRegistry(), retry: FAST_RETRY },
    );
    const counts = job.counts();
    assert.equal(counts.accepted, client.calls.length * 5);
    assert.equal(counts.planned, 50 - client.calls.length * 5);
    assert.equal(counts.cancelled + counts.sending, 0);
    for (const i of job.targets[0].indicesWhere((o) => o === 'planned')) assert.equal(recorder.sentBefore(i), false);
  });
});

describe('runner after an unanswered attempt', () => {
  it('an error answer after a silent attempt ends unknown, not failed (the first may have deleted it)', async () => {
    const job = makeJob(ids(2));
    const client = new ScriptedClient({ idsPerCall: 2, maxInFlight: 1, pacingKey: 'mixed' }, (_ids, call) =>
      call === 1 ? new HttpTransportError('timeout', 'no answer', true) : { kind: 'retry', httpStatus: 503, message: 'down' },
    );
    await run(job, client, { sleep: async () => {} });
    assert.deepEqual(outcomes(job), { unknown: 2 });
    assert.match(job.targets[0].resultAt(0)!.message!, /earlier attempt got no answer/);
  });

  it('a "not found" after a silent attempt says it was probably our own deletion', async () => {
    const job = makeJob(ids(1));
    const client = new ScriptedClient({ idsPerCall: 1, maxInFlight: 1, pacingKey: 'nf' }, (_ids, call) =>
      call === 1 ? new HttpTransportError('connection', 'reset', true) : { kind: 'settled', results: { outcome: 'not-found', httpStatus: 404, message: 'not found' } },
    );
    await run(job, client, { sleep: async () => {} });
    assert.deepEqual(outcomes(job), { 'not-found': 1 });
    assert.match(job.targets[0].resultAt(0)!.message!, /earlier attempt got no answer/);
  });

  it('a final error answer (settled failed) after a silent attempt ends unknown too: the first may have deleted it', async () => {
    const job = makeJob(ids(3));
    const client = new ScriptedClient({ idsPerCall: 3, maxInFlight: 1, pacingKey: 'final' }, (_ids, call) =>
      call === 1
        ? new HttpTransportError('timeout', 'no answer', true)
        : { kind: 'settled', results: [
            { outcome: 'failed', httpStatus: 200, message: 'processed 0 of 1' },
            { outcome: 'accepted', httpStatus: 200, message: 'queued' },
            { outcome: 'failed', httpStatus: 401, message: 'check the region' },
          ] },
    );
    await run(job, client, { sleep: async () => {} });
    assert.deepEqual(outcomes(job), { unknown: 2, accepted: 1 });
    assert.equal(job.targets[0].resultAt(2)!.message, 'check the region; an earlier attempt got no answer and may have deleted it at the vendor');
    assert.equal(job.targets[0].resultAt(2)!.httpStatus, 401);
  });

  it('an "accepted" after a silent attempt says the ID was sent again (the vendor may have it twice)', async () => {
    const job = makeJob(ids(2));
    const client = new ScriptedClient({ idsPerCall: 2, maxInFlight: 1, pacingKey: 'twice' }, (_ids, call) =>
      call === 1 ? new HttpTransportError('timeout', 'no answer before the request timeout', true) : accepted,
    );
    await run(job, client, { sleep: async () => {} });
    assert.equal(client.calls.length, 2, 'the IDs went out twice');
    assert.deepEqual(outcomes(job), { accepted: 2 });
    assert.match(job.targets[0].resultAt(0)!.message!, /sent again after an attempt that got no answer/);
  });

  it('a per-ID "failed" after a silent attempt ends unknown (the first attempt may have deleted it)', async () => {
    const job = makeJob(ids(1));
    const client = new ScriptedClient({ idsPerCall: 1, maxInFlight: 1, pacingKey: 'failed-after' }, (_ids, call) =>
      call === 1 ? new HttpTransportError('connection', 'reset', true) : { kind: 'settled', results: { outcome: 'failed', httpStatus: 200, message: 'not processed' } },
    );
    await run(job, client, { sleep: async () => {} });
    assert.deepEqual(outcomes(job), { unknown: 1 });
    assert.match(job.targets[0].resultAt(0)!.message!, /^not processed; an earlier attempt got no answer/);
  });

  it('a retry leaves only once its own intent is stored: a journal lost meanwhile (its lock taken over) stops it', async () => {
    const job = makeJob(ids(2));
    const client = new ScriptedClient({ idsPerCall: 2, maxInFlight: 1, pacingKey: 'lost-journal' }, (_ids, call) =>
      call === 1 ? new HttpTransportError('timeout', 'no answer before the request timeout', true) : accepted,
    );
    const stored: Outcome[] = [];
    const recorder: JobRecorder = {
      record: async (_job, target, indices, result) => {
        // The first intent is stored; then another process takes the journal over.
        if (stored.length > 0) throw new Error('another window took over the erasure history');
        stored.push(result.outcome);
        target.set(indices, result);
      },
    };
    await assert.rejects(
      runJob({ job, clients: new Map([[job.targets[0].spec.key, client]]), recorder }, { pacing: new PacingRegistry(), retry: FAST_RETRY, sleep: async () => {} }),
      /took over/,
    );
    assert.equal(client.calls.length, 1, 'the IDs were not sent again with no record of it anywhere');
  });

  it('a retry after a silent attempt is recorded before it leaves (the journal shows the IDs went out again)', async () => {
    const job = makeJob(ids(2));
    const client = new ScriptedClient({ idsPerCall: 2, maxInFlight: 1, pacingKey: 'resend-recorded' }, (_ids, call) =>
      call === 1 ? new HttpTransportError('timeout', 'no answer before the request timeout', true) : accepted,
    );
    const recorder = await run(job, client, { sleep: async () => {} });
    assert.deepEqual(
      recorder.log.map((e) => e.outcome),
      ['sending', 'sending', 'accepted'],
    );
    assert.match(recorder.log[1].result.message ?? '', /sent again/);
  });

  it('errors only (every attempt answered) still end failed', async () => {
    const job = makeJob(ids(1));
    const client = new ScriptedClient({ idsPerCall: 1, maxInFlight: 1, pacingKey: 'answered' }, () => ({ kind: 'retry', httpStatus: 500, message: 'boom' }));
    await run(job, client, { sleep: async () => {} });
    assert.deepEqual(outcomes(job), { failed: 1 });
  });
});

describe('runner with a slow recorder (a journal waiting for its disk)', () => {
  /** Intents are stored at once; answers wait until `release()` (or fail, when `failAnswers`). */
  class HeldAnswers implements JobRecorder {
    private held: (() => void)[] = [];
    private holding = true;
    answersStored = 0;
    constructor(private readonly failAnswers = false) {}
    async record(_job: JobState, target: TargetState, indices: readonly number[], result: IdResult): Promise<void> {
      if (result.outcome !== 'sending') {
        if (this.failAnswers) throw new Error('disk full');
        if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
        this.answersStored++;
      }
      target.set(indices, result);
    }
    release(): void {
      this.holding = false;
      for (const resolve of this.held.splice(0)) resolve();
    }
  }

  it('the next call goes out while the last answer is still being stored; the run ends once every answer is stored', async () => {
    const job = makeJob(ids(30));
    // Answers at once (no timer), so only the stored answers can hold the next call back.
    const client = new ScriptedClient({ idsPerCall: 10, maxInFlight: 1, pacingKey: 'held' }, () => accepted, 0);
    client.deleteIds = async (list) => {
      client.calls.push([...list]);
      return accepted;
    };
    const recorder = new HeldAnswers();
    let finished = false;
    const running = runJob({ job, clients: new Map([[job.targets[0].spec.key, client]]), recorder }, { pacing: new PacingRegistry(), retry: FAST_RETRY }).then(
      () => (finished = true),
    );
    for (let turn = 0; turn < 1000 && client.calls.length < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(client.calls.length, 3, 'calls sent while the first answer was not stored yet');
    assert.equal(recorder.answersStored, 0);
    assert.equal(finished, false, 'the run waits for its answers to be stored');
    recorder.release();
    await running;
    assert.deepEqual(outcomes(job), { accepted: 30 });
  });

  it('an answer that cannot be stored fails the run, and no call starts after that is known', async () => {
    const job = makeJob(ids(50));
    const client = new ScriptedClient({ idsPerCall: 10, maxInFlight: 1, pacingKey: 'disk-full' }, () => accepted, 1);
    await assert.rejects(
      runJob({ job, clients: new Map([[job.targets[0].spec.key, client]]), recorder: new HeldAnswers(true) }, { pacing: new PacingRegistry(), retry: FAST_RETRY }),
      /disk full/,
    );
    assert.ok(client.calls.length <= 2, `${client.calls.length} calls`);
  });

  it('a run that fails on one stored answer ends only when nothing is in flight, and no call of any target starts after it ended', async () => {
    // One write fails (a transient disk error), later writes succeed: the other target and the other
    // workers must stop too, or they send on while the job already shows as not running (Resume then
    // sends the same IDs a second time, and closing the window does not wait for them).
    const spec: JobSpec = {
      id: 'job-2',
      createdAt: 0,
      source: 'editor',
      title: 't',
      targets: ['clevertap:a', 'clevertap:b'].map((key) => ({
        spec: { key, accountId: key, accountLabel: key, options: { vendor: 'clevertap' as const, idType: 'identity' as const } },
        ids: ids(400, key).map((id) => ({ id })),
      })),
    };
    const job = new JobState(spec);
    const a = new ScriptedClient({ idsPerCall: 10, maxInFlight: 4, pacingKey: 'fail-a' }, () => accepted, 5);
    const b = new ScriptedClient({ idsPerCall: 10, maxInFlight: 4, pacingKey: 'fail-b' }, () => accepted, 5);
    let failed = false;
    const recorder: JobRecorder = {
      async record(_job, target, indices, result) {
        if (target.spec.key === 'clevertap:a' && result.outcome !== 'sending' && !failed) {
          failed = true;
          throw new Error('EIO: fsync failed');
        }
        target.set(indices, result);
      },
    };
    const clients = new Map<string, DeleteClient>([
      ['clevertap:a', a],
      ['clevertap:b', b],
    ]);
    await assert.rejects(runJob({ job, clients, recorder }, { pacing: new PacingRegistry(), retry: FAST_RETRY }), /EIO/);
    assert.equal(a.inFlight + b.inFlight, 0, 'a call still in flight after the run ended');
    const callsAtEnd = a.calls.length + b.calls.length;
    await realSleep(60);
    assert.equal(a.calls.length + b.calls.length, callsAtEnd, 'calls started after the run ended');
    // What was never sent stays "not sent", so Resume sends it once.
    for (const target of job.targets) {
      const sent = new Set((target === job.targets[0] ? a : b).calls.flat());
      target.ids.forEach((id, i) => {
        if (!sent.has(id)) assert.equal(target.outcomeAt(i), 'planned', `${id} not sent but ${target.outcomeAt(i)}`);
      });
    }
  });
});

describe('runner building calls ahead (prepareDelete)', () => {
  /** One timeline of what the recorder and the vendor saw, in order. */
  type Event = { what: 'built' | 'intent asked' | 'intent stored' | 'sent'; ids: string[] };

  /** Intents take `intentMs` to be stored, like an fsync. */
  class SlowIntents implements JobRecorder {
    constructor(
      private readonly events: Event[],
      private readonly intentMs = 3,
    ) {}
    async record(_job: JobState, target: TargetState, indices: readonly number[], result: IdResult): Promise<void> {
      if (result.outcome === 'sending') {
        const list = indices.map((i) => target.ids[i]);
        this.events.push({ what: 'intent asked', ids: list });
        await realSleep(this.intentMs);
        this.events.push({ what: 'intent stored', ids: list });
      }
      target.set(indices, result);
    }
  }

  /** A client whose calls can be built ahead; `fails` decides which builds throw. */
  class BuildingClient extends ScriptedClient {
    constructor(
      limits: CallLimits,
      answer: (ids: readonly string[], call: number) => CallOutcome | Error,
      private readonly events: Event[],
      private readonly fails: (ids: readonly string[]) => boolean = () => false,
    ) {
      super(limits, answer, 5);
    }
    prepareDelete(ids: readonly string[]) {
      if (this.fails(ids)) throw new Error('could not build the body');
      const list = [...ids];
      this.events.push({ what: 'built', ids: list });
      return (): Promise<CallOutcome> => {
        this.events.push({ what: 'sent', ids: list });
        return super.deleteIds(list);
      };
    }
    override deleteIds(ids: readonly string[]): Promise<CallOutcome> {
      return this.prepareDelete(ids)();
    }
  }

  async function runBuilding(job: JobState, client: DeleteClient, events: Event[], cancel?: AbortSignal) {
    await runJob(
      { job, clients: new Map([[job.targets[0].spec.key, client]]), recorder: new SlowIntents(events), cancel },
      { pacing: new PacingRegistry(), retry: FAST_RETRY },
    );
  }

  const at = (events: Event[], what: Event['what'], first: string) => events.findIndex((e) => e.what === what && e.ids[0] === first);

  it('builds the next calls while earlier ones are in flight, and sends each only once its intent is stored', async () => {
    const events: Event[] = [];
    const job = makeJob(ids(20));
    const client = new BuildingClient({ idsPerCall: 2, maxInFlight: 2, pacingKey: 'ahead' }, () => accepted, events);
    await runBuilding(job, client, events);

    assert.deepEqual(outcomes(job), { accepted: 20 });
    const sent = events.filter((e) => e.what === 'sent').map((e) => e.ids);
    assert.deepEqual(sent.flat().sort(), ids(20).sort(), 'every ID sent once');
    for (const { ids: list } of events.filter((e) => e.what === 'sent')) {
      const stored = at(events, 'intent stored', list[0]);
      assert.ok(stored >= 0 && stored < at(events, 'sent', list[0]), `${list} sent before its intent was stored`);
    }
    // Past the first call of each slot, a call was built before its intent was even asked for.
    const builtAhead = sent.filter((list) => at(events, 'built', list[0]) < at(events, 'intent asked', list[0]));
    assert.ok(builtAhead.length >= 8 - 2, `${builtAhead.length} of ${sent.length} calls built ahead`);
    assert.equal(events.filter((e) => e.what === 'built').length, sent.length, 'no call built twice');
  });

  it('a call that cannot be built is not sent and does not end accepted; the others go on', async () => {
    const events: Event[] = [];
    const job = makeJob(ids(10));
    const client = new BuildingClient({ idsPerCall: 2, maxInFlight: 2, pacingKey: 'broken' }, () => accepted, events, (list) => list.includes('u6'));
    await runBuilding(job, client, events);

    assert.equal(client.calls.flat().includes('u6'), false, 'never sent');
    const target = job.targets[0];
    assert.notEqual(target.outcomeAt(6), 'accepted');
    assert.match(target.resultAt(6)!.message!, /could not build the body/);
    assert.equal(job.counts().accepted, 8);
  });

  it('the halves of a split batch carry their own IDs, not the body built for the whole', async () => {
    const events: Event[] = [];
    const job = makeJob(ids(16));
    const client = new BuildingClient(
      { idsPerCall: 4, maxInFlight: 2, pacingKey: 'halves' },
      (list) => (list.includes('u9') && list.length > 1 ? { kind: 'split', httpStatus: 400, message: 'invalid identity' } : list.includes('u9') ? { kind: 'settled', results: { outcome: 'failed', message: 'invalid identity' } } : accepted),
      events,
    );
    await runBuilding(job, client, events);

    assert.deepEqual(outcomes(job), { accepted: 15, failed: 1 });
    assert.equal(job.targets[0].outcomeAt(9), 'failed');
    const good = client.calls.filter((c) => !c.includes('u9')).flat();
    assert.deepEqual([...good].sort(), ids(16).filter((id) => id !== 'u9').sort(), 'each good ID accepted once, in a call of its own half');
  });

  it('after cancel, calls built ahead are neither sent nor recorded: their IDs end cancelled', async () => {
    const events: Event[] = [];
    const controller = new AbortController();
    const job = makeJob(ids(20));
    const client = new BuildingClient(
      { idsPerCall: 2, maxInFlight: 2, pacingKey: 'cancelled' },
      (_list, call) => {
        if (call === 3) controller.abort();
        return accepted;
      },
      events,
    );
    await runBuilding(job, client, events, controller.signal);

    const sent = new Set(events.filter((e) => e.what === 'sent').flatMap((e) => e.ids));
    const builtOnly = events.filter((e) => e.what === 'built' && !sent.has(e.ids[0])).flatMap((e) => e.ids);
    assert.ok(builtOnly.length > 0, 'some calls were built ahead and never sent');
    for (const id of builtOnly) {
      const i = job.targets[0].ids.indexOf(id);
      assert.equal(job.targets[0].outcomeAt(i), 'cancelled', `${id}`);
      assert.equal(at(events, 'intent asked', id), -1, `${id} has no intent`);
    }
    assert.equal(job.counts().accepted, sent.size);
  });
});
