// A journal that does not load cleanly is evidence: opened read-only, never rewritten (no append,
// truncation, compaction or retention purge), and repaired only by repairJournal, which keeps the
// original. Also: not-a-journal files, symbolic links, planted temp names, file modes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, lstat, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Journal, repairJournal, resolveJournalFile } from '../../../src/core/journal';
import { encodeJob } from '../../../src/core/journal/format';
import { counts, idList, jobSpec, journalFolderPerTest, range, result, targetSpec } from './journalFixtures';

const clevertap = targetSpec({ vendor: 'clevertap', idType: 'identity' });

interface Fingerprint {
  sha256: string;
  mtimeMs: number;
  size: number;
}

async function fingerprint(file: string): Promise<Fingerprint> {
  const [data, info] = await Promise.all([readFile(file), stat(file)]);
  return { sha256: createHash('sha256').update(data).digest('hex'), mtimeMs: info.mtimeMs, size: info.size };
}

describe('journal: damage, foreign files, links and repair', () => {
  const folder = journalFolderPerTest();

  async function openAt(location = folder.dir, options: Parameters<typeof Journal.open>[1] = {}): Promise<Journal> {
    return folder.keep(await Journal.open(location, { followMs: 0, ...options }));
  }

  /** A closed journal of two jobs (one ID per line, sending then accepted); returns its file and lines. */
  async function writtenJournal(): Promise<{ file: string; lines: string[]; jobs: string[] }> {
    const journal = await openAt();
    const jobs: string[] = [];
    for (let n = 0; n < 2; n++) {
      const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(4, `j${n}-`) }], Date.UTC(2026, 0, 1)));
      jobs.push(job.id);
      for (let i = 0; i < 4; i++) {
        await journal.store.record(job, job.targets[0], [i], result('sending', {}, Date.UTC(2026, 0, 1, 1)));
        await journal.store.record(job, job.targets[0], [i], result('accepted', { httpStatus: 200 }, Date.UTC(2026, 0, 1, 1)));
      }
    }
    await journal.close();
    const text = await readFile(journal.file, 'utf8');
    return { file: journal.file, lines: text.split('\n').slice(0, -1), jobs };
  }

  it('one damaged byte: read-only with the line named; retention, clear and compaction never touch the file', async () => {
    const { file, lines, jobs } = await writtenJournal();
    // Line 5 is a state line of the first job: one byte becomes a character JSON cannot read.
    const damaged = [...lines];
    damaged[4] = damaged[4].replace('"o":', '"o"!');
    await writeFile(file, damaged.join('\n') + '\n');
    const before = await fingerprint(file);

    // Retention of 1 day: both jobs are months old; a writer would drop and compact them.
    const journal = await openAt(folder.dir, { retentionDays: 1, now: () => Date.UTC(2026, 5, 1), compactMinBytes: 1 });
    assert.equal(journal.mode, 'reader');
    assert.equal(journal.damage?.kind, 'damaged');
    assert.deepEqual(journal.damage?.lines, [5]);
    assert.match(journal.readOnlyReason() ?? '', /damaged: line 5 cannot be read; it is open read-only/);
    await assert.rejects(journal.clearHistory(), /damaged/);
    await assert.rejects(journal.compact(), /damaged/);
    assert.equal(await journal.setRetentionDays(1), 0);
    await journal.refresh();
    await journal.close();
    assert.deepEqual(await fingerprint(file), before);

    // Without retention, every readable record is shown.
    const again = await openAt();
    assert.deepEqual(counts(again.store.require(jobs[1])), { accepted: 4 });
    assert.deepEqual(counts(again.store.require(jobs[0])), { accepted: 4 }, 'the damaged "sending" line is covered by its answer');
  });

  it('a job line whose two targets share a key (a plan never makes one) is refused: their states would land on each other', async () => {
    const journal = await openAt();
    const other = { ...clevertap, accountLabel: 'Other' };
    await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(2, 'a-') }, { spec: other, ids: idList(2, 'b-') }]));
    await journal.close();
    const reopened = await openAt();
    assert.ok(reopened.damage, 'loaded as if sound');
    assert.equal(reopened.mode, 'reader');
    assert.match(reopened.damage.problems.join('\n'), /two targets with one key/);
  });

  it('a state line damaged into a removal ("s" → "r") is refused, not a silent removal compacted away', async () => {
    const { file, lines, jobs } = await writtenJournal();
    // A journal as an older version wrote it (no checksums, which would give the change away by themselves).
    const damaged = lines.map((line) => line.replace(/"c":"[0-9a-f]{8}",/, ''));
    damaged[4] = damaged[4].replace('"t":"s"', '"t":"r"');
    await writeFile(file, damaged.join('\n') + '\n');
    const before = await fingerprint(file);
    const journal = await openAt();
    assert.equal(journal.mode, 'reader');
    assert.match(journal.damage?.problems[0] ?? '', /^line 5: not a removal record/);
    assert.ok(journal.store.get(jobs[0]), 'the job is still shown');
    await journal.close();
    assert.deepEqual(await fingerprint(file), before);
  });

  for (const [name, content] of [
    ['a CSV of IDs', 'user_id,email\nuser-1,a@example.com\n'],
    ['notes', 'Erasure requests for March:\n- user-1\n'],
    ['JSON lines of other objects', '{"id":"user-1"}\n{"id":"user-2"}\n'],
    ['an empty file', ''],
  ] as const) {
    it(`${name} is not a journal: opened read-only, left untouched (no lock file left either)`, async () => {
      const file = path.join(folder.dir, 'ids.txt');
      await writeFile(file, content);
      const before = await fingerprint(file);
      const journal = await openAt(file);
      assert.equal(journal.mode, 'reader');
      assert.equal(journal.damage?.kind, 'not-a-journal');
      assert.match(journal.readOnlyReason() ?? '', /is not a User Erasure journal/);
      await assert.rejects(journal.store.add(jobSpec([{ spec: clevertap, ids: ['x'] }])));
      await journal.close();
      assert.deepEqual(await fingerprint(file), before);
      assert.deepEqual(await readdir(folder.dir), ['ids.txt']);
      await assert.rejects(repairJournal(file), /not a User Erasure journal/);
      assert.deepEqual(await fingerprint(file), before);
    });
  }

  it('a new journal is created with its header, readable by the user only; an existing one is brought to 0600', async () => {
    const journal = await openAt(path.join(folder.dir, 'new.jsonl'));
    assert.match(await readFile(journal.file, 'utf8'), /^\{"t":"h","c":"[0-9a-f]{8}","format":"user-erasure-journal","v":1,"at":\d+\}\n$/);
    if (process.platform !== 'win32') assert.equal((await stat(journal.file)).mode & 0o777, 0o600);
    await journal.close();
    if (process.platform === 'win32') return;
    await chmod(journal.file, 0o644);
    await (await openAt(journal.file)).close();
    assert.equal((await stat(journal.file)).mode & 0o777, 0o600);
  });

  it('through a symbolic link: one lock for both paths, and compaction keeps the link a link', async function () {
    if (process.platform === 'win32') this.skip();
    const real = path.join(folder.dir, 'real.jsonl');
    const link = path.join(folder.dir, 'link.jsonl');
    const writer = await openAt(real);
    await writer.store.add(jobSpec([{ spec: clevertap, ids: idList(3) }]));
    await symlink(real, link);
    const viaLink = await openAt(link);
    assert.equal(viaLink.file, real);
    assert.equal(viaLink.mode, 'reader', 'the writer through the real path holds the same lock');
    await viaLink.close();
    await writer.close();

    const owner = await openAt(link);
    assert.equal(owner.mode, 'writer');
    await owner.compact();
    await owner.close();
    assert.ok((await lstat(link)).isSymbolicLink(), 'still a link');
    assert.equal((await readFile(link, 'utf8')).split('\n').length, 3, 'header, one snapshot, end');
  });

  it('compaction never writes through a planted symbolic link at its temp name', async function () {
    if (process.platform === 'win32') this.skip();
    const journal = await openAt();
    await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(3) }]));
    const victim = path.join(folder.dir, 'victim.txt');
    await writeFile(victim, 'keep me\n');
    await symlink(victim, `${journal.file}.tmp-${process.pid}`);
    await journal.compact();
    assert.equal(await readFile(victim, 'utf8'), 'keep me\n');
    assert.match(await readFile(journal.file, 'utf8'), /"t":"S"/);
  });

  it('repair keeps every readable line byte for byte, keeps the original as FILE.damaged-<time>, and the result loads as a writer', async () => {
    const { file, lines, jobs } = await writtenJournal();
    const damaged = [...lines];
    damaged[6] = damaged[6].slice(0, 20) + '\u0001' + damaged[6].slice(21);
    await writeFile(file, damaged.join('\n') + '\n' + lines[3].slice(0, 25));
    const before = await fingerprint(file);

    const repaired = await repairJournal(file, { now: () => Date.UTC(2026, 11, 6, 11, 22, 33) });
    assert.ok(repaired.repaired);
    assert.equal(repaired.damagedCopy, `${file}.damaged-20261206T112233Z`);
    assert.deepEqual(repaired.droppedLines, [7, 20]);
    assert.deepEqual(await fingerprint(repaired.damagedCopy), before, 'the original, unchanged (bytes and time)');
    const kept = damaged.filter((_, i) => i !== 6);
    assert.equal(await readFile(file, 'utf8'), kept.join('\n') + '\n');

    const journal = await openAt(file);
    assert.equal(journal.mode, 'writer');
    assert.deepEqual(journal.lastLoad.problems, []);
    assert.deepEqual(counts(journal.store.require(jobs[0])), { accepted: 4 });
    await journal.close();
    assert.deepEqual(await repairJournal(file), { repaired: false, file });
  });

  it('repair writes a fresh header when the old one is damaged, and refuses while the journal is in use', async () => {
    const { file, lines } = await writtenJournal();
    await writeFile(file, ['{"t":"h","format":"user-erasure-journ', ...lines.slice(1)].join('\n') + '\n');

    const result = await repairJournal(file);
    assert.ok(result.repaired);
    assert.deepEqual(result.droppedLines, [1]);
    const text = await readFile(file, 'utf8');
    assert.match(text.split('\n')[0], /^\{"t":"h","c":"[0-9a-f]{8}","format":"user-erasure-journal"/);
    assert.equal(text.split('\n').length, lines.length + 1);

    const writer = await openAt(file);
    await assert.rejects(repairJournal(file), /is in use by process \d+/);
    await writer.close();
  });

  it('a window that found the history damaged takes over as writer once it is repaired', async () => {
    const { file, lines } = await writtenJournal();
    await writeFile(file, lines.join('\n') + '\n{"t":"s"');
    const journal = await openAt(file);
    assert.equal(journal.mode, 'reader');
    await journal.refresh();
    assert.equal(journal.mode, 'reader', 'nothing changed: still read-only');
    await repairJournal(await resolveJournalFile(file));
    await journal.refresh();
    assert.equal(journal.mode, 'writer');
    assert.equal(journal.damage, undefined);
    assert.equal(journal.readOnlyReason(), undefined);
  });
});

