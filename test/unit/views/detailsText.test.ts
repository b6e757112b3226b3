import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { Redactor } from '../../../src/core/redact';
import { DETAILS_ID_LIMIT, detailsOf } from '../../../src/views/jobs/detailsText';
import { JobsTreeModel } from '../../../src/views/jobs/jobsTreeModel';
import { ids, jobSpec, setOutcome, treeContext } from '../helpers/jobs';

describe('Show Details text', () => {
  it('groups the answers of a target by outcome, status and message, redacted', async () => {
    const store = new JobStore();
    const redactor = new Redactor();
    redactor.addSecret('TOPSECRETKEY');
    const job = await store.add(jobSpec([{ options: { vendor: 'batch', mode: 'custom-data', appKeyLabel: 'Android' }, ids: ids(5) }], 'five users'));
    await setOutcome(store, job.id, 0, [0, 1, 2], { outcome: 'accepted', httpStatus: 200, reference: 'tok-1', request: 'DELETE https://api.batch.com/1.0/***/data/users (3 IDs)' });
    await setOutcome(store, job.id, 0, [3, 4], { outcome: 'failed', httpStatus: 401, message: 'AUTHENTICATION_INVALID for TOPSECRETKEY' });
    const model = new JobsTreeModel(treeContext(store));
    const jobNode = model.roots()[0];
    const redact = (t: string) => redactor.redactText(t);

    const { markdown, name } = detailsOf(jobNode, redact);
    assert.equal(name, job.id);
    assert.match(markdown, /^# five users/);
    assert.match(markdown, /## Batch · EU prod · Android · Custom Data delete/);
    assert.match(markdown, /\| Accepted \(pending at vendor\) \| 3 \|/);
    assert.match(markdown, /### Accepted \(pending at vendor\) — 3 ID\(s\)\n\n- HTTP status: 200\n- Vendor reference: tok-1\n- Request: DELETE https:\/\/api\.batch\.com\/1\.0\/\*\*\*\/data\/users \(3 IDs\)/);
    assert.match(markdown, /### Failed — 2 ID\(s\)\n\n- HTTP status: 401\n- Vendor message: AUTHENTICATION_INVALID for \*\*\*/);
    assert.match(markdown, /First IDs: `user-4`, `user-5`/);
    assert.doesNotMatch(markdown, /TOPSECRETKEY/);

    const id = jobNode.children()[0].group('failed').children()[0];
    const idDetails = detailsOf(id, redact).markdown;
    assert.match(idDetails, /^# user-4/);
    assert.match(idDetails, /- State: Failed/);
    assert.doesNotMatch(idDetails, /TOPSECRETKEY/);
  });

  it('shows an ID its own request where the summary of one-ID calls names the ID’s place', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ options: { vendor: 'engagelab', idType: 'registration_id' }, ids: ['rid 1', 'rid-2'] }]));
    const request = 'DELETE https://pushapi-sgp.engagelab.com/v4/devices/{registration_id} (1 ID)';
    await setOutcome(store, job.id, 0, [0], { outcome: 'accepted', httpStatus: 200, request });
    await setOutcome(store, job.id, 0, [1], { outcome: 'accepted', httpStatus: 200, request });
    const group = new JobsTreeModel(treeContext(store)).roots()[0].children()[0].group('accepted');
    assert.match(detailsOf(group, (t) => t).markdown, /- Request: DELETE https:\/\/pushapi-sgp\.engagelab\.com\/v4\/devices\/\{registration_id\} \(1 ID\)/);
    const [first] = group.children();
    assert.match(detailsOf(first, (t) => t).markdown, /- Request: DELETE https:\/\/pushapi-sgp\.engagelab\.com\/v4\/devices\/rid%201 \(1 ID\)/);
  });

  it('lists a group’s IDs up to a limit and says how many more there are', async () => {
    const store = new JobStore();
    const n = DETAILS_ID_LIMIT + 5;
    const job = await store.add(jobSpec([{ ids: ids(n) }]));
    await setOutcome(store, job.id, 0, Array.from({ length: n }, (_, i) => i), { outcome: 'done' });
    const group = new JobsTreeModel(treeContext(store)).roots()[0].children()[0].group('done');
    const { markdown } = detailsOf(group, (t) => t);
    assert.match(markdown, /^# Done: 10,005 ID\(s\)/);
    assert.match(markdown, /\nuser-10000\n```/);
    assert.doesNotMatch(markdown, /\nuser-10001\n/);
    assert.match(markdown, /… and 5 more \(Copy ID\(s\) copies them all\)\./);
  });
});
