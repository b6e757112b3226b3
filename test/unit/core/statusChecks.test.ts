import assert from 'node:assert/strict';
import type { IdResult, JobSpec, JobState, TargetSpec } from '../../../src/core/job';
import { JobStore, type JobPersistence } from '../../../src/core/jobStore';
import { Journal } from '../../../src/core/journal';
import type { JournalResult } from '../../../src/core/journal/format';
import { PacingRegistry } from '../../../src/core/limits';
import type { RetryPolicy } from '../../../src/core/retry';
import type { SchedulerDeps } from '../../../src/core/scheduler';
import { ON_DEMAND_NOTE, checkStatuses, type StatusCheckHost } from '../../../src/core/statusChecks';
import { StatusPoller, pollWhileWriter, type PollerEvent, type PollerTimers } from '../../../src/core/statusPoller';
import type { CallIdResult, CallOutcome, NoStatusCheck, PendingEntry, StatusChecker } from '../../../src/vendors/vendor';
import { counts, idList, jobSpec, range, targetSpec, tempDir } from './journalFixtures';

const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 };
const T0 = Date.UTC(2026, 0, 10, 12);

const batchGdpr = targetSpec({ vendor: 'batch', mode: 'gdpr', appKeyLabel: 'Android' });
const clevertap = targetSpec({ vendor: 'clevertap', idType: 'identity' });
const cooladata = targetSpec({ vendor: 'cooladata', reason: 'GDPR' });

/** Counts what reaches the journal. */
class CountingPersistence implements JobPersistence {
  readonly states: { jobId: string; count: number; result: IdResult }[] = [];
  async jobAdded(_spec: JobSpec): Promise<void> {}
  async stateChanged(jobId: string, _key: string, indices: readonly number[], result: IdResult): Promise<void> {
    this.states.push({ jobId, count: indices.length, result });
  }
  async jobRemoved(): Promise<void> {}
}

/** A vendor status API in process: answers per entry from a script, records every call. */
class ScriptedChecker implements StatusChecker {
  readonly calls: PendingEntry[][] = [];
  constructor(
    readonly automatic: boolean,
    private readonly answer: (entry: PendingEntry, call: number) => CallIdResult | CallOutcome,
    readonly limits = { idsPerCall: 1, maxInFlight: 2, pacingKey: `status-${Math.random()}` },
  ) {}
  async check(entries: readonly PendingEntry[]): Promise<CallOutcome> {
    const call = this.calls.push([...entries]);
    const results: CallIdResult[] = [];
    for (const entry of entries) {
      const answer = this.answer(entry, call);
      if ('kind' in answer) return answer;
      results.push(answer);
    }
    return { kind: 'settled', results: results.length === 1 ? results[0] : results };
  }
  checkedIds(): string[] {
    return this.calls.flat().map((e) => e.id);
  }
}

class ScriptedHost implements StatusCheckHost {
  readonly checkers = new Map<string, StatusChecker | NoStatusCheck | Error>();
  readonly pacing = new PacingRegistry();
  constructor(readonly store: JobStore) {}
  async statusCheckerFor(spec: TargetSpec): Promise<StatusChecker | NoStatusCheck> {
    const checker = this.checkers.get(spec.key);
    if (!checker) throw new Error(`no checker scripted for ${spec.key}`);
    if (checker instanceof Error) throw checker;
    return checker;
  }
  schedulerDeps(): SchedulerDeps {
    return { pacing: this.pacing, retry: FAST_RETRY, sleep: async () => {} };
  }
}

/** Batch-like GDPR status: per request id, a list of answers served in turn (the last one repeats). */
function gdprScript(script: Record<string, CallIdResult[]>): (entry: PendingEntry) => CallIdResult {
  const served = new Map<string, number>();
  return (entry) => {
    const answers = script[entry.id] ?? [{ outcome: 'accepted', message: 'pending at Batch' }];
    const n = served.get(entry.id) ?? 0;
    served.set(entry.id, n + 1);
    return { ...answers[Math.min(n, answers.length - 1)], reference: entry.reference };
  };
}

