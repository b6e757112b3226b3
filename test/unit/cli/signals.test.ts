// Ctrl-C: the first stops new requests (those in flight finish: accepted; the rest: cancelled), a
// second aborts those in flight (unknown); SIGTERM acts as a first Ctrl-C. Exit 1, report printed.
import assert from 'node:assert/strict';
import type { FakeVendors } from '../../fakes';
import { assertNoSecrets, deletions, startCli, useCliSuite } from './harness';
import { report } from './reportShape';

const IDS = Array.from({ length: 1000 }, (_, i) => `user-${i + 1}`).join('\n');

describe('CLI: Ctrl-C and SIGTERM during a run', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;

  afterEach(() => fakes.clevertap.resume()); // registered first, so it runs before the suite kills stray children
  useCliSuite((suite) => ({ fakes, env } = suite));

  /** Starts deleting 1,000 CleverTap IDs (10 calls, 3 in flight) and holds the first 3 answers. */
  async function startHeld() {
    fakes.clevertap.pause();
    const cli = startCli(['delete', '--vendor', 'clevertap', '--yes', '--json'], { env, input: IDS });
    await fakes.clevertap.waitForRequests(3);
    await cli.waitForStderr('Job ');
    return cli;
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} once: requests in flight finish (accepted), the rest is cancelled, exit 1`, async () => {
      const cli = await startHeld();
      cli.child.kill(signal);
      await cli.waitForStderr('Cancelling: no new requests are sent');
      fakes.clevertap.resume();
      const run = await cli.done;
      assert.equal(run.code, 1, run.stderr);
      const r = report(run);
      assert.deepEqual(r.summary, { accepted: 300, done: 0, failed: 0, notFound: 0, skipped: 0, cancelled: 700, unknown: 0 });
      const sent = new Set(deletions(fakes).flatMap((q) => q.ids));
      assert.equal(deletions(fakes).length, 3, 'no request after the interrupt');
      for (const x of r.results) {
        assert.equal(x.outcome, sent.has(x.id) ? 'accepted' : 'cancelled', x.id);
        if (x.outcome === 'cancelled') assert.equal(x.message, 'cancelled before it was sent');
      }
      assertNoSecrets(run);
    });
  }

  it('Ctrl-C twice: requests in flight are aborted and their IDs reported unknown, exit 1', async () => {
    const cli = await startHeld();
    cli.child.kill('SIGINT');
    await cli.waitForStderr('Cancelling');
    cli.child.kill('SIGINT');
    await cli.waitForStderr('Aborting the requests in flight');
    const run = await cli.done; // the fake still holds its answers: the abort alone ends the run
    assert.equal(run.code, 1, run.stderr);
    const r = report(run);
    assert.deepEqual(r.summary, { accepted: 0, done: 0, failed: 0, notFound: 0, skipped: 0, cancelled: 700, unknown: 300 });
    const sent = new Set(deletions(fakes).flatMap((q) => q.ids));
    for (const x of r.results) assert.equal(x.outcome, sent.has(x.id) ? 'unknown' : 'cancelled', x.id);
    assert.match(r.results.find((x) => x.outcome === 'unknown')!.message ?? '', /may have reached the vendor/);
    assertNoSecrets(run);
  });
});
