import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFile, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JobStore } from '../../../src/core/jobStore';
import { Journal, ReadOnlyJournalError, UNKNOWN_AFTER_RELOAD, openJournal, resolveJournalFile } from '../../../src/core/journal';
import { withChecksum } from '../../../src/core/journal/checksum';
import { Redactor } from '../../../src/core/redact';
import { counts, idList, jobSpec, range, result, targetSpec, journalFolderPerTest } from './journalFixtures';

const clevertap = targetSpec({ vendor: 'clevertap', idType: 'identity' });
const batchGdpr = targetSpec({ vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' });

describe('journal', () => {
  const folder = journalFolderPerTest();

  async function openAt(location = folder.dir, options: Parameters<typeof Journal.open>[1] = {}): Promise<Journal> {
    const journal = await Journal.open(location, { followMs: 0, ...options });
    folder.keep(journal);
    return journal;
  }

  async function reopen(journal: Journal, options: Parameters<typeof Journal.open>[1] = {}): Promise<Journal> {
    await journal.close();
    return openAt(journal.file, options);
  }

  it('resolves a directory to journal.jsonl inside it, and a file path to itself', async () => {
    assert.equal(await resolveJournalFile(folder.dir), path.join(folder.dir, 'journal.jsonl'));
    assert.equal(await resolveJournalFile(path.join(folder.dir, 'sub')), path.join(folder.dir, 'sub', 'journal.jsonl'));
    assert.equal(await resolveJournalFile(path.join(folder.dir, 'cli-history.log')), path.join(folder.dir, 'cli-history.log'));
    const journal = await openAt(path.join(folder.dir, 'nested', 'cli.jsonl'));
    assert.equal(journal.file, path.join(folder.dir, 'nested', 'cli.jsonl'));
    assert.equal(journal.mode, 'writer');
  });

  it('round trip: jobs, per-ID results, shared results, presets and origins survive a reload', async () => {
    const journal = await openAt();
    const engagelab = targetSpec({ vendor: 'engagelab', idType: 'alias' });
    const spec = jobSpec([
      { spec: clevertap, ids: [...idList(250), { id: 'x'.repeat(2000), preset: { outcome: 'skipped', message: 'too long' } }] },
      { spec: engagelab, ids: [{ id: 'rid-1', origin: 'alias-a' }, { id: 'alias-b', origin: 'alias-b', preset: { outcome: 'not-found', message: 'alias not found' } }] },
      { spec: batchGdpr, ids: idList(3, 'b-') },
    ]);
    const job = await journal.store.add(spec);
    const [ct, el, bg] = job.targets;
    await journal.store.record(job, ct, range(0, 100), result('sending'));
    await journal.store.record(job, ct, range(0, 100), result('accepted', { httpStatus: 200, message: 'ok', request: 'POST https://api.clevertap.com/1/delete/profiles.json (100 IDs)' }));
    await journal.store.record(job, ct, range(100, 200), result('sending'));
    await journal.store.record(job, ct, range(100, 200), result('failed', { httpStatus: 400, message: 'bad identity' }));
    await journal.store.record(job, el, [0], result('done', { httpStatus: 404, message: 'device no longer registered' }));
    await Promise.all(bg.ids.map((_, i) => journal.store.record(job, bg, [i], result('accepted', { reference: `req-${i}` }))));

    const again = await reopen(journal);
    assert.equal(again.lastLoad.problems.length, 0);
    const loaded = again.store.require(spec.id);
    assert.deepEqual(counts(loaded), counts(job));
    assert.deepEqual(counts(loaded), { planned: 50, accepted: 103, failed: 100, done: 1, 'not-found': 1, skipped: 1 });
    const [lct, lel, lbg] = loaded.targets;
    assert.deepEqual(lct.resultAt(5), ct.resultAt(5));
    assert.equal(lct.resultAt(5), lct.resultAt(99), 'one shared result object per record');
    assert.equal(lct.resultAt(150)?.message, 'bad identity');
    assert.equal(lct.outcomeAt(220), 'planned');
    assert.equal(lct.resultAt(250)?.message, 'too long');
    assert.deepEqual(lel.origins, ['alias-a', 'alias-b']);
    assert.deepEqual(loaded.spec.targets[1].ids[1], { id: 'alias-b', origin: 'alias-b', preset: { outcome: 'not-found', message: 'alias not found' } });
    assert.deepEqual(lbg.ids.map((_, i) => lbg.resultAt(i)?.reference), ['req-0', 'req-1', 'req-2']);
    assert.equal(loaded.spec.title, spec.title);
  });

  it('an ID last journaled as sending comes back as unknown, and that transition is recorded', async () => {
    const journal = await openAt();
    const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(10) }]));
    await journal.store.record(job, job.targets[0], range(0, 4), result('sending'));
    await journal.store.record(job, job.targets[0], range(0, 2), result('accepted'));
    await journal.store.record(job, job.targets[0], range(4, 6), result('sending'));
    await journal.flush();
    // Simulate the crash: the file as it is, opened by a new process-like journal (no close()).
    const copy = path.join(folder.dir, 'crash.jsonl');
    await writeFile(copy, await readFile(journal.file));

    const reloaded = await openAt(copy, { now: () => Date.UTC(2026, 0, 11) });
    const target = reloaded.store.require(job.id).targets[0];
    assert.equal(reloaded.lastLoad.unknownAfterCrash, 4);
    assert.deepEqual(counts(reloaded.store.require(job.id)), { accepted: 2, unknown: 4, planned: 4 });
    assert.equal(target.resultAt(2)?.message, UNKNOWN_AFTER_RELOAD);

    const third = await reopen(reloaded);
    assert.equal(third.lastLoad.unknownAfterCrash, 0, 'the transition was journaled');
    assert.equal(third.store.require(job.id).targets[0].resultAt(5)?.at, Date.UTC(2026, 0, 11));
  });

  it('a torn last line: the rest loads read-only, and the file is never truncated or appended to', async () => {
    const journal = await openAt();
    const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(5) }]));
    await journal.store.record(job, job.targets[0], [0, 1], result('accepted'));
    await journal.close();
    await appendFile(journal.file, `{"t":"s","j":"${job.id}","x":0,"i":[[2,4]],"r":{"o":"acc`);
    const before = await readFile(journal.file);

    const reloaded = await openAt();
    assert.equal(reloaded.mode, 'reader');
    assert.deepEqual(reloaded.damage?.lines, [4]);
    assert.match(reloaded.lastLoad.problems[0], /^line 4: cut off/);
    assert.match(reloaded.readOnlyReason() ?? '', /damaged: line 4 cannot be read/);
    const loaded = reloaded.store.require(job.id);
    assert.deepEqual(counts(loaded), { accepted: 2, planned: 3 });
    await assert.rejects(reloaded.store.record(loaded, loaded.targets[0], [4], result('failed')), ReadOnlyJournalError);
    await reloaded.refresh();
    await reloaded.close();
    assert.deepEqual(await readFile(journal.file), before);
  });

  it('reports corrupt lines in the middle and loads everything else', async () => {
    const journal = await openAt();
    const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(6) }]));
    await journal.store.record(job, job.targets[0], [0], result('accepted'));
    await journal.flush();
    const checked = (line: string) => `${withChecksum(line)}\n`;
    await appendFile(journal.file, `garbage {{{\n${checked('{"t":"s","j":"no-such-job","x":0,"i":[0],"r":{"o":"done","at":1}}')}${checked('{"t":"z","x":1}')}`);
    await journal.store.record(job, job.targets[0], [1], result('failed'));
    const reloaded = await reopen(journal);
    const problems = reloaded.lastLoad.problems;
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0], /^line 4: not valid JSON/);
    assert.match(problems[1], /^line 5: state of unknown job no-such-job/);
    assert.match(problems[2], /^line 6: unknown record type z/);
    assert.deepEqual(counts(reloaded.store.require(job.id)), { accepted: 1, failed: 1, planned: 4 });
  });

  it('group commit: many concurrent records share few writes', async () => {
    const journal = await openAt();
    const job = await journal.store.add(jobSpec([{ spec: batchGdpr, ids: idList(1000) }]));
    const before = journal.stats;
    await Promise.all(job.targets[0].ids.map((_, i) => journal.store.record(job, job.targets[0], [i], result('sending'))));
    const after = journal.stats;
    assert.equal(after.records - before.records, 1000);
    assert.ok(after.commits - before.commits <= 5, `${after.commits - before.commits} commits for 1000 records`);
  });

  it('compaction keeps the content, shrinks the file, and happens on its own when the file outgrows its content', async () => {
    const first = await openAt(folder.dir, { compactMinBytes: 16 * 1024, fsync: false });
    const spec = jobSpec([{ spec: clevertap, ids: idList(2000) }]);
    let job = await first.store.add(spec);
    for (let round = 0; round < 10; round++) {
      for (let start = 0; start < 2000; start += 20) {
        await first.store.record(job, job.targets[0], range(start, start + 20), result('sending', {}, 1000 + round));
        await first.store.record(job, job.targets[0], range(start, start + 20), result('failed', { httpStatus: 503, message: `busy ${round}` }, 2000 + round));
      }
    }
    await first.flush();
    assert.ok(first.stats.compactions >= 1, 'compacted automatically once it outgrew the content');

    const journal = await reopen(first, { compactMinBytes: 1e9, fsync: false });
    job = journal.store.require(spec.id);
    const target = job.targets[0];
    assert.deepEqual(counts(job), { failed: 2000 });
    assert.equal(target.resultAt(1999)?.message, 'busy 9');

    for (let round = 0; round < 6; round++) {
      for (let start = 0; start < 2000; start += 100) {
        await journal.store.record(job, target, range(start, start + 100), result('sending'));
        await journal.store.record(job, target, range(start, start + 100), result('failed', { message: 'again' }));
      }
    }
    const grown = (await stat(journal.file)).size;
    await journal.compact();
    const compacted = (await stat(journal.file)).size;
    assert.ok(compacted < grown / 2, `${grown} → ${compacted} bytes`);
    const text = await readFile(journal.file, 'utf8');
    assert.equal(text.trim().split('\n').length, 2, 'one header and one snapshot line');

    await journal.store.record(job, target, [7], result('accepted', { reference: 'after-compaction' }));
    const reloaded = await reopen(journal);
    const loaded = reloaded.store.require(job.id);
    assert.deepEqual(counts(loaded), { failed: 1999, accepted: 1 });
    assert.equal(loaded.targets[0].resultAt(7)?.reference, 'after-compaction');
    assert.equal(loaded.targets[0].resultAt(8)?.message, 'again');
  });

  it('retention drops jobs whose last change is older than N days, and their IDs leave the file', async () => {
    const day = 24 * 60 * 60 * 1000;
    const now = Date.UTC(2026, 2, 1);
    const journal = await openAt(folder.dir, { now: () => now });
    const old = await journal.store.add(jobSpec([{ spec: clevertap, ids: ['old-user-1'] }], now - 40 * day));
    await journal.store.record(old, old.targets[0], [0], result('done', {}, now - 35 * day));
    const recent = await journal.store.add(jobSpec([{ spec: clevertap, ids: ['recent-user-1'] }], now - 40 * day));
    await journal.store.record(recent, recent.targets[0], [0], result('accepted', {}, now - 2 * day));

    const reloaded = await reopen(journal, { now: () => now, retentionDays: 30 });
    assert.equal(reloaded.lastLoad.droppedByRetention, 1);
    assert.deepEqual(reloaded.store.list().map((j) => j.id), [recent.id]);
    await reloaded.flush();
    const text = await readFile(reloaded.file, 'utf8');
    assert.ok(!text.includes('old-user-1'));
    assert.ok(text.includes('recent-user-1'));

    assert.equal(await reloaded.setRetentionDays(1), 1);
    await reloaded.flush();
    assert.equal(reloaded.store.list().length, 0);
    assert.ok(!(await readFile(reloaded.file, 'utf8')).includes('recent-user-1'));
  });

  it('remove a job and clear history: gone from memory and from disk', async () => {
    const journal = await openAt();
    const a = await journal.store.add(jobSpec([{ spec: clevertap, ids: ['alice@example.com'] }]));
    const b = await journal.store.add(jobSpec([{ spec: clevertap, ids: ['bob@example.com'] }]));
    const c = await journal.store.add(jobSpec([{ spec: clevertap, ids: ['carol@example.com'] }]));
    await journal.store.record(a, a.targets[0], [0], result('accepted'));

    await journal.store.remove(a.id);
    await journal.flush();
    assert.ok(!(await readFile(journal.file, 'utf8')).includes('alice@example.com'));
    assert.deepEqual(journal.store.list().map((j) => j.id).sort(), [b.id, c.id].sort());

    assert.equal(await journal.clearHistory((job) => job.id === c.id), 1);
    const text = await readFile(journal.file, 'utf8');
    assert.ok(!text.includes('bob@example.com') && text.includes('carol@example.com'));
    const reloaded = await reopen(journal);
    assert.deepEqual(reloaded.store.list().map((j) => j.id), [c.id]);
  });

  it('removing jobs one after another (as Clear History does) compacts once, afterwards', async () => {
    const journal = await openAt();
    const jobs = [];
    for (let n = 0; n < 6; n++) jobs.push(await journal.store.add(jobSpec([{ spec: clevertap, ids: [`person-${n}@example.com`] }])));
    const before = journal.stats.compactions;
    for (const job of jobs.slice(0, 5)) await journal.store.remove(job.id);
    await journal.flush();
    assert.equal(journal.stats.compactions - before, 1);
    const text = await readFile(journal.file, 'utf8');
    assert.ok(!text.includes('person-0@') && !text.includes('person-4@') && text.includes('person-5@'));
  });

  it('a compaction also applies the retention', async () => {
    const day = 24 * 60 * 60 * 1000;
    let now = Date.UTC(2026, 0, 1);
    const journal = await openAt(folder.dir, { now: () => now, retentionDays: 7 });
    const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: ['ageing-user'] }], now));
    await journal.store.record(job, job.targets[0], [0], result('done', {}, now));
    now += 8 * day;
    await journal.compact();
    assert.equal(journal.store.list().length, 0);
    assert.ok(!(await readFile(journal.file, 'utf8')).includes('ageing-user'));
  });

  it('never writes a secret: the redactor scrubs titles, messages, requests and references', async () => {
    const canary = 'CANARY-sk_live_5f3a9d';
    const redactor = new Redactor();
    redactor.addSecret(canary);
    const journal = await openAt(folder.dir, { redact: (text) => redactor.redactText(text) });
    const spec = jobSpec([{ spec: batchGdpr, ids: idList(3) }]);
    spec.title = `erase with ${canary}`;
    const job = await journal.store.add(spec);
    await journal.store.record(job, job.targets[0], [0], result('failed', { message: `401 for key ${canary}`, request: `POST https://api.batch.com/1.0/${canary}/gdpr/request (1 ID)` }));
    await journal.store.record(job, job.targets[0], [1], result('accepted', { reference: `ref-${encodeURIComponent(canary)}` }));
    await journal.flush();
    let raw = await readFile(journal.file, 'utf8');
    assert.ok(!raw.includes(canary) && !raw.includes(encodeURIComponent(canary)), 'appended records are clean');
    assert.ok(raw.includes('***'));
    await journal.compact();
    raw = await readFile(journal.file, 'utf8');
    assert.ok(!raw.includes(canary), 'the snapshot is clean too');
  });

  describe('two windows', () => {
    it('a second opener is read-only, follows the writer, and takes over when it closes', async () => {
      const storeA = new JobStore();
      const a = await openAt(folder.dir, { store: storeA });
      const b = await openAt(folder.dir);
      assert.equal(a.mode, 'writer');
      assert.equal(b.mode, 'reader');
      assert.match(b.readOnlyReason() ?? '', new RegExp(`process ${process.pid}`));
      assert.equal(b.store.readOnlyReason(), b.readOnlyReason());
      await assert.rejects(b.store.add(jobSpec([{ spec: clevertap, ids: ['x'] }])), ReadOnlyJournalError);

      const job = await storeA.add(jobSpec([{ spec: clevertap, ids: idList(10) }]));
      await storeA.record(job, job.targets[0], range(0, 5), result('sending'));
      const changes: string[] = [];
      b.store.onDidChange((change) => changes.push(change.kind));
      await b.refresh();
      assert.deepEqual(counts(b.store.require(job.id)), { sending: 5, planned: 5 }, 'a reader shows sending as is: the writer is sending');
      await storeA.record(job, job.targets[0], range(0, 5), result('accepted'));
      await b.refresh();
      assert.deepEqual(counts(b.store.require(job.id)), { accepted: 5, planned: 5 });
      assert.deepEqual(changes, ['added', 'updated', 'updated']);

      await a.compact();
      await b.refresh();
      assert.deepEqual(counts(b.store.require(job.id)), { accepted: 5, planned: 5 }, 'reloaded after the rename');

      const modes: string[] = [];
      b.onDidChangeMode((mode) => modes.push(mode));
      await a.close();
      await b.refresh();
      assert.equal(b.mode, 'writer');
      assert.deepEqual(modes, ['writer']);
      assert.equal(b.readOnlyReason(), undefined);
      await b.store.add(jobSpec([{ spec: clevertap, ids: ['after-takeover'] }]));
    });

    it('a stale lock is taken over: dead process on this host, or no heartbeat for too long', async () => {
      const file = await resolveJournalFile(folder.dir);
      const exited = spawnSync(process.execPath, ['-e', '0']);
      assert.equal(exited.status, 0);
      const deadPid = exited.pid!;
      await writeFile(`${file}.lock`, JSON.stringify({ pid: deadPid, host: os.hostname(), token: 'dead', acquiredAt: 1 }));
      const first = await openAt(folder.dir);
      assert.equal(first.mode, 'writer', 'lock of a dead process taken over');
      await first.close();

      await writeFile(`${file}.lock`, JSON.stringify({ pid: 12345, host: 'another-machine', token: 'old', acquiredAt: 1 }));
      const fresh = await openAt(folder.dir, { lock: { staleMs: 30_000 } });
      assert.equal(fresh.mode, 'reader', 'a fresh lock of another host is respected');
      await fresh.close();
      const old = new Date(Date.now() - 60_000);
      await utimes(`${file}.lock`, old, old);
      const second = await openAt(folder.dir, { lock: { staleMs: 30_000 } });
      assert.equal(second.mode, 'writer', 'lock without heartbeat for 60 s taken over');
    });

    it('a writer whose lock was taken over steps down instead of writing', async () => {
      const a = await openAt(folder.dir);
      const job = await a.store.add(jobSpec([{ spec: clevertap, ids: idList(3) }]));
      await writeFile(a.lock.path, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'someone-else', acquiredAt: 1 }));
      assert.equal(await a.lock.confirm(), false);
      await assert.rejects(a.store.record(job, job.targets[0], [0], result('sending')), ReadOnlyJournalError);
      await a.flush();
      const deadline = Date.now() + 2000;
      while (a.mode !== 'reader' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(a.mode, 'reader');
    });
  });

  it('a journal written by a newer format version opens read-only (never rewritten by older code)', async () => {
    const file = await resolveJournalFile(folder.dir);
    await writeFile(file, '{"t":"h","format":"user-erasure-journal","v":99,"at":1}\n{"t":"future-record"}\n');
    const journal = await openAt();
    assert.equal(journal.mode, 'reader');
    assert.match(journal.readOnlyReason() ?? '', /newer version/);
    await journal.refresh();
    assert.equal(journal.mode, 'reader', 'does not take the (free) lock over either');
    assert.equal(await readFile(file, 'utf8'), '{"t":"h","format":"user-erasure-journal","v":99,"at":1}\n{"t":"future-record"}\n');
  });

  it('openJournal returns the loaded jobs and the report', async () => {
    const first = await openAt();
    await first.store.add(jobSpec([{ spec: clevertap, ids: idList(4) }]));
    await first.close();
    const store = new JobStore();
    const { journal, jobs, report } = await openJournal(folder.dir, { store, followMs: 0 });
    folder.keep(journal);
    assert.equal(journal.store, store);
    assert.equal(jobs.length, 1);
    assert.equal(report.ids, 4);
    assert.equal(report.mode, 'writer');
  });
});
