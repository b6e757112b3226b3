// The job row says users and deletions apart, shows the ticket, words unsent IDs of a running job
// as progress, and gives cancelled IDs an icon of their own (not failure's red ✗).
import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { jobScope, usersOf } from '../../../src/views/jobs/jobScope';
import { JobsTreeModel } from '../../../src/views/jobs/jobsTreeModel';
import { OUTCOME_ICONS } from '../../../src/views/jobs/outcomeStyle';
import { ids, jobSpec, setOutcome, treeContext } from '../helpers/jobs';

const batch = (appKeyLabel: string) => ({ options: { vendor: 'batch' as const, mode: 'gdpr' as const, appKeyLabel }, ids: ids(5) });

describe('job row', () => {
  it('5 users at CleverTap and two Batch apps: "5 users · 15 deletions at 3 targets", with the ticket in description and tooltip', async () => {
    const store = new JobStore();
    const job = await store.add({ ...jobSpec([{ ids: ids(5) }, batch('iOS'), batch('Android')], '5 IDs → CleverTap, Batch'), ticket: 'ZD-4711' });
    for (const t of [0, 1, 2]) await setOutcome(store, job.id, t, [0, 1, 2, 3, 4], { outcome: 'accepted' });
    const [row] = new JobsTreeModel(treeContext(store)).roots();
    assert.equal(jobScope(job), '5 users · 15 deletions at 3 targets');
    assert.match(row.row().description ?? '', /^ZD-4711 · .+ · 5 users · 15 deletions at 3 targets: 15 accepted$/);
    const tooltip = row.tooltip().split('\n');
    assert.ok(tooltip.includes('Ticket: ZD-4711'), tooltip.join('\n'));
    assert.ok(tooltip.includes('CleverTap, Batch: 5 users · 15 deletions at 3 targets'), tooltip.join('\n'));
    assert.ok(tooltip.includes('Deletions: 15 accepted'));
  });

  it('a job without a ticket says so in the tooltip; one deletion per user is said once', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(2) }]));
    const [row] = new JobsTreeModel(treeContext(store)).roots();
    assert.ok(row.tooltip().split('\n').includes('Ticket: none'));
    assert.match(row.row().description ?? '', / · 2 users at 1 target: 2 not sent$/);
    assert.equal(jobScope(job), '2 users at 1 target');
  });

  it('counts EngageLab aliases once however many devices they resolved to', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ options: { vendor: 'engagelab', idType: 'alias' }, ids: ['rid-1', 'rid-2', 'rid-3'], origins: ['alice', 'alice', 'bob'] }]));
    assert.equal(usersOf(job), 2);
    assert.equal(jobScope(job), '2 users · 3 deletions at 1 target');
  });

  it('while a job runs its unsent IDs are "queued", not "not sent"', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(1000) }]));
    await setOutcome(store, job.id, 0, [0, 1], { outcome: 'accepted' });
    const running = new Set([job.id]);
    const [row] = new JobsTreeModel(treeContext(store, running)).roots();
    assert.match(row.row().description ?? '', /: 2 accepted · 998 queued$/);
    assert.equal(row.children()[0].row().description, '2 accepted · 998 queued');
    running.delete(job.id);
    assert.match(row.row().description ?? '', /: 2 accepted · 998 not sent$/);
  });

  it('a cancelled job and cancelled IDs have their own icon, not failure\'s', async () => {
    const store = new JobStore();
    const cancelled = await store.add(jobSpec([{ ids: ids(3) }], 'cancelled', 2));
    await setOutcome(store, cancelled.id, 0, [0], { outcome: 'accepted' });
    await setOutcome(store, cancelled.id, 0, [1, 2], { outcome: 'cancelled' });
    const failed = await store.add(jobSpec([{ ids: ids(2) }], 'failed', 1));
    await setOutcome(store, failed.id, 0, [0, 1], { outcome: 'failed' });
    const [cancelledRow, failedRow] = new JobsTreeModel(treeContext(store)).roots();
    assert.notDeepEqual(cancelledRow.row().icon, failedRow.row().icon);
    assert.equal(cancelledRow.row().icon?.id, 'stop-circle');
    assert.equal(failedRow.row().icon?.id, 'error');
    assert.match(cancelledRow.row().contextValue, /^erasure:job:cancelled:retryable:pending$/, 'Retry Failed still offered');
    assert.notEqual(OUTCOME_ICONS.cancelled.id, OUTCOME_ICONS.failed.id);
    assert.notEqual(OUTCOME_ICONS.cancelled.color, OUTCOME_ICONS.failed.color);
    assert.match(cancelledRow.tooltip(), /cancelled before they were sent/);
  });
});
