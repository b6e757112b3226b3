import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { jobDoneNotice } from '../../../src/commands/run/jobDoneNotice';
import { ids, jobSpec, setOutcome } from '../helpers/jobs';

async function jobWith(outcomes: Parameters<typeof setOutcome>[4]['outcome'][]) {
  const store = new JobStore();
  const job = await store.add(jobSpec([{ ids: ids(outcomes.length) }], 'Ticket 4711'));
  for (const [i, outcome] of outcomes.entries()) await setOutcome(store, job.id, 0, [i], { outcome });
  return job;
}

const on = { enabled: true, running: false };

describe('"job done" notification', () => {
  it('announces a job once no ID is pending, planned or sending: counts, level and Show Job', async () => {
    const ok = jobDoneNotice(await jobWith(['done', 'done', 'not-found']), on);
    assert.deepEqual(ok, {
      level: 'info',
      message: 'Erasure job “Ticket 4711” is complete, no deletion is pending any more — 3 users at 1 target: 2 done, 1 not found.',
      buttons: ['Show Job'],
    });
    const withFailure = jobDoneNotice(await jobWith(['done', 'failed']), on);
    assert.equal(withFailure?.level, 'warning');
    assert.match(withFailure?.message ?? '', /1 done, 1 failed\.$/);
  });

  it('stays silent while anything is still pending, not sent or being sent', async () => {
    assert.equal(jobDoneNotice(await jobWith(['done', 'accepted']), on), undefined);
    assert.equal(jobDoneNotice(await jobWith(['done', 'planned']), on), undefined);
    assert.equal(jobDoneNotice(await jobWith(['done', 'sending']), on), undefined);
  });

  it('stays silent when the setting is off or a run of the job is going on (its summary follows)', async () => {
    const job = await jobWith(['done']);
    assert.equal(jobDoneNotice(job, { enabled: false, running: false }), undefined);
    assert.equal(jobDoneNotice(job, { enabled: true, running: true }), undefined);
  });
});
