// Each commit checks that the path still names the file it appends to and that the lock file still
// carries this writer's token (journalReplaced.test.ts: the file replaced or removed, the lock
// taken over). Those checks must not stop an ordinary run: a journal reached through a symbolic
// link or a relative path, compactions rewriting the file mid-run, the lock's own heartbeat
// touching it, another window following the journal as a reader.
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { Journal } from '../../../src/core/journal';
import { sleep } from '../../../src/core/limits';
import type { CallOutcome, DeleteClient } from '../../../src/vendors/vendor';
import { counts, idList, jobSpec, targetSpec, tempDir } from './journalFixtures';
import { testEngine } from './journalEngine.helpers';

const target = targetSpec({ vendor: 'clevertap', idType: 'identity' });

class AcceptingClient implements DeleteClient {
  readonly limits = { idsPerCall: 5, maxInFlight: 2, pacingKey: 'no-false-stop' };
  calls = 0;
  requestsFor() {
    return [];
  }
  async deleteIds(): Promise<CallOutcome> {
    this.calls++;
    await sleep(1);
    return { kind: 'settled', results: { outcome: 'accepted', httpStatus: 200, message: 'ok' } };
  }
}

async function runThrough(location: string, ids: number, beside: () => Promise<Journal>): Promise<{ journal: Journal; follower: Journal; accepted: number; compactions: number; calls: number; jobId: string }> {
  // Compaction considered after every commit (any file is large enough), the lock touched every few ms.
  const journal = await Journal.open(location, { followMs: 0, compactMinBytes: 1, compactRatio: 1.05, lock: { staleMs: 60_000, heartbeatMs: 3 } });
  assert.equal(journal.mode, 'writer');
  const follower = await beside();
  const client = new AcceptingClient();
  const engine = testEngine({ store: journal.store, deleteClient: client });
  // Jobs removed along the way make each compaction worth running (dead lines).
  const spec = jobSpec([{ spec: target, ids: idList(ids) }]);
  const run = await engine.start({ spec, targets: [] });
  await run.done;
  const job = journal.store.get(spec.id)!;
  return { journal, follower, accepted: counts(job).accepted ?? 0, compactions: journal.stats.compactions, calls: client.calls, jobId: spec.id };
}

describe('journal: the commit checks do not stop an ordinary run', () => {
  it('through a symbolic link and a relative path, with compactions and heartbeats mid-run, and a reader following: every ID accepted, every answer on disk', async () => {
    const { dir, cleanup } = await tempDir('ue-nofalsestop-');
    const cwd = process.cwd();
    try {
      const real = path.join(dir, 'real.jsonl');
      await (await Journal.open(real, { followMs: 0 })).close();
      await symlink(real, path.join(dir, 'link.jsonl'));
      process.chdir(dir);
      const { journal, follower, accepted, compactions, calls, jobId } = await runThrough('link.jsonl', 200, () => Journal.open(real, { followMs: 2 }));
      try {
        assert.equal(follower.mode, 'reader');
        assert.equal(accepted, 200, 'every ID accepted: no commit was refused');
        assert.equal(calls, 40);
        assert.ok(compactions > 0, 'the file was rewritten mid-run');
        await journal.flush();
        const onDisk = await Journal.examine(journal.file);
        const job = onDisk.jobs.find((j) => j.id === jobId)!;
        assert.equal(counts(job).accepted, 200, 'the answers are in the file at the path');
        for (let i = 0; i < 200 && counts(follower.store.get(jobId) ?? job).accepted !== 200; i++) await sleep(5);
        assert.equal(counts(follower.store.get(jobId)!).accepted, 200, 'the reader following the journal sees every answer');
        assert.equal(journal.mode, 'writer', 'the writer never stepped down');
      } finally {
        await follower.close();
        await journal.close();
      }
    } finally {
      process.chdir(cwd);
      await cleanup();
    }
  });

  it("a folder reached through a symbolic link (the extension's global storage under a linked home): every ID accepted", async () => {
    const { dir, cleanup } = await tempDir('ue-nofalsestop-dir-');
    try {
      await mkdir(path.join(dir, 'storage'));
      await symlink(path.join(dir, 'storage'), path.join(dir, 'linked'));
      const { journal, follower, accepted } = await runThrough(path.join(dir, 'linked'), 100, () => Journal.open(path.join(dir, 'storage'), { followMs: 2 }));
      try {
        assert.equal(follower.mode, 'reader', 'one lock for both names');
        assert.equal(accepted, 100);
        assert.equal(journal.mode, 'writer');
      } finally {
        await follower.close();
        await journal.close();
      }
    } finally {
      await cleanup();
    }
  });
});
