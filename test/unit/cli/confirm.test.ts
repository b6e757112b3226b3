// Confirmation: without a terminal nothing is sent unless --yes; on a terminal the engineer reads
// the count and types it back (a pseudo-terminal through util-linux `script`).
import assert from 'node:assert/strict';
import type { FakeVendors } from '../../fakes';
import { assertNoSecrets, deletions, runCli, startCliInTerminal, terminalRunner, useCliSuite } from './harness';

describe('CLI: confirmation', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;
  let script: string | undefined;

  useCliSuite((suite) => ({ fakes, env } = suite));
  before(async () => {
    script = await terminalRunner();
  });

  it('without a terminal and without --yes: exit 2, the refusal says why, the fake received nothing', async () => {
    for (const args of [
      ['delete', '--vendor', 'clevertap', '--ids', 'user-1,user-2'],
      ['delete', '--vendor', 'batch', '--json'],
    ]) {
      const run = await runCli(args, { env, input: 'user-1\nuser-2\n' });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /refusing to delete 2 ID\(s\) without confirmation: standard input is not a terminal\. Nothing was sent\. Add --yes/);
      assert.equal(run.stdout, '');
      assert.deepEqual(fakes.requests(), []);
      assertNoSecrets(run);
    }
  });

  it('on a terminal: shows vendor, account, count, first IDs and caveats, and sends once the count is typed', async function () {
    if (!script) this.skip();
    const cli = startCliInTerminal(script!, ['delete', '--vendor', 'clevertap', '--ids', 'user-1,user-2,user-3'], env);
    await cli.waitFor('Type 3 to delete 3 ID(s)');
    assert.deepEqual(fakes.requests(), [], 'nothing is sent before the answer');
    const screen = cli.screen();
    assert.match(screen, /About to delete 3 user ID\(s\)\. This cannot be undone\./);
    assert.match(screen, /CleverTap · account TEST-CANARY-ACCT · identity: 3 IDs \(first: user-1, user-2, user-3\)/);
    assert.match(screen, /Irreversible/);
    cli.type('3\r');
    const { code, screen: all } = await cli.done;
    assert.equal(code, 0, all);
    assert.match(all, /clevertap: 3 accepted/);
    assert.deepEqual(deletions(fakes).flatMap((q) => q.ids).sort(), ['user-1', 'user-2', 'user-3']);
    assertNoSecrets({ stdout: all, stderr: '' });
  });

  it('on a terminal: names the --ticket; any other answer sends nothing (exit 2)', async function () {
    if (!script) this.skip();
    const cli = startCliInTerminal(script!, ['delete', '--vendor', 'clevertap', '--ids', 'user-1,user-2,user-3', '--ticket', 'ZD-4711'], env);
    await cli.waitFor('Type 3 to delete');
    assert.match(cli.screen(), /Ticket: ZD-4711/);
    cli.type('yes\r');
    const { code, screen } = await cli.done;
    assert.equal(code, 2, screen);
    assert.match(screen, /not confirmed: nothing was sent/);
    assert.deepEqual(fakes.requests(), []);
  });

  it('on a terminal: Ctrl-C at the question sends nothing (exit 1)', async function () {
    if (!script) this.skip();
    const cli = startCliInTerminal(script!, ['delete', '--vendor', 'batch', '--ids', 'user-1'], env);
    await cli.waitFor('Type 1 to delete');
    cli.type('\x03');
    const { code, screen } = await cli.done;
    assert.equal(code, 1, screen);
    assert.match(screen, /interrupted at the confirmation: nothing was sent/);
    assert.deepEqual(fakes.requests(), []);
  });

  it('on a terminal without --ids: reads the IDs typed until Ctrl-D, then asks', async function () {
    if (!script) this.skip();
    const cli = startCliInTerminal(script!, ['delete', '--vendor', 'cooladata', '--json'], env);
    await cli.waitFor('then press Ctrl-D');
    cli.type('user-7\ruser-8\r');
    await cli.waitFor('user-8');
    cli.type('\x04');
    await cli.waitFor('Type 2 to delete 2 ID(s)');
    cli.type('2\r');
    const { code, screen } = await cli.done;
    assert.equal(code, 0, screen);
    assert.deepEqual((deletions(fakes)[0].json as { userIds: string[] }).userIds, ['user-7', 'user-8']);
  });
});
