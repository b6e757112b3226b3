// Show Details of one ID: named after the ID, with its whole story from the journal — request,
// answer, each status check — and, after compaction, the snapshot it was folded into.
import assert from 'node:assert/strict';
import { Journal } from '../../../src/core/journal';
import { detailsOf } from '../../../src/views/jobs/detailsText';
import { readIdHistory } from '../../../src/views/jobs/idHistory';
import { JobsTreeModel } from '../../../src/views/jobs/jobsTreeModel';
import { IdNode } from '../../../src/views/jobs/nodes/idNode';
import { jobSpec, journalFolderPerTest, targetSpec } from '../core/journalFixtures';
import { treeContext } from '../helpers/jobs';

const T = Date.UTC(2026, 0, 10, 9, 0, 0);

describe('Show Details of an ID: its story', () => {
  const folder = journalFolderPerTest();

  it('user-3: a tab named after the ID with the request, the answer and each status check', async () => {
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    const { store } = journal;
    const other = targetSpec({ vendor: 'clevertap', idType: 'identity' });
    const batch = targetSpec({ vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' });
    const job = await store.add({ ...jobSpec([{ spec: other, ids: ['user-1', 'user-2', 'user-3'] }, { spec: batch, ids: ['user-1', 'user-2', 'user-3'] }]), ticket: 'ZD-4711' });
    const [, bt] = job.targets;
    const request = 'POST https://api.batch.com/2.0/***/gdpr/request (1 ID)';
    await store.record(job, bt, [0, 1, 2], { outcome: 'sending', request, at: T });
    await store.record(job, bt, [0, 1, 2], { outcome: 'accepted', httpStatus: 200, reference: 'req-9', request, at: T + 1000 });
    await store.record(job, bt, [2], { outcome: 'accepted', httpStatus: 200, message: 'status: processing', reference: 'req-9', at: T + 60_000, requestedAt: T + 1000 });
    await store.record(job, bt, [2], { outcome: 'done', httpStatus: 200, message: 'status: done', reference: 'req-9', at: T + 120_000, requestedAt: T + 1000 });
    await store.record(job, bt, [1], { outcome: 'failed', httpStatus: 500, message: 'other ID', at: T + 5000 });
    await journal.flush();

    const model = new JobsTreeModel(treeContext(store));
    const id = model.roots()[0].children()[1].group('done').children()[0];
    assert.ok(id instanceof IdNode && id.id === 'user-3' && id.index === 2);
    const history = await readIdHistory(journal.file, { jobId: job.id, targetIndex: 1, index: 2 });
    assert.deepEqual(history.map((h) => h.result.outcome), ['sending', 'accepted', 'accepted', 'done']);

    const details = detailsOf(id, (t) => t, history);
    assert.equal(details.name, 'user-3', 'the tab is named after the ID, not its position');
    const md = details.markdown;
    assert.match(md, /^# user-3\n/);
    assert.match(md, /— ticket ZD-4711/);
    assert.match(md, /1\. \*\*Request sent\*\*/);
    assert.match(md, /2\. \*\*Answer\*\* — .*\n {3}- State: Accepted \(pending at vendor\)\n {3}- HTTP status: 200\n {3}- Vendor reference: req-9/);
    assert.match(md, /3\. \*\*Status check\*\* — .*\n {3}- State: Accepted \(pending at vendor\)\n {3}- HTTP status: 200\n {3}- Vendor message: status: processing/);
    assert.match(md, /4\. \*\*Status check\*\* — .*\n {3}- State: Done/);
    assert.doesNotMatch(md, /other ID/, 'another ID’s answer is not in this story');

    await journal.compact();
    const folded = await readIdHistory(journal.file, { jobId: job.id, targetIndex: 1, index: 2 });
    assert.deepEqual(folded.map((h) => [h.result.outcome, h.fromSnapshot]), [['done', true]]);
    assert.match(detailsOf(id, (t) => t, folded).markdown, /1\. \*\*Recorded state \(the journal was compacted/);
    assert.match(detailsOf(id, (t) => t, undefined).markdown, /The journal could not be read/);
  });
});
