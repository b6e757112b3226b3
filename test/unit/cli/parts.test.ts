// The CLI's pure parts, in process: interrupt steps, exit status rule, Batch key list, the secrets
// the redactor learns from the environment.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { accountFromEnvironment, EnvironmentAccounts, environmentSecrets } from '../../../src/cli/environment';
import { parseBatchApiKeys } from '../../../src/vendors/batch';
import { requireSameAccount } from '../../../src/cli/jobAccounts';
import { describeTarget, type TargetSpec } from '../../../src/core/job';
import { Interrupts, type InterruptLevel } from '../../../src/cli/interrupts';
import { exitCodeFor, summarize, type CliResult } from '../../../src/cli/report';
import { environmentRedactor } from '../../../src/cli/main';

const result = (outcome: CliResult['outcome']): CliResult => ({ id: 'x', target: 't', outcome, httpStatus: null, message: null, reference: null });

describe('CLI parts', () => {
  it('Ctrl-C: cancel, then abort, then force; SIGTERM is a first Ctrl-C; an earlier interrupt is replayed to a new handler', () => {
    const signals = new EventEmitter();
    let forced = 0;
    const interrupts = new Interrupts(signals as never, () => forced++);
    const seen: InterruptLevel[] = [];
    signals.emit('SIGTERM');
    interrupts.handle((level) => seen.push(level));
    assert.deepEqual(seen, ['cancel'], 'replayed');
    signals.emit('SIGTERM');
    assert.deepEqual(seen, ['cancel', 'cancel']);
    signals.emit('SIGINT');
    assert.deepEqual(seen, ['cancel', 'cancel', 'abort']);
    assert.equal(forced, 0);
    signals.emit('SIGINT');
    assert.equal(forced, 1);
    assert.equal(interrupts.interrupted, true);
    interrupts.dispose();
    assert.equal(signals.listenerCount('SIGINT'), 0);
    assert.equal(signals.listenerCount('SIGTERM'), 0);
  });

  it('exit status: 0 only when every ID is accepted, done or not-found (planned counts only in a dry run)', () => {
    assert.equal(exitCodeFor({ dryRun: false, results: [result('accepted'), result('done'), result('not-found')] }), 0);
    for (const bad of ['failed', 'skipped', 'cancelled', 'unknown', 'planned'] as const) {
      assert.equal(exitCodeFor({ dryRun: false, results: [result('accepted'), result(bad)] }), 1, bad);
    }
    assert.equal(exitCodeFor({ dryRun: true, results: [result('planned'), result('not-found')] }), 0);
    assert.equal(exitCodeFor({ dryRun: true, results: [result('planned'), result('skipped')] }), 1);
    assert.deepEqual(summarize([result('planned'), result('not-found'), result('unknown')]), {
      accepted: 0, done: 0, failed: 0, notFound: 1, skipped: 0, cancelled: 0, unknown: 1,
    });
  });

  it('BATCH_API_KEYS: labelled or not, never a label twice or an empty key', () => {
    assert.deepEqual(parseBatchApiKeys('ios=K1, android = K2'), { ios: 'K1', android: 'K2' });
    assert.deepEqual(parseBatchApiKeys('K1,K2'), { app1: 'K1', app2: 'K2' });
    assert.throws(() => parseBatchApiKeys('ios=K1,ios=K2'), /the label "ios" twice/);
    assert.throws(() => parseBatchApiKeys(' , '), /holds no app API key/);
    // One app key under two labels would send every user's GDPR request twice to that app.
    assert.throws(
      () => parseBatchApiKeys('ios=SAMEKEY9,android=SAMEKEY9'),
      (error: Error) => /entry 2 \(android\) has the same key as "ios"/.test(error.message) && !error.message.includes('SAMEKEY9'),
    );
  });

  it('the Batch account of the environment is "environment": "Batch · environment · android · GDPR remove", never "Batch · Batch"', () => {
    const env = { BATCH_REST_API_KEY: 'rest-1234', BATCH_API_KEYS: 'android=ANDROIDKEY456' };
    const { account } = accountFromEnvironment('batch', env);
    assert.equal(account.label, 'environment');
    const spec = (accountLabel: string): TargetSpec => ({
      key: 'batch:env-batch:android:gdpr',
      accountId: account.id,
      accountLabel,
      options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'android' },
    });
    assert.equal(describeTarget(spec(account.label)), 'Batch · environment · android · GDPR remove');
    // A journal written when the label was "Batch" still resumes with the same credentials.
    const accounts = new EnvironmentAccounts(env);
    assert.doesNotThrow(() => requireSameAccount(spec(account.label), accounts, 'job-1'));
    assert.doesNotThrow(() => requireSameAccount(spec('Batch'), accounts, 'job-1'));
    assert.throws(() => requireSameAccount({ ...spec('Batch'), options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'ios' } }, accounts, 'job-1'), /which BATCH_API_KEYS does not name/);
  });

  it('the redactor knows every secret of the environment before anything runs', () => {
    const env = {
      COOLADATA_API_TOKEN: 'tok-1234',
      ENGAGELAB_APP_KEY: 'appkey-1',
      ENGAGELAB_MASTER_SECRET: 'master-1',
      CLEVERTAP_PASSCODE: 'pass-1234',
      BATCH_REST_API_KEY: 'rest-1234',
      BATCH_API_KEYS: 'ios=IOSKEY123,ANDROIDKEY456',
      CLEVERTAP_ACCOUNT_ID: 'ACC-1',
    };
    assert.ok(environmentSecrets(env).includes(Buffer.from('appkey-1:master-1').toString('base64')));
    const redactor = environmentRedactor(env);
    const text = `tok-1234 appkey-1 master-1 pass-1234 rest-1234 IOSKEY123 ANDROIDKEY456 ${encodeURIComponent('pass-1234')} ACC-1 ios`;
    assert.equal(redactor.redactText(text), '*** *** *** *** *** *** *** *** ACC-1 ios');
  });
});
