// Every line carries a checksum of itself, so a changed byte is damage. A whole line taken out of
// the middle (a careless edit, a merge tool, a line-based "clean-up") leaves lines that each check
// out: the IDs whose "sending" and answer lines went look never sent, and Resume sends them again
// without a word. The journal must notice that a record is missing and open read-only as damaged.
//
// PENDING (audit-crash): fails on main at 83ede6d; the fix is a journal format change (each line
// chained to the one before it: a sequence number or the previous line's checksum folded into its
// own, carried across compaction snapshots), described in the audit report. Remove `.skip` with it.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { Journal } from '../../../src/core/journal';
import { idList, jobSpec, journalFolderPerTest, result, targetSpec } from './journalFixtures';

const clevertap = targetSpec({ vendor: 'clevertap', idType: 'identity' });

describe('journal: a line removed from the middle', () => {
  const folder = journalFolderPerTest();

  it.skip('is damage: read-only, the gap named; the IDs it held are never shown as not sent', async () => {
    const journal = await Journal.open(folder.dir, { followMs: 0 });
    const job = await journal.store.add(jobSpec([{ spec: clevertap, ids: idList(3) }], Date.UTC(2026, 0, 1)));
    for (let i = 0; i < 3; i++) {
      await journal.store.record(job, job.targets[0], [i], result('sending', {}, Date.UTC(2026, 0, 1, 1)));
      await journal.store.record(job, job.targets[0], [i], result('accepted', { httpStatus: 200 }, Date.UTC(2026, 0, 1, 1)));
    }
    await journal.close();
    const lines = (await readFile(journal.file, 'utf8')).split('\n').slice(0, -1);
    // header, job, then sending/accepted per ID: lines 5 and 6 are user-1's.
    assert.match(lines[4], /"o":"sending"/);
    await writeFile(journal.file, [...lines.slice(0, 4), ...lines.slice(6)].join('\n') + '\n');

    const reopened = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    const t = reopened.store.require(job.id).targets[0];
    assert.notEqual(t.outcomeAt(1), 'planned', 'user-1 was sent and accepted; with its lines gone it must not look never sent');
    assert.equal(reopened.damage?.kind, 'damaged', 'the missing lines are reported as damage');
    assert.equal(reopened.mode, 'reader');
  });
});
