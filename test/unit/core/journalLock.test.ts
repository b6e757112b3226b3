// Who may write the journal: of several windows taking over one stale lock only one becomes the
// writer, and a holder that cannot keep its heartbeat steps down before it could be taken over.
// (Two writers at once could compact the journal under each other and drop lines: evidence lost.)
import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JournalLock } from '../../../src/core/journal/lock';

describe('journal lock: who may write', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ue-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('of 12 windows finding the same stale lock, at most one holds it, and the lock file carries its token', async () => {
    for (let round = 0; round < 25; round++) {
      const file = path.join(dir, `journal-${round}.lock`);
      // A lock left by a dead process on another host, its heartbeat long past.
      await writeFile(file, JSON.stringify({ pid: 999_999, host: 'elsewhere', token: 'dead', acquiredAt: 0 }));
      const old = new Date(Date.now() - 3_600_000);
      await utimes(file, old, old);
      const locks = Array.from({ length: 12 }, () => new JournalLock(file, { staleMs: 30_000 }));
      const won = await Promise.all(locks.map((lock) => lock.tryAcquire()));
      // Each winner checks the file, as its first heartbeat would.
      const confirmed = await Promise.all(locks.map((lock, i) => (won[i] ? lock.confirm() : Promise.resolve(false))));
      const holders = confirmed.filter(Boolean).length;
      assert.equal(holders, 1, `round ${round}: ${won.filter(Boolean).length} took the lock, ${holders} still hold it`);
      assert.equal(won.filter(Boolean).length, 1, `round ${round}: ${won.filter(Boolean).length} windows believed they were the writer`);
      await Promise.all(locks.map((lock) => lock.release()));
    }
  });

  it('keeps the lock through a brief failure, then steps down before another window may judge it stale', async () => {
    let failing = false;
    const touch = async (file: string) => {
      if (failing) throw Object.assign(new Error('EIO: i/o error, utime'), { code: 'EIO' });
      const now = new Date();
      await utimes(file, now, now);
    };
    const file = path.join(dir, 'journal.lock');
    const lock = new JournalLock(file, { staleMs: 600, heartbeatMs: 100, touch });
    assert.equal(await lock.tryAcquire(), true);
    failing = true;
    assert.equal(await lock.confirm(), true, 'one failed touch right after a good one keeps the lock');
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.equal(await lock.confirm(), false, 'untouched for over half the stale time: steps down');
    assert.equal(lock.held, false);
    // Another window sees the untouched lock go stale and takes it over: one writer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const other = new JournalLock(file, { staleMs: 600 });
    assert.equal(await other.tryAcquire(), true);
    assert.equal(await lock.ensureHeld(), false);
    await other.release();
  });
});
