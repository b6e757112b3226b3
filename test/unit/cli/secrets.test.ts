// No secret value on standard output or error, whatever path the CLI takes: errors that echo
// what was typed, the debug log of every request, every vendor.
import assert from 'node:assert/strict';
import type { FakeVendors } from '../../fakes';
import { CANARY, assertNoSecrets, runCli, useCliSuite } from './harness';

describe('CLI: secrets never printed', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;

  useCliSuite((suite) => ({ fakes, env } = suite));

  it('error messages that echo the invocation show *** in place of a secret', async () => {
    const runs = await Promise.all([
      runCli([CANARY.clevertapPasscode], { env }),
      runCli(['delete', '--vendor', 'batch', '--ids-file', `/nonexistent/${CANARY.batchRest}.txt`, '--yes'], { env }),
      runCli(['delete', '--vendor', 'batch', '--csv-column', CANARY.batchIos, '--yes'], { env, input: 'a,b\n1,2\n' }),
      runCli(['status', '--journal', `/nonexistent/${encodeURIComponent(CANARY.engagelabSecret)}.jsonl`], { env }),
    ]);
    for (const run of runs) {
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /\*\*\*/);
      assertNoSecrets(run);
    }
    assert.deepEqual(fakes.requests(), []);
  });

  it('a Batch app key typed where the label goes is not echoed either', async () => {
    const run = await runCli(['delete', '--vendor', 'batch', '--ids', 'a', '--yes'], { env: { ...env, BATCH_API_KEYS: `${CANARY.batchAndroid}=` } });
    assert.equal(run.code, 2);
    assertNoSecrets(run);
  });

  it('USER_ERASURE_DEBUG=1 logs every request of every vendor, redacted (app keys in Batch URLs included)', async () => {
    const debug = { ...env, USER_ERASURE_DEBUG: '1' };
    const runs = [
      await runCli(['delete', '--vendor', 'batch', '--mode', 'both', '--ids', 'user-1', '--yes', '--wait', '--wait-timeout', '1'], { env: debug }),
      await runCli(['delete', '--vendor', 'engagelab', '--id-type', 'alias', '--ids', 'user-2', '--yes', '--wait', '--wait-timeout', '1'], { env: debug }),
      await runCli(['delete', '--vendor', 'clevertap', '--ids', 'user-3', '--yes'], { env: { ...debug, CLEVERTAP_PASSCODE: 'CANARY-bad-passcode-77' } }),
      await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-4', '--yes'], { env: debug }),
    ];
    const stderr = runs.map((r) => r.stderr).join('\n');
    assert.match(stderr, /\[info\] POST http:\/\/127\.0\.0\.1:\d+\/1\.0\/\*\*\*\/gdpr\/request → 200/);
    assert.match(stderr, /\[info\] GET http:\/\/127\.0\.0\.1:\d+\/v4\/aliases\/user-2/);
    assert.match(stderr, /\[info\] POST http:\/\/127\.0\.0\.1:\d+\/1\/delete\/profiles\.json → 401/);
    for (const run of runs) assertNoSecrets(run, ['CANARY-bad-passcode-77']);
  });
});
