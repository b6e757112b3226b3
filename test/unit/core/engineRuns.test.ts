import assert from 'node:assert/strict';
import type { HttpRequestSpec, HttpResponse } from '../../../src/core/http';
import { ACCOUNTS, testEngine } from '../helpers/engine';
import { ids } from '../helpers/jobs';

const ok = (): HttpResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, bodyText: '{"status":"success"}', bodyCapped: false, durationMs: 1 });

function engineAnswering(answer: (spec: HttpRequestSpec) => Promise<HttpResponse>) {
  const setup = testEngine();
  setup.engine.services.http = () => ({ send: answer });
  return setup;
}

describe('engine runs: progress and run events', () => {
  it('counts the IDs of a run that reached a result, and tells when a job starts and stops', async () => {
    const { engine } = engineAnswering(async () => ok());
    const plan = await engine.plan({ ids: ids(250), choices: [{ account: ACCOUNTS.clevertap, options: { vendor: 'clevertap', idType: 'identity' } }], source: 'editor' });
    const events: [string, boolean][] = [];
    engine.onDidChangeRuns((jobId) => events.push([jobId, engine.isRunning(jobId)]));
    const handle = await engine.start(plan);
    assert.equal(handle.progress.total, 250);
    assert.equal(engine.runOf(handle.job.id), handle);
    await handle.done;
    assert.deepEqual(handle.progress, { total: 250, done: 250 });
    assert.deepEqual(events, [
      [handle.job.id, true],
      [handle.job.id, false],
    ]);
    assert.equal(handle.job.counts().accepted, 250);
  });

  it('sizes a retry by the indices it was given, and refuses a second run of a running job', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { engine } = engineAnswering(async () => {
      await gate;
      return { ...ok(), status: 500, bodyText: '{"status":"fail","error":"boom","code":500}' };
    });
    engine.services.retryPolicy = () => ({ maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 });
    const plan = await engine.plan({ ids: ids(5), choices: [{ account: ACCOUNTS.clevertap, options: { vendor: 'clevertap', idType: 'identity' } }], source: 'editor' });
    const first = await engine.start(plan);
    await assert.rejects(engine.resume(first.job.id), /already running/);
    release();
    await first.done;
    assert.equal(first.job.counts().failed, 5);
    const key = first.job.targets[0].spec.key;
    const retry = await engine.retry(first.job.id, new Map([[key, [1, 3]]]));
    assert.equal(retry.progress.total, 2);
    await retry.done;
    assert.equal(retry.progress.done, 2);
  });
});
