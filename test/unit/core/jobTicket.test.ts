// The ticket reference of a job: kept through the journal (appended and compacted), absent in
// journals written before tickets existed, redacted like every free-text field, and checked.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { normalizeTicket, ticketProblem } from '../../../src/core/job';
import { Journal } from '../../../src/core/journal';
import { decodeJob, encodeJob } from '../../../src/core/journal/format';
import { jobSpec, journalFolderPerTest, targetSpec } from './journalFixtures';

const clevertap = targetSpec({ vendor: 'clevertap', idType: 'identity' });

describe('job ticket', () => {
  const folder = journalFolderPerTest();

  it('survives the journal: appended, reloaded and compacted', async () => {
    const first = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    await first.store.add({ ...jobSpec([{ spec: clevertap, ids: ['u1'] }], Date.UTC(2026, 0, 10), 'job-ticketed'), ticket: 'ZD-4711' });
    await first.store.add(jobSpec([{ spec: clevertap, ids: ['u2'] }], Date.UTC(2026, 0, 11), 'job-plain'));
    await first.close();
    const second = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    assert.equal(second.store.get('job-ticketed')?.spec.ticket, 'ZD-4711');
    assert.equal(second.store.get('job-plain')?.spec.ticket, undefined);
    await second.compact();
    await second.close();
    const third = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    assert.equal(third.store.get('job-ticketed')?.spec.ticket, 'ZD-4711');
    assert.deepEqual(third.lastLoad.problems, []);
  });

  it('a job record written before tickets existed still loads (no ticket)', async () => {
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    await journal.store.add(jobSpec([{ spec: clevertap, ids: ['u1'] }], Date.UTC(2026, 0, 10), 'job-old'));
    await journal.close();
    const text = await readFile(journal.file, 'utf8');
    assert.ok(!text.includes('"ticket"'), 'a job without a ticket writes no ticket field');
    const old = { t: 'j', job: { id: 'job-older', createdAt: Date.UTC(2026, 0, 9), source: 'cli', title: 'old', targets: [{ spec: clevertap, ids: ['x'] }] } };
    // As the older version wrote it: no tickets and no checksums (a line without one after checksummed lines is damage).
    await writeFile(journal.file, `${text.replace(/"c":"[0-9a-f]{8}",/g, '')}${JSON.stringify(old)}\n`);
    const again = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    assert.equal(again.store.get('job-older')?.spec.title, 'old');
    assert.equal(again.store.get('job-older')?.spec.ticket, undefined);
  });

  it('is redacted when written, and a ticket that is not text is refused', () => {
    const encoded = encodeJob({ ...jobSpec([{ spec: clevertap, ids: ['u1'] }]), ticket: 'ZD-1 sk-SECRET' }, (t) => t.replace('sk-SECRET', '***'));
    assert.equal(encoded.ticket, 'ZD-1 ***');
    assert.equal(decodeJob(encoded).ticket, 'ZD-1 ***');
    assert.throws(() => decodeJob({ ...encoded, ticket: 42 }), /ticket/);
  });

  it('is trimmed; empty means none; control characters and over-long ones are refused', () => {
    assert.equal(normalizeTicket('  JIRA-123 '), 'JIRA-123');
    assert.equal(normalizeTicket('   '), undefined);
    assert.equal(normalizeTicket(undefined), undefined);
    assert.match(ticketProblem('ZD-1\nuser-2') ?? '', /control characters/);
    assert.match(ticketProblem('x'.repeat(201)) ?? '', /at most 200/);
    assert.throws(() => normalizeTicket('a\tb'));
  });

  it('refuses what would make the shown ticket differ from the stored one: C1 controls, line separators, invisible and bidi characters', () => {
    for (const odd of ['ZD-\u0085 4711', 'ZD-4711\u2028user-2', 'ZD-\u200b4711', 'ZD-\u202e1174', 'ZD-\u2066 4711\u2069', 'ZD-\ufeff4711', 'ZD-\u200f4711']) {
      assert.ok(ticketProblem(odd), JSON.stringify(odd));
      assert.throws(() => normalizeTicket(odd), JSON.stringify(odd));
    }
    assert.equal(normalizeTicket('\ufeffZD-4711 '), 'ZD-4711', 'a byte-order mark around it is trimmed like a space');
    // Letters of any script, emoji, punctuation and spaces stay a ticket as typed.
    for (const fine of ['ZD-4711', 'Jira: OPS-12 / 2026', 'Ticket №4711 — café', 'DSR#88 ✅', '\u05d8\u05d9\u05e7\u05d8 12']) assert.equal(ticketProblem(fine), undefined, fine);
  });
});
