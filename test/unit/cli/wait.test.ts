// --wait on the status poller: Ctrl-C while waiting stops at once, keeps the pending IDs "accepted"
// and ends with exit 1 (as before the poller); a run without --wait never asks for a status.
import assert from 'node:assert/strict';
import { createManualClock, type FakeVendors } from '../../fakes';
import { runCli, startCli, useCliSuite } from './harness';
import { report } from './reportShape';

describe('CLI: --wait and Ctrl-C', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;

  useCliSuite(
    (suite) => ({ fakes, env } = suite),
    // Batch GDPR requests stay pending: the fake's clock never moves.
    () => ({ batch: { now: createManualClock(Date.now()).now, completionDelayMs: 60_000 } }),
  );

  it('Ctrl-C while waiting: "Stopped waiting", the IDs stay accepted, exit 1', async () => {
    const cli = startCli(['delete', '--vendor', 'batch', '--mode', 'gdpr', '--ids', 'user-1', '--yes', '--json', '--wait', '--wait-timeout', '600'], { env });
    await cli.waitForStderr('Waiting: 2 ID(s) still pending at the vendor');
    cli.child.kill('SIGINT');
    const run = await cli.done;
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /Stopped waiting: the IDs still pending stay "accepted"\./);
    assert.deepEqual(report(run).results.map((x) => x.outcome), ['accepted', 'accepted']);
    assert.ok(fakes.requests().some((q) => q.kind === 'status'), 'it did ask before the interrupt');
  });

  it('without --wait nothing is checked', async () => {
    const run = await runCli(['delete', '--vendor', 'batch', '--mode', 'gdpr', '--ids', 'user-1', '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fakes.requests().filter((q) => q.kind === 'status').length, 0);
  });
});