describe('journal repair: IDs a left-out line may have recorded as sent', () => {
  const folder = journalFolderPerTest();

  it('are recorded "unknown" (may have been sent), so resume never sends them twice; other jobs are left as they were', async () => {
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    const inFlight = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(6) }]));
    const other = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(2, 'o-') }]));
    await journal.store.record(inFlight, inFlight.targets[0], [0, 1], result('sending'));
    await journal.store.record(inFlight, inFlight.targets[0], [0, 1], result('accepted'));
    await journal.store.record(inFlight, inFlight.targets[0], [2, 3], result('sending'));
    await journal.close();
    const text = await readFile(journal.file, 'utf8');
    // The "sending" line of IDs 2–3 (their only record) is damaged: without it they look never sent.
    const lines = text.split('\n');
    const sendingLine = lines.findIndex((l) => l.includes('"i":[[2,3]]'));
    lines[sendingLine] = lines[sendingLine].replace('"o":"sending"', '"o":"sending');
    await writeFile(journal.file, lines.join('\n'));

    const repaired = await repairJournal(journal.file);
    assert.ok(repaired.repaired);
    assert.equal(repaired.markedUnknown, 4, 'IDs 2–5 of the job the line names');
    const reopened = folder.keep(await Journal.open(journal.file, { followMs: 0 }));
    assert.equal(reopened.mode, 'writer');
    const job = reopened.store.require(inFlight.id);
    assert.deepEqual(counts(job), { accepted: 2, unknown: 4 });
    assert.match(job.targets[0].resultAt(2)?.message ?? '', /damaged journal line left out by repair: this ID may have been sent/);
    assert.deepEqual(counts(reopened.store.require(other.id)), { planned: 2 }, 'a job the line does not name keeps its never-sent IDs');
  });

  it('a file cut short inside a line: every job counts as concerned, since the lines after the cut (of any job) are gone', async () => {
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    const killed = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(4, 'k-') }])); // killed before sending
    const done = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(2, 'd-') }]));
    await journal.store.record(done, done.targets[0], [0, 1], result('accepted'));
    const cutHere = (await readFile(journal.file, 'utf8')).length - 20; // inside the last line of the second job
    // Later: the first job resumed, its IDs 0–1 sent and answered (lines after the cut).
    await journal.store.record(killed, killed.targets[0], [0, 1], result('sending'));
    await journal.store.record(killed, killed.targets[0], [0, 1], result('accepted'));
    await journal.close();
    await writeFile(journal.file, (await readFile(journal.file, 'utf8')).slice(0, cutHere));

    await repairJournal(journal.file);
    const reopened = folder.keep(await Journal.open(journal.file, { followMs: 0 }));
    // Planned again, IDs 0–1 would be sent a second time by resume.
    assert.deepEqual(counts(reopened.store.require(killed.id)), { unknown: 4 });
  });
});

