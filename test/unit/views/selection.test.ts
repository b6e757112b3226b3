import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { JobsTreeModel } from '../../../src/views/jobs/jobsTreeModel';
import { countOf, idsOf, retrySelectionOf } from '../../../src/views/jobs/selection';
import { ids, jobSpec, setOutcome, treeContext } from '../helpers/jobs';

async function fixture() {
  const store = new JobStore();
  const job = await store.add(jobSpec([{ ids: ids(6) }, { options: { vendor: 'cooladata', reason: 'GDPR' }, ids: ids(3) }]));
  await setOutcome(store, job.id, 0, [0, 1], { outcome: 'failed' });
  await setOutcome(store, job.id, 0, [2], { outcome: 'unknown' });
  await setOutcome(store, job.id, 0, [3], { outcome: 'accepted' });
  await setOutcome(store, job.id, 0, [4], { outcome: 'cancelled' });
  await setOutcome(store, job.id, 1, [1], { outcome: 'failed' });
  const model = new JobsTreeModel(treeContext(store));
  const jobNode = model.roots()[0];
  const [clevertap, cooladata] = jobNode.children();
  return { store, job, jobNode, clevertap, cooladata };
}

describe('jobs tree selection', () => {
  it('copies the IDs of rows (de-duplicated, in row order)', async () => {
    const { jobNode, clevertap, cooladata } = await fixture();
    const failed = clevertap.group('failed');
    assert.deepEqual(idsOf([failed]), ['user-1', 'user-2']);
    assert.deepEqual(idsOf([failed.children()[1]]), ['user-2']);
    assert.deepEqual(idsOf([cooladata]), ['user-1', 'user-2', 'user-3']);
    assert.deepEqual(idsOf([failed, cooladata]), ['user-1', 'user-2', 'user-3']);
    assert.deepEqual(idsOf([jobNode]), ids(6));
  });

  it('retries only retryable indices: failed, unknown and cancelled', async () => {
    const { job, jobNode, clevertap, cooladata } = await fixture();
    const [ct, cd] = job.targets.map((t) => t.spec.key);
    assert.deepEqual(retrySelectionOf([jobNode]), new Map([[job.id, new Map([[ct, [0, 1, 2, 4]], [cd, [1]]])]]));
    assert.deepEqual(retrySelectionOf([clevertap]), new Map([[job.id, new Map([[ct, [0, 1, 2, 4]]])]]));
    assert.deepEqual(retrySelectionOf([clevertap.group('unknown')]), new Map([[job.id, new Map([[ct, [2]]])]]));
    assert.deepEqual(retrySelectionOf([clevertap.group('accepted')]), new Map(), 'accepted IDs are not retried');
    const [, second] = clevertap.group('failed').children();
    assert.deepEqual(retrySelectionOf([second, cooladata]), new Map([[job.id, new Map([[ct, [1]], [cd, [1]]])]]));
    assert.equal(countOf(retrySelectionOf([jobNode, clevertap])), 5, 'overlapping rows count once');
  });
});
