// A job's line is built in pieces (its ID lists apart) so a 1,000,000-ID job is never one string:
// the bytes must be exactly those of the line as one string, checksum included, and must load back.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { JobStore } from '../../../src/core/jobStore';
import { Journal } from '../../../src/core/journal';
import { withChecksum } from '../../../src/core/journal/checksum';
import { encodeJob, encodeSnapshot, type JournalRecord } from '../../../src/core/journal/format';
import { jobLineBytes } from '../../../src/core/journal/jobLine';
import { JobState, type PlannedId } from '../../../src/core/job';
import { counts, jobSpec, journalFolderPerTest, result, targetSpec } from './journalFixtures';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Characters that JSON escapes, that are two bytes in UTF-8 or two-byte in V8, and lone surrogates. */
const ALPHABET = ['a', 'Z', '7', '-', '"', '\\', '\n', '\u0000', '\u001f', 'é', '→', '😀', '\ud800', '\udfff', '"ids":', '}', ','];

function text(random: () => number, max: number): string {
  let out = '';
  const n = Math.floor(random() * max);
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return out;
}

const asOneString = (record: Extract<JournalRecord, { t: 'j' | 'S' }>) => Buffer.from(withChecksum(JSON.stringify(record)) + '\n', 'utf8');

describe('journal: a job line written in pieces', () => {
  const folder = journalFolderPerTest();

  it('is byte for byte the line written as one string, for jobs of any content', () => {
    const random = seeded(14);
    for (let round = 0; round < 300; round++) {
      const targets = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => {
        const ids: PlannedId[] = Array.from({ length: Math.floor(random() * 6) }, () => {
          const p: PlannedId = { id: text(random, 6) || 'x' };
          if (random() < 0.2) p.origin = text(random, 4);
          if (random() < 0.2) p.preset = { outcome: 'skipped', message: text(random, 8) };
          return p;
        });
        return { spec: targetSpec({ vendor: 'cooladata' }, `acc-${k}${text(random, 3)}`), ids };
      });
      const spec = jobSpec(targets);
      spec.title = text(random, 12);
      if (random() < 0.5) spec.ticket = text(random, 8);
      const record = { t: 'j', job: encodeJob(spec) } as const;
      assert.deepEqual(jobLineBytes(record), asOneString(record), `round ${round}`);
      // The snapshot line compaction writes holds the same job, and its targets' results.
      const state = new JobState(spec);
      for (const target of state.targets) if (target.size > 0) target.set([0], { outcome: 'failed', message: text(random, 8) || 'x', at: 1 });
      const snapshot = encodeSnapshot(state);
      assert.deepEqual(jobLineBytes(snapshot), asOneString(snapshot), `snapshot, round ${round}`);
    }
  });

  it('is the same line when a title, ticket or account holds the very marker the ID lists are split at', () => {
    // The marker is random per line; fixed here so the job can hold it as a whole string value,
    // which JSON writes quoted exactly like the marker itself.
    const crypto = require('node:crypto') as { randomUUID: () => string };
    const original = crypto.randomUUID;
    const fixed = '0f0f0f0f-1111-4222-8333-444444444444';
    crypto.randomUUID = () => fixed;
    try {
      for (const [field, value] of [['title', `${fixed}:0`], ['ticket', `${fixed}:1`], ['account', `${fixed}:1`], ['title', `"${fixed}:0"`]] as const) {
        const spec = jobSpec([
          { spec: targetSpec({ vendor: 'cooladata' }, 'acc-1', field === 'account' ? value : 'Prod'), ids: ['a', `${fixed}:0`] },
          { spec: targetSpec({ vendor: 'cooladata' }, 'acc-2'), ids: [`${fixed}:1`, 'b'] },
        ]);
        if (field === 'title') spec.title = value;
        if (field === 'ticket') spec.ticket = value;
        const record = { t: 'j', job: encodeJob(spec) } as const;
        assert.deepEqual(jobLineBytes(record), asOneString(record), `${field} ${value}`);
      }
    } finally {
      crypto.randomUUID = original;
    }
  });

  it('writes a job whose title holds "→" and 100,000 IDs so that it loads back whole', async function () {
    this.timeout(20_000);
    const ids = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
    const spec = jobSpec([{ spec: targetSpec({ vendor: 'cooladata' }), ids }]);
    spec.title = 'Delete 100,000 IDs → Cooladata';
    const journal = folder.keep(await Journal.open(folder.dir, { store: new JobStore(), followMs: 0 }));
    await journal.store.add(spec);
    await journal.flush();
    const file = (await readFile(journal.file)).toString('utf8');
    assert.ok(file.includes(withChecksum(JSON.stringify({ t: 'j', job: encodeJob(spec) })) + '\n'));
    await journal.close();

    const reopened = folder.keep(await Journal.open(folder.dir, { store: new JobStore(), followMs: 0 }));
    const job = reopened.store.get(spec.id);
    assert.equal(job?.spec.title, spec.title);
    assert.deepEqual(job?.spec.targets[0].ids.map((p) => p.id), ids);
  });

  it('keeps the order of a commit that mixes job lines and other records, and loads it whole', async () => {
    const journal = folder.keep(await Journal.open(folder.dir, { store: new JobStore(), followMs: 0 }));
    const first = await journal.store.add(jobSpec([{ spec: targetSpec({ vendor: 'cooladata' }), ids: ['a', 'b'] }]));
    // In one event-loop turn: a state record, a second job (bytes), and a later state of the same ID.
    const writes: Promise<unknown>[] = [journal.store.record(first, first.targets[0], [0], result('failed'))];
    const second = jobSpec([{ spec: targetSpec({ vendor: 'cooladata' }), ids: ['c → d', 'e'] }]);
    second.title = 'Delete 2 IDs → Cooladata';
    const added = journal.store.add(second);
    writes.push(journal.store.record(first, first.targets[0], [0], result('accepted', {}, Date.UTC(2026, 0, 10, 13))));
    writes.push(added.then((job) => journal.store.record(job, job.targets[0], [1], result('failed'))));
    await Promise.all(writes);
    await journal.close();

    const reopened = folder.keep(await Journal.open(folder.dir, { store: new JobStore(), followMs: 0 }));
    assert.deepEqual(reopened.lastLoad.problems, []);
    assert.deepEqual(counts(reopened.store.require(first.id)), { accepted: 1, planned: 1 });
    const again = reopened.store.require(second.id);
    assert.equal(again.spec.title, second.title);
    assert.deepEqual(again.spec.targets[0].ids.map((p) => p.id), ['c → d', 'e']);
    assert.deepEqual(counts(again), { failed: 1, planned: 1 });
  });
});
