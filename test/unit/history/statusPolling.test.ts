import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { PacingRegistry } from '../../../src/core/limits';
import { silentLogger } from '../../../src/core/logger';
import type { StatusCheckHost } from '../../../src/core/statusChecks';
import type { HistoryMode } from '../../../src/history/historySession';
import { startStatusPolling, type StatusPolling } from '../../../src/history/statusPolling';
import type { StatusChecker } from '../../../src/vendors/vendor';
import { jobSpec, result, targetSpec } from '../core/journalFixtures';

/** A session whose mode the test sets. */
function fakeSession(initial: HistoryMode) {
  const listeners = new Set<(mode: HistoryMode) => void>();
  const session = {
    mode: initial,
    get canWrite() {
      return session.mode === 'writer' || session.mode === 'memory';
    },
    onDidChangeMode(listener: (mode: HistoryMode) => void) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    set(mode: HistoryMode) {
      session.mode = mode;
      for (const listener of listeners) listener(mode);
    },
  };
  return session;
}

const host: StatusCheckHost = {
  store: new JobStore(),
  statusCheckerFor: async () => ({ pendingNote: 'none' }),
  schedulerDeps: () => {
    throw new Error('no checks in these tests');
  },
};

describe('status polling follows the history mode', () => {
  let polling: StatusPolling | undefined;

  afterEach(async () => {
    await polling?.stop();
    polling = undefined;
  });

  it('polls in the window that writes the history, not in a read-only one, and starts on takeover', () => {
    const session = fakeSession('reader');
    polling = startStatusPolling(session, host, { automaticVerification: () => false, logger: silentLogger });
    assert.equal(polling.poller.isRunning, false, 'a read-only window never polls (the writer does)');
    session.set('writer');
    assert.equal(polling.poller.isRunning, true, 'taking over the lock starts polling');
    session.set('closed');
    assert.equal(polling.poller.isRunning, false, 'closing stops it');
  });

  it('a window keeping its jobs in memory polls them, and stop() ends it for good', async () => {
    const session = fakeSession('memory');
    polling = startStatusPolling(session, host, { automaticVerification: () => true, logger: silentLogger });
    assert.equal(polling.poller.isRunning, true);
    await polling.stop();
    session.set('writer');
    assert.equal(polling.poller.isRunning, false, 'no restart after stop (deactivate)');
  });

  it("Verify Now's Cancel aborts the checks in flight: nothing is recorded", async () => {
    const store = new JobStore();
    const spec = targetSpec({ vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' });
    const job = await store.add(jobSpec([{ spec, ids: ['u1', 'u2'] }]));
    await store.record(job, job.targets[0], [0, 1], result('accepted', { reference: 'r' }));
    let started = 0;
    const checker: StatusChecker = {
      automatic: true,
      limits: { idsPerCall: 1, maxInFlight: 2, pacingKey: 'cancel-test' },
      check: (_entries, signal) =>
        new Promise((_resolve, reject) => {
          started++;
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true });
        }),
    } as StatusChecker;
    const slowHost: StatusCheckHost = {
      store,
      statusCheckerFor: async () => checker,
      schedulerDeps: () => ({ pacing: new PacingRegistry(), retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } }),
    };
    polling = startStatusPolling(fakeSession('writer'), slowHost, { automaticVerification: () => false, logger: silentLogger });
    const cancel = new AbortController();
    const verifying = polling.poller.verifyNow([job.id], 'all', cancel.signal);
    while (started < 2) await new Promise((resolve) => setImmediate(resolve));
    cancel.abort();
    const report = await verifying;
    assert.equal(report?.checked, 0);
    assert.equal(job.counts().accepted, 2, 'still pending, as before');
  });
});
