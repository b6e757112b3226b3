import assert from 'node:assert/strict';
import { progressMessage } from '../../../src/commands/run/progressMessage';
import { RETRY_FAILED, runSummary, SHOW_JOB } from '../../../src/commands/run/runSummary';
import { JobStore } from '../../../src/core/jobStore';
import { ids, jobSpec, setOutcome } from '../helpers/jobs';

describe('run summary', () => {
  it('counts accepted, failed, not found and cancelled IDs and offers Retry Failed', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(10) }], '10 IDs → CleverTap'));
    await setOutcome(store, job.id, 0, [0, 1, 2, 3, 4, 5], { outcome: 'accepted' });
    await setOutcome(store, job.id, 0, [6], { outcome: 'failed' });
    await setOutcome(store, job.id, 0, [7], { outcome: 'not-found' });
    await setOutcome(store, job.id, 0, [8, 9], { outcome: 'cancelled' });
    const summary = runSummary(job, true);
    assert.equal(summary.message, 'Erasure job “10 IDs → CleverTap” was cancelled: 6 accepted (pending at the vendor), 1 failed, 1 not found, 2 cancelled (not sent).');
    assert.equal(summary.level, 'error');
    assert.deepEqual(summary.buttons, [SHOW_JOB, RETRY_FAILED]);
  });

  it('is informational when everything was accepted', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(2) }], 'two'));
    await setOutcome(store, job.id, 0, [0, 1], { outcome: 'accepted' });
    assert.deepEqual(runSummary(job, false), { level: 'info', message: 'Erasure job “two” finished: 2 accepted (pending at the vendor).', buttons: [SHOW_JOB] });
  });

  it('reports progress as IDs done / total', () => {
    assert.equal(progressMessage(1500, 10000, false), '1,500 / 10,000 IDs');
    assert.equal(progressMessage(1500, 10000, true), '1,500 / 10,000 IDs · cancelling (requests in flight finish)…');
  });
});