async function acceptedJob(store: JobStore, spec: TargetSpec, ids: string[], withReferences = true): Promise<JobState> {
  const job = await store.add(jobSpec([{ spec, ids }]));
  const target = job.targets[0];
  await store.record(job, target, range(0, ids.length), { outcome: 'sending', at: T0 - 2000 });
  if (withReferences) {
    for (let i = 0; i < ids.length; i++) {
      await store.record(job, target, [i], { outcome: 'accepted', httpStatus: 200, message: 'GDPR remove request accepted by Batch', reference: `req-${ids[i]}`, at: T0 - 1000 });
    }
  } else {
    await store.record(job, target, range(0, ids.length), { outcome: 'accepted', httpStatus: 200, message: 'accepted', at: T0 - 1000 });
  }
  return job;
}

const pending: CallIdResult = { outcome: 'accepted', httpStatus: 200, message: 'pending at Batch' };
const done: CallIdResult = { outcome: 'done', httpStatus: 200, message: 'done at Batch' };

describe('status checks', () => {
  it('polls a Batch-like GDPR status to done, recording only changes', async () => {
    const persistence = new CountingPersistence();
    const store = new JobStore(persistence);
    const host = new ScriptedHost(store);
    const job = await acceptedJob(store, batchGdpr, ['a', 'b', 'c']);
    const checker = new ScriptedChecker(true, gdprScript({ a: [pending, pending, done], b: [pending, done], c: [pending] }));
    host.checkers.set(batchGdpr.key, checker);
    const before = persistence.states.length;

    let now = T0;
    const first = await checkStatuses(host, { jobIds: 'all', mode: 'automatic', now: () => now });
    assert.equal(first.checked, 3);
    assert.equal(first.changed, 3, 'accepted → "pending at Batch" is a new message');
    assert.equal(first.stillPending, 3);
    assert.deepEqual(checker.calls.map((c) => c[0].reference).sort(), ['req-a', 'req-b', 'req-c'], 'checks by the stored request id');

    now += 30_000;
    const second = await checkStatuses(host, { jobIds: [job.id], mode: 'automatic', now: () => now });
    assert.equal(second.changed, 1);
    assert.equal(persistence.states.length - before, 4, 'no record for IDs whose status did not change');
    assert.equal(job.targets[0].outcomeAt(1), 'done');

    now += 30_000;
    const third = await checkStatuses(host, { jobIds: 'all', mode: 'automatic', now: () => now });
    assert.equal(third.checked, 2, 'done IDs are not checked again');
    assert.deepEqual(counts(job), { done: 2, accepted: 1 });
    const a = job.targets[0].resultAt(0) as JournalResult;
    assert.equal(a.message, 'done at Batch');
    assert.equal(a.reference, 'req-a', 'the vendor reference stays');
    assert.equal(a.at, T0 + 60_000, 'time of the last status');
    assert.equal(a.requestedAt, T0 - 1000, 'time of the deletion answer is kept for audits');
  });

  it('shows the error of a GDPR request done with an error, and expiry as an honest final "unknown"', async () => {
    const store = new JobStore();
    const host = new ScriptedHost(store);
    const job = await acceptedJob(store, batchGdpr, ['with-error', 'expired', 'gone']);
    const expiredMessage = 'result unknown: Batch no longer has this GDPR request (requests expire after 20–30 days)';
    host.checkers.set(
      batchGdpr.key,
      new ScriptedChecker(true, gdprScript({
        'with-error': [{ outcome: 'done', httpStatus: 200, message: 'done at Batch: internal processing error' }],
        expired: [{ outcome: 'unknown', httpStatus: 404, message: expiredMessage }],
        gone: [{ outcome: 'not-found', httpStatus: 200, message: 'not found at Batch (GDPR request done: user not found)' }],
      })),
    );
    await checkStatuses(host, { jobIds: 'all', mode: 'automatic' });
    const target = job.targets[0];
    assert.deepEqual([0, 1, 2].map((i) => target.outcomeAt(i)), ['done', 'unknown', 'not-found']);
    assert.equal(target.resultAt(0)?.message, 'done at Batch: internal processing error');
    assert.equal(target.resultAt(1)?.message, expiredMessage);
    assert.equal(target.resultAt(1)?.httpStatus, 404);
    assert.equal(target.resultAt(1)?.reference, 'req-expired');
  });

  it('tells onChecked how many pending IDs each finished call covered (answered or given up), for "x / y" progress', async () => {
    const store = new JobStore();
    const host = new ScriptedHost(store);
    const job = await acceptedJob(store, clevertap, ['u1', 'u2', 'u3', 'u4', 'u5'], false);
    host.checkers.set(clevertap.key, new ScriptedChecker(false, (entry) => (entry.id === 'u3' ? { kind: 'retry', httpStatus: 503, message: 'busy' } : done), { idsPerCall: 2, maxInFlight: 1, pacingKey: 'on-checked' }));
    const told: number[] = [];
    await checkStatuses(host, { jobIds: [job.id], mode: 'all', onChecked: (n) => told.push(n) });
    assert.equal(told.reduce((a, b) => a + b, 0), 5, `every pending ID counted once: ${told.join(', ')}`);
  });

  it("mode 'automatic' skips lookups that cost API calls; mode 'all' runs them", async () => {
    const store = new JobStore();
    const host = new ScriptedHost(store);
    const job = await acceptedJob(store, clevertap, idList(4), false);
    const lookup = new ScriptedChecker(false, (entry) =>
      entry.id === 'user-0' ? { outcome: 'done', httpStatus: 404, message: 'profile no longer found' } : { outcome: 'accepted', httpStatus: 200, message: 'profile still present' },
    );
    host.checkers.set(clevertap.key, lookup);

    const automatic = await checkStatuses(host, { jobIds: 'all', mode: 'automatic' });
    assert.equal(automatic.targets[0].kind, 'on-demand-only');
    assert.equal(automatic.targets[0].note, ON_DEMAND_NOTE);
    assert.equal(lookup.calls.length, 0);

    const all = await checkStatuses(host, { jobIds: 'all', mode: 'all' });
    assert.equal(all.targets[0].kind, 'checked');
    assert.deepEqual(lookup.checkedIds().sort(), idList(4));
    assert.deepEqual(counts(job), { done: 1, accepted: 3 });
  });

  it('a vendor without a status API keeps its pending note; a missing account is reported, not thrown', async () => {
    const store = new JobStore();
    const host = new ScriptedHost(store);
    await acceptedJob(store, cooladata, idList(2), false);
    const other = targetSpec({ vendor: 'clevertap', idType: 'guid' }, 'acc-removed');
    await acceptedJob(store, other, idList(1), false);
    host.checkers.set(cooladata.key, { pendingNote: 'queued at Cooladata (status API not configured)' });
    host.checkers.set(other.key, new Error('The account is no longer configured (it was removed).'));
    const report = await checkStatuses(host, { jobIds: 'all', mode: 'all' });
    const byKey = new Map(report.targets.map((t) => [t.targetKey, t]));
    assert.equal(byKey.get(cooladata.key)?.kind, 'no-status-api');
    assert.equal(byKey.get(cooladata.key)?.note, 'queued at Cooladata (status API not configured)');
    assert.equal(byKey.get(other.key)?.kind, 'unavailable');
    assert.match(byKey.get(other.key)?.note ?? '', /no longer configured/);
    assert.equal(report.stillPending, 3);
  });

  it('retries transient status failures within the retry policy, then leaves the IDs pending', async () => {
    const store = new JobStore();
    const host = new ScriptedHost(store);
    const job = await acceptedJob(store, batchGdpr, ['x']);
    const checker = new ScriptedChecker(true, () => ({ kind: 'retry', httpStatus: 503, message: 'MAINTENANCE_ERROR (2)' }));
    host.checkers.set(batchGdpr.key, checker);
    const report = await checkStatuses(host, { jobIds: 'all', mode: 'automatic' });
    assert.equal(checker.calls.length, FAST_RETRY.maxAttempts);
    assert.deepEqual(report.targets[0].problems, ['1 ID: HTTP 503: MAINTENANCE_ERROR (2)']);
    assert.deepEqual(counts(job), { accepted: 1 });
    assert.equal(job.targets[0].resultAt(0)?.message, 'GDPR remove request accepted by Batch');
  });

  it('status changes go to the journal and survive a reload (reference and request time included)', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const journal = await Journal.open(dir, { followMs: 0 });
      const host = new ScriptedHost(journal.store);
      const job = await acceptedJob(journal.store, batchGdpr, ['p', 'q']);
      host.checkers.set(batchGdpr.key, new ScriptedChecker(true, gdprScript({ p: [done] })));
      await checkStatuses(host, { jobIds: 'all', mode: 'automatic', now: () => T0 });
      await journal.close();
      const again = await Journal.open(dir, { followMs: 0 });
      const target = again.store.require(job.id).targets[0];
      const p = target.resultAt(0) as JournalResult;
      assert.deepEqual([p.outcome, p.message, p.reference, p.at, p.requestedAt], ['done', 'done at Batch', 'req-p', T0, T0 - 1000]);
      assert.equal(target.resultAt(1)?.message, 'pending at Batch');
      await again.close();
    } finally {
      await cleanup();
    }
  });
});

