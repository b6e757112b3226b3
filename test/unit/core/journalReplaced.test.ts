// The journal file is replaced (an editor saves it, a sync tool or a backup restores it) or removed
// while a job runs, or its lock file is removed and another process starts writing it. The writer's handle still points at the old file, now nameless: intents
// written there are on no disk anyone will read, and Resume on the file at the path would send
// those IDs a second time. No request may leave once its intent cannot reach the file at the path.
import assert from 'node:assert/strict';
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { HttpTransportError } from '../../../src/core/http';
import { Journal } from '../../../src/core/journal';
import { sleep } from '../../../src/core/limits';
import type { CallOutcome, DeleteClient } from '../../../src/vendors/vendor';
import { idList, jobSpec, targetSpec, tempDir } from './journalFixtures';
import { testEngine } from './journalEngine.helpers';

const target = targetSpec({ vendor: 'clevertap', idType: 'identity' });

/** Accepts every call; at call `replaceAt` (once every record so far is durable) swaps the journal file. */
class FileSwappingClient implements DeleteClient {
  readonly limits = { idsPerCall: 10, maxInFlight: 1, pacingKey: 'swap-test' };
  readonly sent: string[][] = [];
  constructor(
    private readonly journal: Journal,
    private readonly replaceAt: number,
    private readonly swap: (file: string) => void,
  ) {}
  requestsFor() {
    return [];
  }
  async deleteIds(ids: readonly string[], signal?: AbortSignal): Promise<CallOutcome> {
    this.sent.push([...ids]);
    if (this.sent.length === this.replaceAt) {
      await this.journal.flush();
      this.swap(this.journal.file);
    }
    await sleep(1);
    if (signal?.aborted) throw new HttpTransportError('aborted', 'request aborted', true);
    return { kind: 'settled', results: { outcome: 'accepted', httpStatus: 200, message: 'ok' } };
  }
}

const swaps: Record<string, (file: string) => void> = {
  'replaced by a copy of itself (an editor saving it)': (file) => {
    copyFileSync(file, `${file}.saved`);
    renameSync(`${file}.saved`, file);
  },
  removed: (file) => rmSync(file),
};

describe('journal: the file replaced or removed while a job runs', () => {
  for (const [name, swap] of Object.entries(swaps)) {
    it(`${name}: no request leaves once its intent cannot reach the file at the path, and the run says why it stopped`, async () => {
      const { dir, cleanup } = await tempDir('ue-swap-');
      try {
        const journal = await Journal.open(dir, { followMs: 0 });
        const client = new FileSwappingClient(journal, 3, swap);
        const engine = testEngine({ store: journal.store, deleteClient: client });
        const spec = jobSpec([{ spec: target, ids: idList(100) }]);
        const run = await engine.start({ spec, targets: [] });
        await assert.rejects(run.done, /replaced or removed/);
        await journal.close();

        assert.equal(client.sent.length, 3, 'no call after the one that swapped the file');
        if (name === 'removed') return;
        const onDisk = await Journal.examine(journal.file);
        const t = onDisk.jobs.find((j) => j.id === spec.id)!.targets[0];
        for (const id of client.sent.flat()) {
          assert.notEqual(t.outcomeAt(t.indexOf(id)), 'planned', `${id} was sent but the journal at the path says it never left`);
        }
      } finally {
        await cleanup();
      }
    });
  }

  it('its lock file removed (taken for a stale one) and the journal opened by another process: this writer stops at its next record', async () => {
    const { dir, cleanup } = await tempDir('ue-lockgone-');
    try {
      const first = await Journal.open(dir, { followMs: 0 });
      const job = await first.store.add(jobSpec([{ spec: target, ids: idList(4) }]));
      await first.store.record(job, job.targets[0], [0], { outcome: 'sending', at: Date.now() });
      rmSync(first.lock.path);
      const second = await Journal.open(dir, { followMs: 0 });
      assert.equal(second.mode, 'writer', 'the other process now writes the journal');
      // Its resume would send user-1..3; this writer must not send them too.
      await assert.rejects(first.store.record(job, job.targets[0], [1, 2, 3], { outcome: 'sending', at: Date.now() }), /took over/);
      await second.close();
      await first.close();
    } finally {
      await cleanup();
    }
  });
});
