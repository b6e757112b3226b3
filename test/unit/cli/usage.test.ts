// Usage and configuration errors: exit status 2, a message naming the problem, nothing sent.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FakeVendors } from '../../fakes';
import { assertNoSecrets, canaryEnv, runCli, useCliSuite } from './harness';

describe('CLI: usage and configuration errors (exit 2, nothing sent)', () => {
  let fakes: FakeVendors;
  let dir: string;

  useCliSuite((suite) => ({ fakes, dir } = suite));

  async function expectExit2(args: string[], pattern: RegExp, env: Record<string, string> = canaryEnv(fakes), input = 'user-1\n') {
    const run = await runCli(args, { env, input });
    assert.equal(run.code, 2, `exit status of ${args.join(' ')}\nstderr: ${run.stderr}`);
    assert.match(run.stderr, pattern);
    assert.equal(run.stdout, '', 'nothing on standard output');
    assert.deepEqual(fakes.requests(), [], 'no request reached any vendor');
    assertNoSecrets(run);
    return run;
  }

  it('--help prints the usage with every command and exits 0', async () => {
    const run = await runCli(['--help'], { env: canaryEnv(fakes) });
    assert.equal(run.code, 0);
    for (const text of ['user-erasure delete --vendor', 'user-erasure status --journal FILE', 'user-erasure resume --journal FILE', 'user-erasure export --journal FILE --format csv|json [--hash-ids]', '--csv-column NAME']) {
      assert.ok(run.stdout.includes(text), text);
    }
    const perCommand = await runCli(['delete', '--help'], { env: canaryEnv(fakes) });
    assert.equal(perCommand.code, 0);
    assert.equal(perCommand.stdout, run.stdout);
  });

  const cases: [string, string[], RegExp][] = [
    ['no command', [], /a command is required/],
    ['an unknown command', ['erase', '--vendor', 'batch'], /unknown command "erase"/],
    ['an unknown flag', ['delete', '--vendor', 'batch', '--force'], /Unknown option '--force'/],
    ['a positional argument', ['delete', '--vendor', 'batch', 'user-1'], /positional/i],
    ['delete without --vendor', ['delete', '--ids', 'a'], /--vendor is required/],
    ['an unknown vendor', ['delete', '--vendor', 'mixpanel', '--ids', 'a'], /--vendor must be one of cooladata, engagelab, clevertap, batch/],
    ['--ids and --ids-file together', ['delete', '--vendor', 'batch', '--ids', 'a', '--ids-file', 'x'], /either --ids-file or --ids/],
    ['a CleverTap --id-type of EngageLab', ['delete', '--vendor', 'clevertap', '--id-type', 'alias', '--ids', 'a'], /--id-type for clevertap must be identity or guid/],
    ['an EngageLab --id-type of CleverTap', ['delete', '--vendor', 'engagelab', '--id-type', 'guid', '--ids', 'a'], /--id-type for engagelab must be registration_id or alias/],
    ['--id-type for Batch', ['delete', '--vendor', 'batch', '--id-type', 'identity', '--ids', 'a'], /--id-type does not apply to batch/],
    ['--mode outside Batch', ['delete', '--vendor', 'clevertap', '--mode', 'gdpr', '--ids', 'a'], /--mode applies to batch only/],
    ['an unknown --mode', ['delete', '--vendor', 'batch', '--mode', 'all', '--ids', 'a'], /--mode must be gdpr, custom-data or both/],
    ['--reason outside Cooladata', ['delete', '--vendor', 'batch', '--reason', 'gdpr', '--ids', 'a'], /--reason applies to cooladata only/],
    ['an empty --reason', ['delete', '--vendor', 'cooladata', '--reason', ' ', '--ids', 'a'], /--reason must not be empty/],
    ['--wait with --dry-run', ['delete', '--vendor', 'batch', '--ids', 'a', '--dry-run', '--wait'], /--wait has nothing to wait for/],
    ['a --wait-timeout that is not a number', ['delete', '--vendor', 'batch', '--ids', 'a', '--wait', '--wait-timeout', 'soon'], /--wait-timeout must be a positive number/],
    ['a delete flag on status', ['status', '--journal', 'j.jsonl', '--yes'], /--yes does not apply to "status"/],
    ['status without --journal', ['status'], /--journal FILE is required/],
    ['resume without --journal', ['resume', '--yes'], /--journal FILE is required/],
    ['export without --format', ['export', '--journal', 'j.jsonl'], /--format must be csv or json/],
    ['export with --format xml', ['export', '--journal', 'j.jsonl', '--format', 'xml'], /--format must be csv or json/],
    ['export with --json', ['export', '--journal', 'j.jsonl', '--format', 'csv', '--json'], /--json does not apply to "export"/],
  ];
  for (const [what, args, pattern] of cases) {
    it(`refuses ${what}`, async () => {
      const run = await expectExit2(args, pattern);
      if (args.length > 0 && args[0] !== 'erase') assert.match(run.stderr, /user-erasure --help/);
    });
  }

  it('refuses an --ids-file that cannot be read', () => expectExit2(['delete', '--vendor', 'batch', '--ids-file', path.join(dir, 'missing.txt'), '--yes'], /cannot read --ids-file .*missing\.txt \(ENOENT\)/));

  it('refuses input without a single ID', async () => {
    await expectExit2(['delete', '--vendor', 'batch', '--yes'], /no user IDs found in the input/, canaryEnv(fakes), ' \n\n');
    await expectExit2(['delete', '--vendor', 'batch', '--ids', '[null, true]', '--yes'], /no user IDs found in the input: 2 value\(s\) cannot be user IDs/);
  });

  it('asks for --csv-column, naming the headers, when a CSV has no recognisable ID column', async () => {
    const csv = 'name,email,account\nAda,ada@example.com,a-1\nBob,bob@example.com,b-2\n';
    await expectExit2(['delete', '--vendor', 'batch', '--yes'], /"name", "email", "account".*--csv-column NAME/, canaryEnv(fakes), csv);
    await expectExit2(['delete', '--vendor', 'batch', '--yes', '--csv-column', 'phone'], /--csv-column "phone" is not one of the CSV columns "name", "email", "account"/, canaryEnv(fakes), csv);
  });

  it('names each missing credential variable, for every vendor', async () => {
    const env = canaryEnv(fakes);
    const without = (...names: string[]) => Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));
    await expectExit2(['delete', '--vendor', 'cooladata', '--ids', 'a', '--yes'], /missing environment variable COOLADATA_API_TOKEN/, without('COOLADATA_API_TOKEN'));
    await expectExit2(['delete', '--vendor', 'engagelab', '--ids', 'a', '--yes'], /missing environment variables ENGAGELAB_APP_KEY, ENGAGELAB_MASTER_SECRET/, without('ENGAGELAB_APP_KEY', 'ENGAGELAB_MASTER_SECRET'));
    await expectExit2(['delete', '--vendor', 'clevertap', '--ids', 'a', '--yes'], /missing environment variable CLEVERTAP_ACCOUNT_ID/, without('CLEVERTAP_ACCOUNT_ID'));
    await expectExit2(['delete', '--vendor', 'batch', '--ids', 'a', '--yes'], /missing environment variable BATCH_API_KEYS/, without('BATCH_API_KEYS'));
    await expectExit2(['delete', '--vendor', 'batch', '--ids', 'a', '--yes', '--dry-run'], /missing environment variable BATCH_REST_API_KEY/, without('BATCH_REST_API_KEY'));
  });

  it('refuses a bad region, data centre, Batch key list, endpoint override or settings JSON', async () => {
    const env = canaryEnv(fakes);
    await expectExit2(['delete', '--vendor', 'clevertap', '--ids', 'a', '--yes'], /CLEVERTAP_REGION must be one of eu, eu1, in1/, { ...env, CLEVERTAP_REGION: 'mars' });
    await expectExit2(['delete', '--vendor', 'engagelab', '--ids', 'a', '--yes'], /ENGAGELAB_DATA_CENTER must be one of sgp/, { ...env, ENGAGELAB_DATA_CENTER: 'moon' });
    await expectExit2(['delete', '--vendor', 'batch', '--ids', 'a', '--yes'], /BATCH_API_KEYS entry 2 \(ios\) has no key/, { ...env, BATCH_API_KEYS: `android=${env.BATCH_API_KEYS.split(',')[0].split('=')[1]},ios=` });
    await expectExit2(['delete', '--vendor', 'batch', '--ids', 'a', '--yes'], /USER_ERASURE_BATCH_BASE_URL uses plain http:\/\/ for example\.com; only loopback hosts/, { ...env, USER_ERASURE_BATCH_BASE_URL: 'http://example.com' });
    await expectExit2(['delete', '--vendor', 'batch', '--ids', 'a', '--yes'], /USER_ERASURE_SETTINGS is not valid JSON/, { ...env, USER_ERASURE_SETTINGS: '{' });
    const refused = await expectExit2(['delete', '--vendor', 'batch', '--ids', 'a', '--yes'], /USER_ERASURE_SETTINGS: clevertapConcurrency/, { ...env, USER_ERASURE_SETTINGS: '{"clevertapConcurrency":4}' });
    assert.doesNotMatch(refused.stderr, /using the default/, 'the CLI refuses the value: it does not go on with the default');
    await expectExit2(['delete', '--vendor', 'batch', '--ids', 'a', '--yes'], /USER_ERASURE_SETTINGS: unknown setting clevertapParallelism/, { ...env, USER_ERASURE_SETTINGS: '{"clevertapParallelism":2}' });
  });

  it('status, resume and export refuse a journal that does not exist', async () => {
    const missing = path.join(dir, 'nothing.jsonl');
    await expectExit2(['status', '--journal', missing], /no journal at .*nothing\.jsonl/);
    await expectExit2(['resume', '--journal', missing, '--yes'], /no journal at .*nothing\.jsonl/);
    await expectExit2(['export', '--journal', missing, '--format', 'csv'], /no journal at .*nothing\.jsonl/);
    await assert.rejects(fs.stat(missing), 'no file was created');
  });
});
