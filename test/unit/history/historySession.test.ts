import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { JobState } from '../../../src/core/job';
import { JobStore } from '../../../src/core/jobStore';
import { silentLogger } from '../../../src/core/logger';
import { Journal } from '../../../src/core/journal';
import { HISTORY_LOADING_REASON, HistorySession, type HistoryMode, type HistorySessionOptions } from '../../../src/history/historySession';
import { counts, idList, jobSpec, range, result, targetSpec, tempDir } from '../core/journalFixtures';

const clevertap = targetSpec({ vendor: 'clevertap', idType: 'identity' });
const now = Date.now();
const broken = async () => {
  throw new Error('journal broken');
};

describe('history session (the journal of this window)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const sessions: HistorySession[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('ue-history-'));
  });

  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    await cleanup();
  });

  function session(options: Partial<HistorySessionOptions> = {}): HistorySession {
    const created = new HistorySession({
      folder: path.join(dir, 'globalStorage', 'user-erasure'),
      store: new JobStore(),
      redact: (text) => text,
      retentionDays: () => 90,
      logger: silentLogger,
      stopRuns: async () => {},
      followMs: 0,
      ...options,
    });
    sessions.push(created);
    return created;
  }

  it('creates its folder, writes the journal there, and a reopen rebuilds the same jobs from the file', async () => {
    const store = new JobStore();
    const stops: string[] = [];
    const history = session({ store, stopRuns: async () => void stops.push('stopped') });
    const modes: HistoryMode[] = [];
    history.onDidChangeMode((mode) => modes.push(mode));
    const report = await history.open();
    assert.equal(history.mode, 'writer');
    assert.equal(report?.mode, 'writer');
    assert.equal(history.canWrite, true);
    assert.equal(history.readOnlyReason(), undefined);

    const job = await store.add(jobSpec([{ spec: clevertap, ids: idList(6) }], now));
    await store.record(job, job.targets[0], range(0, 4), result('accepted', {}, now));
    const reloaded = await history.reopen();
    assert.deepEqual(stops, ['stopped'], 'runs are stopped before the journal closes');
    assert.deepEqual(modes, ['loading', 'writer', 'closed', 'loading', 'writer']);
    assert.equal(reloaded?.jobs, 1);
    const again = store.require(job.id);
    assert.notEqual(again, job, 'rebuilt from the file, not the object kept in memory');
    assert.deepEqual(counts(again), { accepted: 4, planned: 2 });
    assert.match(await readFile(path.join(dir, 'globalStorage', 'user-erasure', 'journal.jsonl'), 'utf8'), new RegExp(job.id));
  });

  it('a second window only reads: it says why, refuses changes, and takes over when the writer closes', async () => {
    const writer = session();
    await writer.open();
    const readerStore = new JobStore();
    const reader = session({ store: readerStore });
    await reader.open();
    assert.equal(reader.mode, 'reader');
    assert.equal(reader.canWrite, false);
    assert.match(reader.readOnlyReason() ?? '', new RegExp(`another window \\(process ${process.pid}`));
    await assert.rejects(reader.clearHistory(() => false), /read-only/);

    const modes: HistoryMode[] = [];
    reader.onDidChangeMode((mode) => modes.push(mode));
    await writer.close();
    await reader.journal?.refresh();
    assert.deepEqual(modes, ['writer']);
    assert.equal(reader.canWrite, true);
  });

  it('a journal that cannot be opened leaves the window usable in memory, and says why', async () => {
    await writeFile(path.join(dir, 'not-a-folder'), 'x');
    const store = new JobStore();
    const history = session({ store, folder: path.join(dir, 'not-a-folder', 'user-erasure') });
    const report = await history.open();
    assert.equal(report, undefined);
    assert.equal(history.mode, 'memory');
    assert.equal(history.canWrite, true, 'deletions stay possible');
    assert.equal(history.readOnlyReason(), undefined);
    assert.match(history.failure ?? '', /ENOTDIR|EEXIST/);
    const job = await store.add(jobSpec([{ spec: clevertap, ids: idList(2) }], now));
    await assert.rejects(history.reopen(), /kept in memory only and would be lost/);
    assert.equal(store.get(job.id), job, 'a refused reopen keeps the jobs');
    assert.equal(await history.clearHistory(() => false), 1);
    assert.equal((await history.reopen()), undefined, 'with nothing to lose, Try Again may run (and fail again here)');
    assert.equal(history.mode, 'memory');
  });

  it('drops what a failed open loaded half-way: nothing unsaved may look saved', async () => {
    const store = new JobStore();
    const history = session({
      store,
      openJournal: async () => {
        // As a journal does when it fails after loading: jobs restored, itself the persistence.
        store.restore(new JobState(jobSpec([{ spec: clevertap, ids: ['a'] }], now)));
        store.setPersistence({ jobAdded: broken, stateChanged: broken, jobRemoved: broken, readOnlyReason: () => 'broken' });
        throw new Error('EACCES: permission denied');
      },
    });
    await history.open();
    assert.equal(history.mode, 'memory');
    assert.equal(history.failure, 'EACCES: permission denied');
    assert.deepEqual(store.list(), []);
    assert.equal(store.readOnlyReason(), undefined, 'no persistence left behind');
  });

  it('loads after the views appear: "loading" from the call on, changes refused until loaded, nothing lost', async () => {
    // A journal with a job in it, written by an earlier window.
    const folder = path.join(dir, 'globalStorage', 'user-erasure');
    const earlierStore = new JobStore();
    const earlierSession = session({ folder, store: earlierStore });
    await earlierSession.open();
    const stored = await earlierStore.add(jobSpec([{ spec: clevertap, ids: idList(3) }], now));
    await earlierSession.close();

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const store = new JobStore();
    const history = session({
      folder,
      store,
      openJournal: async (location, options) => {
        await held;
        return Journal.open(location, options);
      },
    });
    const modes: HistoryMode[] = [];
    let waitedUntil: HistoryMode | undefined;
    history.onDidChangeMode((mode) => {
      modes.push(mode);
      // What a command started by the "loading" change itself does: it must find the load to wait for.
      if (mode === 'loading') void history.whenLoaded().then(() => (waitedUntil = history.mode));
    });
    const loading = history.open();
    assert.equal(history.mode, 'loading', 'set before open() returns');
    assert.equal(history.canWrite, false);
    assert.equal(history.readOnlyReason(), HISTORY_LOADING_REASON);
    assert.equal(store.readOnlyReason(), HISTORY_LOADING_REASON, 'the engine sees why it may not start a job');
    await assert.rejects(store.add(jobSpec([{ spec: clevertap, ids: ['too-early'] }], now)), /still loading/);
    assert.equal(history.open(), loading, 'a second open() joins the load under way');

    let loaded = false;
    const waiting = history.whenLoaded().then(() => (loaded = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(loaded, false, 'whenLoaded() waits for the load');
    release();
    await waiting;
    assert.equal(history.mode, 'writer');
    assert.equal(waitedUntil, 'writer', 'whenLoaded() called as "loading" is announced waits for the load');
    assert.deepEqual(modes, ['loading', 'writer']);
    assert.deepEqual(store.list().map((j) => j.id), [stored.id], 'the history is there once loaded');
    const added = await store.add(jobSpec([{ spec: clevertap, ids: ['after-load'] }], now));
    await history.reopen();
    assert.deepEqual(store.list().map((j) => j.id).sort(), [stored.id, added.id].sort(), 'a job started after the load is journaled');
  });

  it('closing while the history loads waits for the load and releases the lock for the next window', async () => {
    const folder = path.join(dir, 'globalStorage', 'user-erasure');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = session({
      folder,
      openJournal: async (location, options) => {
        await held;
        return Journal.open(location, options);
      },
    });
    void first.open();
    const closing = first.close();
    release();
    await closing;
    assert.equal(first.mode, 'closed');
    const next = session({ folder });
    await next.open();
    assert.equal(next.mode, 'writer', 'the lock the late load took was released by close()');
  });

  it('Clear History keeps the jobs it is told to (running ones) and removes the rest from the file', async () => {
    const store = new JobStore();
    const history = session({ store });
    await history.open();
    const kept = await store.add(jobSpec([{ spec: clevertap, ids: ['keep-me'] }], now));
    await store.add(jobSpec([{ spec: clevertap, ids: ['forget-me'] }], now));
    assert.equal(await history.clearHistory((job) => job.id === kept.id), 1);
    assert.deepEqual(store.list().map((j) => j.id), [kept.id]);
    const text = await readFile(history.journal!.file, 'utf8');
    assert.ok(text.includes('keep-me') && !text.includes('forget-me'), 'the removed IDs left the disk');
  });

  it('a shorter retention applies at once to finished jobs', async () => {
    const store = new JobStore();
    const history = session({ store });
    await history.open();
    const old = await store.add(jobSpec([{ spec: clevertap, ids: ['old'] }], now - 40 * 86_400_000));
    await store.record(old, old.targets[0], [0], result('done', {}, now - 40 * 86_400_000));
    await store.add(jobSpec([{ spec: clevertap, ids: ['new'] }], now));
    assert.equal(await history.setRetentionDays(30), 1);
    assert.equal(store.get(old.id), undefined);
    assert.equal(store.list().length, 1);
  });
});
