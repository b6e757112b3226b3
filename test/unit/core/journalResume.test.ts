// The engine stops in the middle of a job (a crash: the journal file as it was at that instant),
// a fresh store and engine load it, Resume runs: the vendor's call log proves no ID was sent twice
// and none was lost. IDs sent without an answer come back "unknown"; Resume leaves them, Retry sends them.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { HttpTransportError } from '../../../src/core/http';
import type { JobState, Outcome } from '../../../src/core/job';
import { Journal } from '../../../src/core/journal';
import { sleep } from '../../../src/core/limits';
import type { CallOutcome, DeleteClient } from '../../../src/vendors/vendor';
import { counts, idList, jobSpec, targetSpec, tempDir } from './journalFixtures';
import { testEngine } from './journalEngine.helpers';

const target = targetSpec({ vendor: 'clevertap', idType: 'identity' });

/** Answers until call `crashAt`, where it copies the journal (the crash) and never answers again. */
class CrashingClient implements DeleteClient {
  readonly limits = { idsPerCall: 10, maxInFlight: 3, pacingKey: 'crash-test' };
  readonly sentBeforeCrash: string[][] = [];
  crashed = false;
  constructor(
    private readonly journalFile: string,
    private readonly crashCopy: string,
    private readonly crashAt: number,
  ) {}
  requestsFor() {
    return [];
  }
  async deleteIds(ids: readonly string[], signal?: AbortSignal): Promise<CallOutcome> {
    if (this.crashed) return hang(signal); // after the crash nothing leaves this process
    this.sentBeforeCrash.push([...ids]);
    if (this.sentBeforeCrash.length === this.crashAt) {
      copyFileSync(this.journalFile, this.crashCopy);
      this.crashed = true;
      return hang(signal);
    }
    await sleep(1 + (this.sentBeforeCrash.length % 3));
    return { kind: 'settled', results: { outcome: 'accepted', httpStatus: 200, message: 'ok' } };
  }
}

function hang(signal?: AbortSignal): Promise<CallOutcome> {
  return new Promise((_, reject) => {
    const fail = () => reject(new HttpTransportError('aborted', 'request aborted', true));
    if (signal?.aborted) fail();
    else signal?.addEventListener('abort', fail, { once: true });
  });
}

/** A vendor that accepts everything and logs each call. */
class LoggingClient implements DeleteClient {
  readonly limits = { idsPerCall: 10, maxInFlight: 3, pacingKey: 'after-crash' };
  readonly calls: string[][] = [];
  requestsFor() {
    return [];
  }
  async deleteIds(ids: readonly string[]): Promise<CallOutcome> {
    this.calls.push([...ids]);
    await sleep(1);
    return { kind: 'settled', results: { outcome: 'accepted', httpStatus: 200, message: 'ok' } };
  }
}

function idsIn(job: JobState, outcome: Outcome): string[] {
  const t = job.targets[0];
  return t.indicesWhere((o) => o === outcome).map((i) => t.ids[i]);
}

describe('journal: reload in the middle of a job, then Resume', () => {
  for (const crashAt of [1, 7, 23]) {
    it(`crash at call ${crashAt}: Resume sends exactly the not-sent IDs; nothing twice, nothing lost`, async () => {
      const { dir, cleanup } = await tempDir('ue-resume-');
      try {
        const all = idList(300);
        const first = await Journal.open(dir, { followMs: 0 });
        const crashCopy = path.join(dir, 'after-crash.jsonl');
        const crashing = new CrashingClient(first.file, crashCopy, crashAt);
        const engine1 = testEngine({ store: first.store, deleteClient: crashing });
        const spec = jobSpec([{ spec: target, ids: all }]);
        const run = await engine1.start({ spec, targets: [] });
        while (!crashing.crashed) await sleep(1);
        await engine1.stopAll('abort');
        await run.done;
        await first.close();

        // A new window opens the journal as it was at the crash.
        const second = await Journal.open(crashCopy, { followMs: 0 });
        const job = second.store.require(spec.id);
        const sent = crashing.sentBeforeCrash.flat();
        assert.equal(new Set(sent).size, sent.length, 'no ID sent twice before the crash');
        for (const id of sent) {
          const outcome = job.targets[0].outcomeAt(job.targets[0].indexOf(id));
          assert.ok(outcome === 'accepted' || outcome === 'unknown', `${id} was sent, so it is ${outcome}, never "not sent"`);
        }
        const unknownAfterReload = idsIn(job, 'unknown');
        assert.equal(second.lastLoad.unknownAfterCrash, unknownAfterReload.length);
        assert.ok(unknownAfterReload.length >= 10, 'at least the call in flight at the crash is unknown');
        const notSent = idsIn(job, 'planned');
        assert.equal(counts(job).sending ?? 0, 0);

        const after = new LoggingClient();
        const engine2 = testEngine({ store: second.store, deleteClient: after });
        await (await engine2.resume(spec.id)).done;
        const resumed = after.calls.flat();
        assert.deepEqual([...resumed].sort(), [...notSent].sort(), 'Resume sent exactly the not-sent IDs');
        assert.equal(new Set(resumed).size, resumed.length, 'each once');
        assert.ok(!resumed.some((id) => sent.includes(id)), 'no ID sent before the crash was sent again');
        for (const id of all) {
          assert.ok(sent.includes(id) || resumed.includes(id) || unknownAfterReload.includes(id), `${id} lost`);
        }
        assert.deepEqual(idsIn(job, 'unknown').sort(), [...unknownAfterReload].sort(), 'Resume leaves unknown IDs alone');

        after.calls.length = 0;
        await (await engine2.retry(spec.id)).done;
        assert.deepEqual(after.calls.flat().sort(), [...unknownAfterReload].sort(), 'Retry re-sends the unknown ones');
        assert.deepEqual(counts(job), { accepted: 300 });
        await second.close();
      } finally {
        await cleanup();
      }
    });
  }

  it('a read-only window refuses to start, resume or check statuses, with the reason', async () => {
    const { dir, cleanup } = await tempDir('ue-ro-');
    try {
      const writer = await Journal.open(dir, { followMs: 0 });
      const job = await writer.store.add(jobSpec([{ spec: target, ids: idList(3) }]));
      const reader = await Journal.open(dir, { followMs: 0 });
      const engine = testEngine({ store: reader.store, deleteClient: new LoggingClient() });
      assert.ok(engine.readOnlyReason());
      await assert.rejects(engine.resume(job.id), /read-only here/);
      await assert.rejects(engine.start({ spec: jobSpec([{ spec: target, ids: ['z'] }]), targets: [] }), /read-only here/);
      await assert.rejects(engine.checkStatuses('all', 'automatic'), /read-only here/);
      await reader.close();
      await writer.close();
    } finally {
      await cleanup();
    }
  });
});