/** Timers the test fires by hand against a manual clock. */
class ManualTimers implements PollerTimers {
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  constructor(private readonly clock: { now: number }) {}
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.clock.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  armedAt(): number[] {
    return [...this.pending.values()].map((t) => t.at);
  }
  /** Moves the clock to the next timer and runs it. */
  fireNext(): boolean {
    const [id, timer] = [...this.pending].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || !timer) return false;
    this.pending.delete(id);
    this.clock.now = Math.max(this.clock.now, timer.at);
    timer.callback();
    return true;
  }
}

describe('status poller', () => {
  it('limited to some jobs (the CLI\'s --wait): counts and checks only those; a round that throws is an event', async () => {
    const clock = { now: T0 };
    const timers = new ManualTimers(clock);
    let broken = false;
    const store = new JobStore({
      jobAdded: async () => undefined,
      jobRemoved: async () => undefined,
      stateChanged: async () => {
        if (broken) throw new Error('journal write failed');
      },
    });
    const host = new ScriptedHost(store);
    const mine = await acceptedJob(store, batchGdpr, ['a', 'b']);
    const other = await acceptedJob(store, clevertap, ['u1'], false);
    host.checkers.set(batchGdpr.key, new ScriptedChecker(true, gdprScript({ a: [done], b: [pending, done] })));
    const poller = new StatusPoller(host, { mode: () => 'all', jobIds: [mine.id], now: () => clock.now, timers, initialDelayMs: 1_000 });
    const events: PollerEvent[] = [];
    poller.onDidChange((e) => events.push(e));
    poller.start();
    assert.equal(poller.pendingCount(), 2, 'the other job\'s pending ID is not counted');
    timers.fireNext();
    await poller.runDue();
    assert.deepEqual(counts(mine), { done: 1, accepted: 1 });
    assert.deepEqual(counts(other), { accepted: 1 }, 'the other job is not checked (no checker is even asked for)');
    broken = true;
    timers.fireNext();
    await poller.runDue();
    await poller.stop();
    const failed = events.find((e) => e.kind === 'round-failed');
    assert.match(String((failed as { error: unknown } | undefined)?.error), /journal write failed/);
  });

  it('checks after 30 s, doubles the delay while nothing changes, resets on change, and says when a job is settled', async () => {
    const clock = { now: T0 };
    const timers = new ManualTimers(clock);
    const store = new JobStore();
    const host = new ScriptedHost(store);
    const job = await acceptedJob(store, batchGdpr, ['a', 'b']);
    // a: pending ×4 then done; b: pending ×2 then done.
    host.checkers.set(batchGdpr.key, new ScriptedChecker(true, gdprScript({ a: [pending, pending, pending, pending, done], b: [pending, pending, done] })));
    const poller = new StatusPoller(host, { mode: () => 'automatic', now: () => clock.now, timers });
    const events: PollerEvent[] = [];
    poller.onDidChange((e) => events.push(e));

    poller.start();
    assert.equal(poller.pendingCount(), 2);
    assert.deepEqual(timers.armedAt(), [T0 + 30_000]);

    const delays: number[] = [];
    for (let round = 0; round < 6 && timers.fireNext(); round++) {
      await poller.runDue();
      const next = poller.nextDueAt();
      delays.push(next === undefined ? -1 : next - clock.now);
    }
    // round 1: message changes (accepted → pending) → 30 s; round 2: no change → 60 s;
    // round 3: b done → 30 s; round 4: no change → 60 s; round 5: a done → nothing left.
    assert.deepEqual(delays, [30_000, 60_000, 30_000, 60_000, -1]);
    assert.deepEqual(counts(job), { done: 2 });
    assert.equal(poller.pendingCount(), 0);
    assert.deepEqual(timers.armedAt(), [], 'no timer while nothing is pending');
    assert.deepEqual(events.filter((e) => e.kind === 'pending').map((e) => (e as { count: number }).count), [2, 1, 0]);
    assert.deepEqual(events.filter((e) => e.kind === 'job-settled'), [{ kind: 'job-settled', jobId: job.id }]);
    await poller.stop();
  });

  it('backs off to the maximum, Verify now runs lookups at once, and stop() disarms', async () => {
    const clock = { now: T0 };
    const timers = new ManualTimers(clock);
    const store = new JobStore();
    const host = new ScriptedHost(store);
    const job = await acceptedJob(store, clevertap, ['u1'], false);
    let gone = false;
    const lookup = new ScriptedChecker(false, () => (gone ? { outcome: 'done', httpStatus: 404, message: 'profile no longer found' } : { outcome: 'accepted', message: 'accepted' }));
    host.checkers.set(clevertap.key, lookup);
    const poller = new StatusPoller(host, { mode: () => 'automatic', now: () => clock.now, timers, initialDelayMs: 30_000, maxDelayMs: 3_600_000 });
    poller.start();
    timers.fireNext();
    await poller.runDue();
    assert.equal(lookup.calls.length, 0, 'automatic mode never runs a paid lookup');
    assert.equal(poller.nextDueAt()! - clock.now, 3_600_000, 'nothing to ask: look again in an hour');

    gone = true;
    const report = await poller.verifyNow([job.id]);
    assert.equal(report?.changed, 1);
    assert.equal(lookup.calls.length, 1);
    assert.deepEqual(counts(job), { done: 1 });

    await acceptedJob(store, clevertap, ['u2'], false);
    await Promise.resolve();
    assert.equal(timers.armedAt().length, 1, 'a newly pending target arms the timer');
    await poller.stop();
    assert.deepEqual(timers.armedAt(), []);
  });

  it('polls only while this window writes the journal', async () => {
    const clock = { now: T0 };
    const timers = new ManualTimers(clock);
    const store = new JobStore();
    await acceptedJob(store, batchGdpr, ['a']);
    const poller = new StatusPoller(new ScriptedHost(store), { mode: () => 'automatic', now: () => clock.now, timers });
    const listeners = new Set<(mode: string) => void>();
    const journal = {
      mode: 'reader',
      onDidChangeMode: (listener: (mode: string) => void) => (listeners.add(listener), { dispose: () => listeners.delete(listener) }),
    };
    const binding = pollWhileWriter(journal, poller);
    assert.equal(poller.isRunning, false);
    assert.deepEqual(timers.armedAt(), []);
    journal.mode = 'writer';
    for (const l of listeners) l('writer');
    assert.equal(poller.isRunning, true);
    assert.deepEqual(timers.armedAt(), [T0 + 30_000]);
    for (const l of listeners) l('reader');
    assert.equal(poller.isRunning, false);
    assert.deepEqual(timers.armedAt(), []);
    binding.dispose();
    assert.equal(listeners.size, 0);
  });
});
