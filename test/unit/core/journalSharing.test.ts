import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { JobState, requestForId, type IdResult, type TargetState } from '../../../src/core/job';
import { JobStore } from '../../../src/core/jobStore';
import { Journal, resolveJournalFile } from '../../../src/core/journal';
import { encodeSnapshot } from '../../../src/core/journal/format';
import { counts, idList, jobSpec, range, targetSpec, journalFolderPerTest } from './journalFixtures';

const engagelab = targetSpec({ vendor: 'engagelab', idType: 'registration_id' });
const batchGdpr = targetSpec({ vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' });
const T = Date.UTC(2026, 0, 10, 12, 0, 0);
const DELETE_SUMMARY = 'DELETE https://pushapi-sgp.engagelab.com/v4/devices/{registration_id} (1 ID)';

function accepted(at: number): IdResult {
  return { outcome: 'accepted', httpStatus: 200, message: 'deletion accepted; EngageLab has no status API', request: DELETE_SUMMARY, at };
}

function distinctResults(target: TargetState): Set<IdResult> {
  const out = new Set<IdResult>();
  for (let i = 0; i < target.size; i++) {
    const result = target.resultAt(i);
    if (result) out.add(result);
  }
  return out;
}

function snapshotOf(text: string): { res: unknown[]; runs: number[] }[] {
  const line = text.trim().split('\n').find((l) => l.startsWith('{"t":"S"'));
  assert.ok(line, 'a snapshot line');
  return (JSON.parse(line) as { st: { res: unknown[]; runs: number[] }[] }).st;
}

describe('shared results (one-ID calls)', () => {
  const folder = journalFolderPerTest();

  async function openAt(options: Parameters<typeof Journal.open>[1] = {}): Promise<Journal> {
    const journal = await Journal.open(folder.dir, { followMs: 0, ...options });
    folder.keep(journal);
    return journal;
  }

  async function reopen(journal: Journal, options: Parameters<typeof Journal.open>[1] = {}): Promise<Journal> {
    await journal.close();
    return openAt(options);
  }

  it('keeps times to the whole second, requestedAt included', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ spec: batchGdpr, ids: idList(2) }]));
    await store.record(job, job.targets[0], [0], { outcome: 'done', at: T + 999, requestedAt: T - 1 });
    assert.equal(job.targets[0].resultAt(0)?.at, T);
    assert.equal(job.targets[0].resultAt(0)?.requestedAt, T - 1000);
  });

  it('equal answers of one-ID calls in the same second are one result: in memory, in the snapshot and after a reload', async () => {
    const journal = await openAt({ fsync: false });
    const job = await journal.store.add(jobSpec([{ spec: engagelab, ids: idList(1000, 'rid-') }]));
    const target = job.targets[0];
    // 500 calls per second, each ID its own call: "sending", then its answer.
    await Promise.all(target.ids.map((_, i) => journal.store.record(job, target, [i], { outcome: 'sending', at: T + 2 * i })));
    await Promise.all(target.ids.map((_, i) => journal.store.record(job, target, [i], accepted(T + 2 * i + 150))));

    assert.deepEqual(counts(job), { accepted: 1000 });
    assert.equal(target.resultAt(0), target.resultAt(424), 'one object for the answers of one second');
    assert.equal(target.resultAt(0)?.at, T);
    assert.equal(target.resultAt(999)?.at, T + 2000);
    assert.equal(distinctResults(target).size, 3, 'seconds 0, 1 and 2');

    await journal.compact();
    const [state] = snapshotOf(await readFile(journal.file, 'utf8'));
    assert.equal(state.res.length, 3);
    assert.deepEqual(state.runs, [0, 425, 1, 500, 2, 75]);

    const again = await reopen(journal);
    const loaded = again.store.require(job.id).targets[0];
    assert.equal(loaded.resultAt(0), loaded.resultAt(424));
    assert.deepEqual(loaded.resultAt(999), target.resultAt(999));
    assert.equal(distinctResults(loaded).size, 3);
  });

  it('an appended (not compacted) history of one-ID calls loads with one object per distinct answer', async () => {
    const journal = await openAt({ fsync: false, compactMinBytes: 1e12 });
    const job = await journal.store.add(jobSpec([{ spec: engagelab, ids: idList(300, 'rid-') }]));
    const target = job.targets[0];
    for (let i = 0; i < target.size; i++) {
      await journal.store.record(job, target, [i], { outcome: 'sending', at: T + 5 * i });
      await journal.store.record(job, target, [i], i % 7 === 3 ? { outcome: 'not-found', httpStatus: 404, request: DELETE_SUMMARY, at: T + 5 * i } : accepted(T + 5 * i));
    }
    const again = await reopen(journal, { compactMinBytes: 1e12 });
    const loaded = again.store.require(job.id).targets[0];
    assert.deepEqual(counts(again.store.require(job.id)), { accepted: 257, 'not-found': 43 });
    assert.equal(distinctResults(loaded).size, distinctResults(target).size);
    assert.ok(distinctResults(loaded).size <= 4, `${distinctResults(loaded).size} results for 300 IDs over 2 seconds`);
    for (let i = 0; i < target.size; i++) assert.deepEqual(loaded.resultAt(i), target.resultAt(i));
  });

  it('IDs with their own data (a GDPR request id each) keep their own result', async () => {
    const journal = await openAt({ fsync: false });
    const job = await journal.store.add(jobSpec([{ spec: batchGdpr, ids: idList(50) }]));
    const target = job.targets[0];
    await Promise.all(target.ids.map((_, i) => journal.store.record(job, target, [i], { outcome: 'accepted', httpStatus: 201, reference: `req-${i}`, at: T })));
    assert.equal(distinctResults(target).size, 50);
    await journal.compact();
    assert.equal(snapshotOf(await readFile(journal.file, 'utf8'))[0].res.length, 50);
    const loaded = (await reopen(journal)).store.require(job.id).targets[0];
    assert.deepEqual(target.ids.map((_, i) => loaded.resultAt(i)?.reference), target.ids.map((_, i) => `req-${i}`));
  });

  it('the snapshot lists equal content once even where the objects differ', () => {
    const job = new JobState(jobSpec([{ spec: engagelab, ids: idList(100, 'rid-') }]));
    const target = job.targets[0];
    // Twelve contents in turn: more than a target remembers, so every ID gets its own object.
    for (let i = 0; i < target.size; i++) target.set([i], { outcome: 'failed', httpStatus: 400, message: `answer ${i % 12}`, at: T });
    assert.equal(distinctResults(target).size, 100);
    const [state] = (JSON.parse(JSON.stringify(encodeSnapshot(job))) as { st: { res: { m: string }[]; runs: number[] }[] }).st;
    assert.deepEqual(state.res.map((r) => r.m), range(0, 12).map((n) => `answer ${n}`));
    assert.deepEqual(state.runs.slice(0, 6), [0, 1, 1, 1, 2, 1]);
  });

  it('requestForId puts the ID (URL-encoded) in the place a one-ID summary names, and leaves other summaries alone', () => {
    assert.equal(requestForId(DELETE_SUMMARY, 'a/b c'), 'DELETE https://pushapi-sgp.engagelab.com/v4/devices/a%2Fb%20c (1 ID)');
    assert.equal(requestForId('GET https://api.clevertap.com/1/profile.json?identity={identity} (1 ID)', 'x@y'), 'GET https://api.clevertap.com/1/profile.json?identity=x%40y (1 ID)');
    assert.equal(requestForId('POST https://api.clevertap.com/1/delete/profiles.json (100 IDs)', 'x'), 'POST https://api.clevertap.com/1/delete/profiles.json (100 IDs)');
    assert.equal(requestForId('DELETE https://pushapi-sgp.engagelab.com/v4/devices/rid-1 (1 ID)', 'rid-1'), 'DELETE https://pushapi-sgp.engagelab.com/v4/devices/rid-1 (1 ID)');
  });

  it('reads a journal written by the previous version: per-ID requests and millisecond times stay as they were', async () => {
    const file = await resolveJournalFile(folder.dir);
    const job = '{"id":"job-old","createdAt":1768046400000,"source":"editor","title":"old","targets":[{"spec":{"key":"engagelab:acc-1","accountId":"acc-1","accountLabel":"Prod","options":{"vendor":"engagelab","idType":"registration_id"}},"ids":["rid-0","rid-1","rid-2","rid-3"]}]}';
    const answer = (i: number, at: number) =>
      `{"o":"accepted","at":${at},"h":200,"m":"deletion accepted; EngageLab has no status API","req":"DELETE https://pushapi-sgp.engagelab.com/v4/devices/rid-${i} (1 ID)"}`;
    const snapshotJob = job.replace('job-old', 'job-old-snap');
    await writeFile(
      file,
      [
        '{"t":"h","format":"user-erasure-journal","v":1,"at":1768046400000}',
        `{"t":"j","job":${job}}`,
        ...range(0, 3).map((i) => `{"t":"s","j":"job-old","x":0,"i":[${i}],"r":{"o":"sending","at":${1768046401000 + i}}}`),
        ...range(0, 3).map((i) => `{"t":"s","j":"job-old","x":0,"i":[${i}],"r":${answer(i, 1768046401123 + i)}}`),
        `{"t":"S","job":${snapshotJob},"st":[{"res":[${answer(0, 1768046401123)},${answer(1, 1768046401124)},{"o":"failed","at":1768046401125,"h":400,"m":"bad"}],"runs":[0,1,1,1,2,1,-1,1]}]}`,
        '',
      ].join('\n'),
    );
    const journal = await openAt();
    assert.deepEqual(journal.lastLoad.problems, []);
    const old = journal.store.require('job-old').targets[0];
    assert.deepEqual(old.resultAt(1), {
      outcome: 'accepted',
      httpStatus: 200,
      message: 'deletion accepted; EngageLab has no status API',
      request: 'DELETE https://pushapi-sgp.engagelab.com/v4/devices/rid-1 (1 ID)',
      at: 1768046401124,
    });
    assert.equal(old.outcomeAt(3), 'planned');
    const snap = journal.store.require('job-old-snap').targets[0];
    assert.deepEqual([0, 1, 2, 3].map((i) => snap.outcomeAt(i)), ['accepted', 'accepted', 'failed', 'planned']);
    assert.equal(snap.resultAt(1)?.request, 'DELETE https://pushapi-sgp.engagelab.com/v4/devices/rid-1 (1 ID)');

    // The new version appends to it and compacts it; nothing of the old records is lost.
    await journal.store.record(journal.store.require('job-old'), old, [3], accepted(1768046402555));
    await journal.compact();
    const again = await reopen(journal);
    const reloaded = again.store.require('job-old').targets[0];
    assert.equal(reloaded.resultAt(2)?.at, 1768046401125);
    assert.equal(reloaded.resultAt(2)?.request, 'DELETE https://pushapi-sgp.engagelab.com/v4/devices/rid-2 (1 ID)');
    assert.deepEqual(reloaded.resultAt(3), accepted(1768046402000));
    assert.equal(again.store.require('job-old-snap').targets[0].resultAt(2)?.message, 'bad');
  });
});
