// Group commit: the intent of a call ("sending") is on disk before its request leaves, while one
// fsync covers the intents (and answers) that arrived while the previous one ran, so durability
// does not serialise sending. The disk is slowed down and watched through the journal's sync hook.
import assert from 'node:assert/strict';
import { copyFile, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { JobStore } from '../../../src/core/jobStore';
import { Journal } from '../../../src/core/journal';
import { sleep } from '../../../src/core/limits';
import type { DeleteClient } from '../../../src/vendors/vendor';
import { seedUsers, startFakeVendors, type FakeVendors } from '../../fakes';
import { engineOnFakes, SCENARIO_TARGETS } from '../faults/engineOnFakes';
import { idList, jobSpec, result, targetSpec, journalFolderPerTest } from './journalFixtures';

/** A disk whose fsync takes a while, and what it has made durable so far. */
class SlowDisk {
  syncs = 0;
  /** Bytes of the journal known to be on disk (complete lines: a group commit ends with one). */
  durableBytes = 0;
  private hold: Promise<void> | undefined;
  private releaseHold: (() => void) | undefined;
  constructor(private readonly delayMs: number) {}

  readonly sync = async (file: FileHandle): Promise<void> => {
    this.syncs++;
    await sleep(this.delayMs);
    await this.hold;
    await file.datasync();
    this.durableBytes = (await file.stat()).size;
  };

  /** The next syncs wait until `release()`. */
  block(): void {
    this.hold = new Promise((resolve) => (this.releaseHold = resolve));
  }

  release(): void {
    this.releaseHold?.();
    this.hold = undefined;
  }
}

describe('journal group commit', () => {
  const folder = journalFolderPerTest();

  it('records that arrive while an fsync runs share the next one, and none resolves before it is on disk', async () => {
    const disk = new SlowDisk(0);
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0, sync: disk.sync }));
    const job = await journal.store.add(jobSpec([{ spec: targetSpec({ vendor: 'clevertap', idType: 'identity' }), ids: idList(6) }]));
    const target = job.targets[0];
    const before = journal.stats;
    const syncsBefore = disk.syncs;

    disk.block();
    const durable: number[] = [];
    const first = journal.store.record(job, target, [0], result('sending')).then(() => durable.push(0));
    while (disk.syncs === syncsBefore) await new Promise((resolve) => setImmediate(resolve)); // its fsync has started (held)
    const syncsWhileHeld = disk.syncs - syncsBefore;
    // Five more records, each in its own event-loop turn, while the first fsync is held.
    const later: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) {
      later.push(journal.store.record(job, target, [i], result('sending')).then(() => durable.push(i)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(durable, [], 'nothing resolves while its fsync is held');
    disk.release();
    await Promise.all([first, ...later]);

    assert.deepEqual(durable, [0, 1, 2, 3, 4, 5]);
    assert.equal(syncsWhileHeld, 1, 'the first fsync had started');
    assert.equal(journal.stats.records - before.records, 6);
    assert.equal(journal.stats.commits - before.commits, 2, 'the five records that waited share one fsync');
    assert.equal(disk.syncs - syncsBefore, 2);
  });

  describe('an engine run against the fakes with a slow disk', () => {
    let fakes: FakeVendors;
    before(async () => {
      fakes = await startFakeVendors({ latencyMs: 5 });
    });
    after(async () => {
      await fakes.close();
    });

    for (const name of ['clevertap', 'batch-gdpr'] as const) {
      it(`${name}: no request leaves before the intent for its IDs is on disk, and fsyncs cover several intents`, async () => {
        const disk = new SlowDisk(15);
        const store = new JobStore();
        const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0, sync: disk.sync, store }));
        const { engine, choice } = engineOnFakes({ urls: fakes.urls, store, settings: { clevertapChunkSize: 10, batchGdprConcurrency: 4 } });

        // Every call, just before its request leaves: the IDs it carries must be past "planned" in
        // the part of the journal already on disk (a copy of that prefix, loaded as a reload would).
        const early: string[] = [];
        const checked = { calls: 0 };
        const realClient = engine.deleteClient.bind(engine);
        engine.deleteClient = async (spec) => {
          const client = await realClient(spec);
          const watched: DeleteClient = Object.create(client) as DeleteClient;
          watched.deleteIds = async (ids, signal) => {
            checked.calls++;
            const onDisk = await durablePrefix(journal.file, disk.durableBytes, folder.dir, checked.calls);
            const target = onDisk.jobs[0]?.targets[0];
            for (const id of ids) {
              const at = target?.ids.indexOf(id) ?? -1;
              if (at < 0 || target!.outcomeAt(at) === 'planned') early.push(id);
            }
            return client.deleteIds(ids, signal);
          };
          return watched;
        };

        const users = seedUsers(name === 'clevertap' ? 200 : 40);
        const plan = await engine.plan({ ids: users, choices: [choice(SCENARIO_TARGETS[name])], source: 'cli' });
        const handle = await engine.start(plan);
        await handle.done;
        await journal.flush();

        assert.equal(handle.job.counts().accepted, users.length);
        assert.equal(checked.calls, name === 'clevertap' ? 20 : 40);
        assert.deepEqual(early, [], 'requests left before their intent was durable');
        // Two records per call (intent, answer) plus the job: far fewer fsyncs than records.
        const stats = journal.stats;
        assert.ok(stats.commits < stats.records / 2, `${stats.commits} fsyncs for ${stats.records} records`);
      });
    }
  });
});

/** The journal as far as it is on disk, loaded the way a reload after a crash would load it. */
async function durablePrefix(file: string, bytes: number, dir: string, n: number) {
  const copy = path.join(dir, `durable-${n}.jsonl`);
  await copyFile(file, copy);
  await truncate(copy, bytes);
  return Journal.examine(copy);
}
