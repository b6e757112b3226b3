// Group commit: the intent of a call ("sending") is on disk before its request leaves, while one
// fsync covers the intents (and answers) that arrived while the previous one ran, so durability
// does not serialise sending. The disk is slowed down and watched through the journal's sync hook.
import assert from 'node:assert/strict';
import { constants as fsConstants } from 'node:fs';
import { copyFile, readFile, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { JobStore } from '../../../src/core/jobStore';
import { Journal } from '../../../src/core/journal';
import { sleep } from '../../../src/core/limits';
import type { IdResult, JobState } from '../../../src/core/job';
import type { DeleteClient } from '../../../src/vendors/vendor';
import { seedUsers, startFakeVendors, type FakeVendors } from '../../fakes';
import { seededRandom } from '../../fakes/clock';
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

  it('loses and reorders nothing whatever the mix of intents, answers, new jobs, flushes and compactions', async () => {
    // An intent starts its commit at once, other records wait for the turn: in any interleaving each
    // ID must end (in memory and reloaded) with the result recorded last for it.
    const outcomes: IdResult['outcome'][] = ['sending', 'sending', 'accepted', 'failed', 'unknown'];
    for (let seed = 1; seed <= 25; seed++) {
      const random = seededRandom(seed);
      const sync = async (file: FileHandle) => {
        const wait = random();
        if (wait < 0.3) await new Promise((resolve) => setImmediate(resolve));
        else if (wait < 0.5) await sleep(1);
        await file.datasync();
      };
      const dir = path.join(folder.dir, `seed-${seed}`);
      const journal = await Journal.open(dir, { followMs: 0, sync, compactMinBytes: 2_000, compactRatio: 1.2 });
      const jobs: JobState[] = [];
      const last = new Map<string, string>();
      const writes: Promise<unknown>[] = [];
      let at = Date.UTC(2026, 0, 10, 12);
      for (let step = 0; step < 300; step++) {
        const r = random();
        if (jobs.length === 0 || r < 0.05) {
          const spec = jobSpec([{ spec: targetSpec({ vendor: 'cooladata' }), ids: idList(8, `j${step}-"\\→😀-`) }]);
          spec.title = `job "${step}" → \ud800`;
          jobs.push(await journal.store.add(spec));
        } else if (r < 0.8) {
          const job = jobs[Math.floor(random() * jobs.length)];
          const i = Math.floor(random() * 8);
          const outcome = outcomes[Math.floor(random() * outcomes.length)];
          last.set(`${job.id}/${i}`, outcome);
          writes.push(journal.store.record(job, job.targets[0], [i], result(outcome, { message: `step ${step}` }, (at += 1000))));
        } else if (r < 0.9) await new Promise((resolve) => setImmediate(resolve));
        else if (r < 0.95) await Promise.resolve();
        else await journal.flush();
      }
      if (random() < 0.5) await Promise.all(writes);
      const { compactions } = journal.stats;
      await journal.close();
      await Promise.all(writes);
      assert.ok(compactions > 0, `seed ${seed}: compactions ran in between`);

      const reopened = await Journal.open(dir, { store: new JobStore(), followMs: 0 });
      try {
        assert.deepEqual(reopened.lastLoad.problems, [], `seed ${seed}`);
        for (const job of jobs) {
          const loaded = reopened.store.require(job.id);
          assert.equal(loaded.spec.title, job.spec.title);
          assert.deepEqual(loaded.targets[0].ids, job.targets[0].ids);
          for (let i = 0; i < 8; i++) {
            const want = last.get(`${job.id}/${i}`) ?? 'planned';
            const where = `seed ${seed}, ${job.id}/${i}`;
            assert.equal(job.targets[0].outcomeAt(i), want, `${where} in memory`);
            assert.equal(loaded.targets[0].outcomeAt(i), want === 'sending' ? 'unknown' : want, `${where} reloaded`);
            if (want !== 'sending') assert.equal(loaded.targets[0].resultAt(i)?.message, job.targets[0].resultAt(i)?.message, where);
          }
        }
      } finally {
        await reopened.close();
      }
    }
  });

  describe('an engine run against the fakes with a slow disk', () => {
    let fakes: FakeVendors;
    before(async () => {
      fakes = await startFakeVendors({ latencyMs: 5 });
    });
    after(async () => {
      await fakes.close();
    });

    const runs = {
      // inFlight: calls at once (CleverTap 3, Batch GDPR 4 here, Cooladata and Custom Data 2).
      clevertap: { users: 200, calls: 20, inFlight: 3, builtAhead: true },
      cooladata: { users: 200, calls: 20, inFlight: 2, builtAhead: true },
      'batch-custom-data': { users: 200, calls: 20, inFlight: 2, builtAhead: true },
      'batch-gdpr': { users: 40, calls: 40, inFlight: 4, builtAhead: false },
    } as const;
    for (const [name, run] of Object.entries(runs) as [keyof typeof runs, (typeof runs)[keyof typeof runs]][]) {
      it(`${name}: no request leaves before the intent for its IDs is on disk, and fsyncs cover several intents`, async () => {
        const disk = new SlowDisk(15);
        const store = new JobStore();
        const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0, sync: disk.sync, store }));
        const { engine, choice } = engineOnFakes({
          urls: fakes.urls,
          store,
          settings: { clevertapChunkSize: 10, batchGdprConcurrency: 4, cooladataChunkSize: 10, batchCustomDataChunkSize: 10 },
        });

        // Every call, just as its request leaves (whether it was built ahead or not): the IDs it
        // carries must be past "planned" in the part of the journal already on disk (a copy of that
        // prefix, loaded as a reload would).
        const early: string[] = [];
        const checked = { calls: 0, builtAhead: 0 };
        const checkOnDisk = async (ids: readonly string[]) => {
          checked.calls++;
          const onDisk = await durablePrefix(journal.file, disk.durableBytes, folder.dir, checked.calls);
          const target = onDisk.jobs[0]?.targets[0];
          for (const id of ids) {
            const at = target?.ids.indexOf(id) ?? -1;
            if (at < 0 || target!.outcomeAt(at) === 'planned') early.push(id);
          }
        };
        const realClient = engine.deleteClient.bind(engine);
        engine.deleteClient = async (spec) => {
          const client = await realClient(spec);
          const watched: DeleteClient = Object.create(client) as DeleteClient;
          watched.deleteIds = async (ids, signal) => {
            await checkOnDisk(ids);
            return client.deleteIds(ids, signal);
          };
          const prepare = client.prepareDelete?.bind(client);
          if (prepare) {
            watched.prepareDelete = (ids) => {
              const send = prepare(ids);
              return async (signal) => {
                checked.builtAhead++;
                await checkOnDisk(ids);
                return send(signal);
              };
            };
          }
          return watched;
        };

        const users = seedUsers(run.users);
        const plan = await engine.plan({ ids: users, choices: [choice(SCENARIO_TARGETS[name])], source: 'cli' });
        const handle = await engine.start(plan);
        await handle.done;
        await journal.flush();

        assert.equal(handle.job.counts().accepted, users.length);
        assert.equal(checked.calls, run.calls);
        // The first call of each slot is built as it is sent; the others were built ahead.
        if (run.builtAhead) assert.ok(checked.builtAhead >= run.calls / 2, `${checked.builtAhead} of ${run.calls} calls built ahead`);
        else assert.equal(checked.builtAhead, 0);
        assert.deepEqual(early, [], 'requests left before their intent was durable');
        // Two records per call (intent, answer) plus the job: an answer shares the fsync of its
        // slot's next intent (only the job's line and the last answers of the slots need their own),
        // and with more than two calls at once intents share fsyncs too.
        const stats = journal.stats;
        assert.ok(stats.commits <= 1 + run.calls + run.inFlight, `${stats.commits} fsyncs for ${run.calls} calls`);
        if (run.inFlight > 2) assert.ok(stats.commits < stats.records / 2, `${stats.commits} fsyncs for ${stats.records} records`);
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

describe('journal writes', () => {
  const folder = journalFolderPerTest();

  /** The open flags of the journal's append handle, as Linux reports them. */
  async function appendFlags(journal: Journal): Promise<number> {
    const handle = (journal as unknown as { handle?: FileHandle }).handle;
    assert.ok(handle, 'the writer has an append handle');
    const info = await readFile(`/proc/self/fdinfo/${handle.fd}`, 'utf8');
    return Number.parseInt(/^flags:\s*([0-7]+)/m.exec(info)![1], 8);
  }

  it('by default each write is durable on return (O_DSYNC: one trip to the disk per commit), also after a compaction', async function () {
    if (process.platform !== 'linux') this.skip();
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    assert.ok((await appendFlags(journal)) & fsConstants.O_DSYNC, 'opened with O_DSYNC');
    const job = await journal.store.add(jobSpec([{ spec: targetSpec({ vendor: 'clevertap', idType: 'identity' }), ids: idList(3) }]));
    await journal.store.record(job, job.targets[0], [0], result('sending'));
    await journal.compact();
    assert.ok((await appendFlags(journal)) & fsConstants.O_DSYNC, 'reopened with O_DSYNC after compacting');
    // The intent was on disk: reopened, the ID reads "sent, no answer recorded", never "not sent".
    const reopened = folder.keep(await reopenAfterClose(journal));
    assert.equal(reopened.store.get(job.id)?.targets[0].outcomeAt(0), 'unknown');
  });

  it('a journal given its own sync, or told not to fsync, writes plainly (the hook then decides)', async function () {
    if (process.platform !== 'linux') this.skip();
    const disk = new SlowDisk(0);
    const watched = folder.keep(await Journal.open(folder.dir, { followMs: 0, sync: disk.sync }));
    assert.equal((await appendFlags(watched)) & fsConstants.O_DSYNC, 0);
    const job = await watched.store.add(jobSpec([{ spec: targetSpec({ vendor: 'clevertap', idType: 'identity' }), ids: idList(2) }]));
    const syncs = disk.syncs;
    await watched.store.record(job, job.targets[0], [1], result('sending'));
    assert.equal(disk.syncs, syncs + 1, 'the commit went through the sync hook');
  });

  it('on macOS (anything but Linux) the handle is opened plainly and each commit ends in datasync (F_FULLFSYNC there; O_DSYNC leaves the bytes in the drive cache)', async function () {
    if (process.platform !== 'linux') this.skip();
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...platform, value: 'darwin' });
    let journal: Journal;
    try {
      journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
    assert.equal((await appendFlags(journal)) & fsConstants.O_DSYNC, 0, 'no O_DSYNC');
    const handle = (journal as unknown as { handle: FileHandle }).handle;
    let datasyncs = 0;
    const datasync = handle.datasync.bind(handle);
    handle.datasync = () => (datasyncs++, datasync());
    const job = await journal.store.add(jobSpec([{ spec: targetSpec({ vendor: 'clevertap', idType: 'identity' }), ids: idList(2) }]));
    datasyncs = 0;
    await journal.store.record(job, job.targets[0], [0], result('sending'));
    assert.equal(datasyncs, 1, 'the intent was made durable by datasync before it resolved');
  });

  it('a commit whose write fails midway is cut back to the last commit, and the cut is made durable (no torn line after a crash)', async function () {
    if (process.platform !== 'linux') this.skip();
    const journal = folder.keep(await Journal.open(folder.dir, { followMs: 0 }));
    const job = await journal.store.add(jobSpec([{ spec: targetSpec({ vendor: 'clevertap', idType: 'identity' }), ids: idList(2) }]));
    const handle = (journal as unknown as { handle: FileHandle }).handle;
    const before = (await handle.stat()).size;
    const writeFile = handle.writeFile.bind(handle);
    const datasync = handle.datasync.bind(handle);
    const calls: string[] = [];
    // The disk fills up part way through the commit: some bytes are written (durably, with O_DSYNC).
    handle.writeFile = (async (data: Buffer) => {
      await writeFile(data.subarray(0, 7));
      calls.push('partial write');
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    }) as FileHandle['writeFile'];
    const truncate = handle.truncate.bind(handle);
    handle.truncate = (len?: number) => (calls.push('truncate'), truncate(len));
    handle.datasync = () => (calls.push('datasync'), datasync());
    await assert.rejects(journal.store.record(job, job.targets[0], [0], result('sending')), /no space left/);
    assert.equal((await handle.stat()).size, before, 'cut back');
    assert.deepEqual(calls, ['partial write', 'truncate', 'datasync']);
  });

  async function reopenAfterClose(journal: Journal): Promise<Journal> {
    await journal.close();
    return Journal.open(folder.dir, { followMs: 0 });
  }
});
