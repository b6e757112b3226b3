import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { Redactor } from '../../../src/core/redact';
import { JobsTreeModel } from '../../../src/views/jobs/jobsTreeModel';
import { GroupNode } from '../../../src/views/jobs/nodes/groupNode';
import { IdNode } from '../../../src/views/jobs/nodes/idNode';
import { MoreNode } from '../../../src/views/jobs/nodes/moreNode';
import type { JobsNode } from '../../../src/views/jobs/nodes/node';
import { TargetNode } from '../../../src/views/jobs/nodes/targetNode';
import { ids, jobSpec, setOutcome, treeContext } from '../helpers/jobs';

const labels = (nodes: JobsNode[]) => nodes.map((n) => n.row().label);

describe('jobs tree model', () => {
  it('shows jobs newest first, then target → outcome groups (non-empty, fixed order) → IDs', async () => {
    const store = new JobStore();
    const older = await store.add(jobSpec([{ ids: ids(3) }], 'older', 1));
    const newer = await store.add(
      jobSpec(
        [
          { ids: ids(6) },
          { options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' }, accountLabel: 'Prod', ids: ids(2) },
        ],
        'newer',
        2,
      ),
    );
    await setOutcome(store, newer.id, 0, [0, 1], { outcome: 'accepted' });
    await setOutcome(store, newer.id, 0, [2], { outcome: 'failed', httpStatus: 400, message: 'invalid identity' });
    await setOutcome(store, newer.id, 0, [3], { outcome: 'not-found' });
    await setOutcome(store, newer.id, 0, [4], { outcome: 'sending' });

    const model = new JobsTreeModel(treeContext(store));
    const roots = model.roots();
    assert.deepEqual(labels(roots), ['newer', 'older']);
    assert.equal(roots[1].job, older);

    const [clevertap, batch] = roots[0].children();
    assert.equal(clevertap.row().label, 'CleverTap · EU prod · identity');
    assert.equal(batch.row().label, 'Batch · Prod · iOS · GDPR remove');
    assert.equal(clevertap.row().description, '1 sending · 2 accepted · 1 failed · 1 not found · 1 not sent');
    assert.equal(clevertap.row().icon?.id, 'loading~spin', 'spinner while an ID is in flight');
    assert.equal(batch.row().icon?.id, 'server');

    const groups = clevertap.children();
    assert.deepEqual(labels(groups), ['Sending', 'Accepted (pending at vendor)', 'Failed', 'Not found at vendor', 'Not sent']);
    assert.deepEqual(
      groups.map((g) => g.row().description),
      ['1', '2', '1', '1', '1'],
    );
    const failed = groups[2] as GroupNode;
    const [idRow] = failed.children();
    assert.ok(idRow instanceof IdNode);
    assert.equal(idRow.row().label, 'user-3');
    assert.equal(idRow.row().description, 'HTTP 400 · invalid identity');
    assert.equal(idRow.parent, failed);
    assert.equal(failed.parent, clevertap);
    assert.equal(clevertap.parent, roots[0]);
  });

  it("an ID row's tooltip names its own request, not the shared one-ID summary's placeholder", async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ['user/1'] }]));
    const request = 'GET https://api.clevertap.com/1/profile.json?identity={identity} (1 ID)';
    await setOutcome(store, job.id, 0, [0], { outcome: 'failed', httpStatus: 400, message: 'bad', request });
    const model = new JobsTreeModel(treeContext(store));
    const idRow = model.roots()[0].children()[0].children()[0].children()[0];
    assert.ok(idRow instanceof IdNode);
    const tooltip = idRow.tooltip();
    assert.match(tooltip, /Request: GET https:\/\/api\.clevertap\.com\/1\/profile\.json\?identity=user%2F1 \(1 ID\)/);
    assert.doesNotMatch(tooltip, /\{identity\}/);
  });

  it('keeps node instances stable across reads, so refreshes can name them', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(2) }]));
    const model = new JobsTreeModel(treeContext(store));
    const [first] = model.roots();
    const target = first.children()[0];
    const group = target.children()[0];
    assert.equal(model.roots()[0], first);
    assert.equal(first.children()[0], target);
    assert.equal(target.children()[0], group);
    assert.equal(model.jobNode(job.id), first);
    assert.equal(model.affected({ kind: 'updated', jobId: job.id, targetKey: target.job.targets[0].spec.key, count: 1 }), first);
    assert.equal(model.affected({ kind: 'added', jobId: 'other' }), 'all');
    assert.equal(model.affected({ kind: 'removed', jobId: job.id }), 'all');
    await store.remove(job.id);
    assert.deepEqual(model.roots(), []);
    assert.equal(model.jobNode(job.id), undefined);
  });

  it('pages a group of 100,000 IDs 1,000 at a time with a "Show more…" row', async () => {
    const store = new JobStore();
    const n = 100_000;
    const job = await store.add(jobSpec([{ ids: ids(n) }]));
    await setOutcome(store, job.id, 0, Array.from({ length: n }, (_, i) => i), { outcome: 'failed', httpStatus: 503, message: 'maintenance' });
    const model = new JobsTreeModel(treeContext(store));
    const group = model.roots()[0].children()[0].children()[0] as GroupNode;
    assert.equal(group.row().description, '100,000');

    let rows = group.children();
    assert.equal(rows.length, 1_001);
    const more = rows[1_000];
    assert.ok(more instanceof MoreNode);
    assert.equal(more.row().label, 'Show 1,000 more…');
    assert.equal(more.row().description, '1,000 of 100,000 shown');
    assert.equal(more.row().contextValue, 'erasure:more');
    assert.deepEqual(more.row().command?.arguments, [more]);
    assert.equal(more.row().command?.command, 'userErasure.jobs.showMore');

    group.showMore();
    rows = group.children();
    assert.equal(rows.length, 2_001);
    assert.equal(rows[1_999].row().label, 'user-2000');
    group.shown = n;
    rows = group.children();
    assert.equal(rows.length, n, 'no "Show more…" once everything is shown');
  });

  it('composes contextValues from the job state (running, retryable, resumable, pending)', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(4) }]));
    await setOutcome(store, job.id, 0, [0], { outcome: 'failed' });
    await setOutcome(store, job.id, 0, [1], { outcome: 'accepted' });
    const running = new Set<string>();
    const model = new JobsTreeModel(treeContext(store, running));
    const jobNode = model.roots()[0];
    const target = jobNode.children()[0];
    const failedGroup = target.group('failed');
    const failedId = failedGroup.children()[0];

    assert.equal(jobNode.row().contextValue, 'erasure:job:notsent:retryable:resumable:pending');
    assert.equal(target.row().contextValue, 'erasure:target:clevertap:retryable:pending');
    assert.equal(failedGroup.row().contextValue, 'erasure:group:failed:retryable');
    assert.equal(target.group('accepted').row().contextValue, 'erasure:group:accepted:pending');
    assert.equal(failedId.row().contextValue, 'erasure:id:failed:retryable');

    running.add(job.id);
    assert.equal(jobNode.row().contextValue, 'erasure:job:running:pending', 'no retry/resume while running');
    assert.equal(jobNode.row().icon?.id, 'loading~spin');
    assert.equal(failedGroup.row().contextValue, 'erasure:group:failed');
    assert.equal(failedId.row().contextValue, 'erasure:id:failed');
  });

  it('counts pending deletions for the view badge', async () => {
    const store = new JobStore();
    const a = await store.add(jobSpec([{ ids: ids(5) }]));
    const b = await store.add(jobSpec([{ ids: ids(3) }, { options: { vendor: 'cooladata', reason: 'GDPR' }, ids: ids(3) }]));
    await setOutcome(store, a.id, 0, [0, 1], { outcome: 'accepted' });
    await setOutcome(store, b.id, 1, [0, 1, 2], { outcome: 'accepted' });
    await setOutcome(store, b.id, 0, [0], { outcome: 'done' });
    assert.equal(new JobsTreeModel(treeContext(store)).pendingCount(), 5);
  });

  it('puts the vendor message, HTTP status, reference and alias in tooltips, with secrets redacted', async () => {
    const store = new JobStore();
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t-passcode');
    const job = await store.add(
      jobSpec([{ options: { vendor: 'engagelab', idType: 'alias' }, ids: ['rid-1', 'rid-2'], origins: ['alice', 'bob'] }]),
    );
    await setOutcome(store, job.id, 0, [0], { outcome: 'failed', httpStatus: 401, message: 'auth failed for s3cr3t-passcode', request: 'DELETE https://x/v4/devices/rid-1' });
    await setOutcome(store, job.id, 0, [1], { outcome: 'accepted', reference: 'ref-42' });
    const model = new JobsTreeModel(treeContext(store, new Set(), (t) => redactor.redactText(t)));
    const target = model.roots()[0].children()[0] as TargetNode;
    const failed = target.group('failed').children()[0];
    const tip = failed.tooltip();
    assert.match(tip, /HTTP status: 401/);
    assert.match(tip, /Vendor message: auth failed for \*\*\*/);
    assert.match(tip, /Resolved from alias: alice/);
    assert.match(tip, /Request: DELETE https:\/\/x\/v4\/devices\/rid-1/);
    assert.doesNotMatch(tip, /s3cr3t/);
    assert.doesNotMatch(failed.row().description ?? '', /s3cr3t/);
    assert.match(failed.row().description ?? '', /^alias alice · HTTP 401/);
    assert.match(target.group('accepted').children()[0].tooltip(), /Vendor reference: ref-42/);
    assert.match(target.group('failed').tooltip(), /1 × HTTP 401 · auth failed for \*\*\*/);
  });

  it('an ID label is redacted before it is shortened: a secret across the cut leaks no character', async () => {
    const secret = 'Q7zK9pW2mN4vB8t';
    const redactor = new Redactor();
    redactor.addSecret(secret);
    for (let before = 185; before <= 200; before++) {
      const store = new JobStore();
      await store.add(jobSpec([{ ids: [`${'x'.repeat(before)}${secret}y`] }]));
      const model = new JobsTreeModel(treeContext(store, new Set(), (t) => redactor.redactText(t)));
      const row = model.roots()[0].children()[0].children()[0].children()[0].row();
      assert.ok(!row.label.includes('Q'), `offset ${before}: ${row.label.slice(-20)}`);
    }
  });
});
