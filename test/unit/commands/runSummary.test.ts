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
    const summary = runSummary(job, true, (t) => t);
    assert.equal(summary.message, 'Erasure job “10 IDs → CleverTap” was cancelled — 10 users at 1 target: 6 accepted (pending at the vendor), 1 failed, 1 not found, 2 cancelled (not sent).');
    assert.equal(summary.level, 'error');
    assert.deepEqual(summary.buttons, [SHOW_JOB, RETRY_FAILED]);
  });

  it('is informational when everything was accepted', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(2) }], 'two'));
    await setOutcome(store, job.id, 0, [0, 1], { outcome: 'accepted' });
    assert.deepEqual(runSummary(job, false, (t) => t), { level: 'info', message: 'Erasure job “two” finished — 2 users at 1 target: 2 accepted (pending at the vendor).', buttons: [SHOW_JOB] });
  });

  it('says why IDs failed, per vendor: the answer most of them got, as "HTTP <status>: <vendor message>"', async () => {
    const store = new JobStore();
    const job = await store.add(
      jobSpec(
        [{ ids: ids(3) }, { ids: ids(2), options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'android' } }, { ids: ids(2), options: { vendor: 'cooladata', reason: 'r' } }],
        'three vendors',
      ),
    );
    const rejected = 'CleverTap rejected the credentials: check the Account ID, passcode and the region (United States)';
    await setOutcome(store, job.id, 0, [0], { outcome: 'failed', httpStatus: 400, message: 'invalid identity' });
    await setOutcome(store, job.id, 0, [1], { outcome: 'failed', httpStatus: 401, message: rejected });
    await setOutcome(store, job.id, 0, [2], { outcome: 'failed', httpStatus: 401, message: rejected });
    await setOutcome(store, job.id, 1, [0, 1], { outcome: 'unknown', message: 'no answer before the request timeout; the request may have reached the vendor' });
    await setOutcome(store, job.id, 2, [0, 1], { outcome: 'accepted', httpStatus: 200 });
    const summary = runSummary(job, false, (t) => t);
    assert.equal(
      summary.message,
      'Erasure job “three vendors” finished — 3 users · 7 deletions at 3 targets: 2 accepted (pending at the vendor), 3 failed, 2 without an answer. ' +
        `CleverTap: 3 failed — HTTP 401: ${rejected}; ` +
        'Batch: 2 without an answer — no answer before the request timeout; the request may have reached the vendor',
    );
    assert.equal(summary.level, 'error');
    assert.deepEqual(summary.buttons, [SHOW_JOB, RETRY_FAILED]);
  });

  it('of equally common answers takes the first; the reason is redacted, then shortened to 150 characters', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(2) }], 'two'));
    const secret = 'PASSCODE-7F3A9C2E11';
    await setOutcome(store, job.id, 0, [0], { outcome: 'failed', httpStatus: 500, message: `${'x'.repeat(125)} passcode ${secret} rejected` });
    await setOutcome(store, job.id, 0, [1], { outcome: 'failed', httpStatus: 503, message: 'Service unavailable' });
    const { message } = runSummary(job, false, (t) => t.split(secret).join('***'));
    const reason = message.slice(message.lastIndexOf(' — ') + 3);
    assert.ok(reason.startsWith(`HTTP 500: ${'x'.repeat(125)} passcode *** `), reason);
    assert.equal(reason.length, 150);
    assert.ok(reason.endsWith('…'));
    assert.ok(!message.includes('PASS'), 'no part of the secret survives the cut (the secret straddles the 150th character)');
    assert.match(message, /^Erasure job “two” finished — 2 users at 1 target: 2 failed\. CleverTap: 2 failed — HTTP 500: x{125} passcode \*\*\* …$/);
  });

  it('reports progress as deletions answered / total, the rest queued, and the users when they differ', () => {
    assert.equal(progressMessage(1500, 10000, false), '1,500 / 10,000 deletions answered · 8,500 queued');
    assert.equal(progressMessage(115, 1000, false, { users: 500, targets: 2 }), '115 / 1,000 deletions answered · 885 queued (500 users at 2 targets)');
    assert.equal(progressMessage(10, 10, false, { users: 10, targets: 1 }), '10 / 10 deletions answered');
    assert.equal(progressMessage(1500, 10000, true), '1,500 / 10,000 deletions answered · cancelling (requests in flight finish)…');
  });

  it('5 users at CleverTap and two Batch apps: users and deletions said apart, with the ticket', async () => {
    const store = new JobStore();
    const batch = (appKeyLabel: string) => ({ options: { vendor: 'batch' as const, mode: 'gdpr' as const, appKeyLabel }, ids: ids(5) });
    const job = await store.add({ ...jobSpec([{ ids: ids(5) }, batch('iOS'), batch('Android')], '5 IDs → CleverTap, Batch'), ticket: 'ZD-4711' });
    for (const t of [0, 1, 2]) await setOutcome(store, job.id, t, [0, 1, 2, 3, 4], { outcome: 'accepted' });
    assert.equal(
      runSummary(job, false, (t) => t).message,
      'Erasure job “5 IDs → CleverTap, Batch” (ticket ZD-4711) finished — 5 users · 15 deletions at 3 targets: 15 accepted (pending at the vendor).',
    );
  });
});