describe('journal checksums', () => {
  const folder = journalFolderPerTest();

  it('every line carries a checksum; a changed byte that still reads as valid JSON is found, and the line named', async () => {
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(300) }]));
    await journal.store.record(job, job.targets[0], range(0, 100), result('sending'));
    await journal.store.record(job, job.targets[0], range(0, 100), result('accepted'));
    await journal.close();
    const lines = (await readFile(journal.file, 'utf8')).split('\n').slice(0, -1);
    for (const line of lines) assert.match(line, /^\{"t":"[hjs]","c":"[0-9a-f]{8}",/);

    for (const [lineNo, from, to] of [
      [2, '"user-150"', '"user-151"'], // an ID of the job: resume would send another user's ID
      [4, '"i":[[0,99]]', '"i":[[0,299]]'], // "accepted" for IDs never sent
    ] as const) {
      const damaged = [...lines];
      damaged[lineNo - 1] = damaged[lineNo - 1].replace(from, to);
      assert.notEqual(damaged[lineNo - 1], lines[lineNo - 1]);
      JSON.parse(damaged[lineNo - 1]);
      await writeFile(journal.file, damaged.join('\n') + '\n');
      const opened = folder.keep(await Journal.open(journal.file, { followMs: 0 }));
      assert.equal(opened.mode, 'reader');
      assert.deepEqual(opened.damage?.lines.slice(0, 1), [lineNo]);
      assert.match(opened.damage?.problems[0] ?? '', new RegExp(`^line ${lineNo}: checksum mismatch`));
      await opened.close();
    }
  });

  it('a line without a checksum after lines with one is damage: a forged "accepted" or removal never loads', async () => {
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(4) }], Date.UTC(2026, 0, 1)));
    await journal.close();
    const clean = await readFile(journal.file, 'utf8');
    for (const forged of [
      { t: 's', j: job.id, x: 0, i: [[0, 1]], r: { o: 'accepted', at: 2, h: 200 } }, // resume would skip IDs never sent
      { t: 'r', j: job.id, at: 2 }, // the job would vanish at the next compaction
    ]) {
      await writeFile(journal.file, clean + JSON.stringify(forged) + '\n');
      const before = await fingerprint(journal.file);
      const opened = folder.keep(await Journal.open(journal.file, { followMs: 0 }));
      assert.equal(opened.mode, 'reader');
      assert.deepEqual(opened.damage?.lines, [3]);
      assert.match(opened.damage?.problems[0] ?? '', /^line 3: no checksum/);
      assert.deepEqual(counts(opened.store.require(job.id)), { planned: 4 });
      await opened.close();
      assert.deepEqual(await fingerprint(journal.file), before);
    }
    // Repair leaves the forged line out and, as for any lost line, never lets resume send that job's IDs blindly.
    const repaired = await repairJournal(journal.file);
    assert.equal(repaired.repaired, true);
    const after = folder.keep(await Journal.open(journal.file, { followMs: 0 }));
    assert.deepEqual(counts(after.store.require(job.id)), { unknown: 4 });
  });

  it('lines without a checksum (written by an older version) still load', async () => {
    const file = path.join(folder.dir, 'old.jsonl');
    const spec = jobSpec([{ spec: clevertap, ids: idList(2) }]);
    await writeFile(
      file,
      [
        '{"t":"h","format":"user-erasure-journal","v":1,"at":1}',
        JSON.stringify({ t: 'j', job: encodeJob(spec) }),
        JSON.stringify({ t: 's', j: spec.id, x: 0, i: [0], r: { o: 'accepted', at: 2 } }),
      ].join('\n') + '\n',
    );
    const journal = folder.keep(await Journal.open(file, { followMs: 0 }));
    assert.equal(journal.mode, 'writer');
    assert.deepEqual(counts(journal.store.require(spec.id)), { accepted: 1, planned: 1 });
  });
});
