import * as assert from 'node:assert/strict';
import { MissingCredentialsError, type Account } from '../../../src/core/accounts';
import { InvalidSecretsError, SecretStore, secretKeyOf, accountIdOfSecretKey } from '../../../src/platform/secretStore';
import { MemorySecretStorage } from './memoryStorage';

const BATCH: Account = { id: 'b1', vendor: 'batch', label: 'EU prod', appKeyLabels: ['iOS', 'Android'] };
const CLEVERTAP: Account = { id: 'c1', vendor: 'clevertap', label: 'staging', region: 'eu', accountId: 'TEST-1' };

describe('SecretStore', () => {
  let storage: MemorySecretStorage;
  let store: SecretStore;

  beforeEach(() => {
    storage = new MemorySecretStorage();
    store = new SecretStore(storage);
  });

  afterEach(() => store.dispose());

  it('keeps one typed key per account, holding the secrets as JSON', async () => {
    await store.set('c1', 'clevertap', { passcode: 'PASS-1234' });
    assert.equal(secretKeyOf('c1'), 'userErasure.account.c1');
    assert.deepEqual(JSON.parse(storage.values.get('userErasure.account.c1')!), { passcode: 'PASS-1234' });
    assert.deepEqual(await store.get('c1', 'clevertap'), { passcode: 'PASS-1234' });
  });

  it('rejects secrets that do not fit the vendor schema, naming the field and not the value', async () => {
    await assert.rejects(
      store.set('e1', 'engagelab', { appKey: 'APPKEY-VALUE', masterSecret: '' }),
      (error: Error) => error instanceof InvalidSecretsError && /Master Secret/.test(error.message) && !error.message.includes('APPKEY-VALUE'),
    );
    assert.equal(storage.values.size, 0);
  });

  it('reads missing, non-JSON and wrongly shaped values as such, without echoing them', async () => {
    assert.deepEqual(await store.read('x', 'cooladata'), { state: 'missing' });
    storage.values.set(secretKeyOf('x'), 'not-json-SECRETVALUE');
    const notJson = await store.read('x', 'cooladata');
    assert.equal(notJson.state, 'invalid');
    assert.ok(notJson.state === 'invalid' && !notJson.problem.includes('SECRETVALUE'));
    storage.values.set(secretKeyOf('x'), JSON.stringify({ token: 'SECRETVALUE' }));
    const wrongShape = await store.read('x', 'cooladata');
    assert.ok(wrongShape.state === 'invalid' && /API token/.test(wrongShape.problem) && !wrongShape.problem.includes('SECRETVALUE'));
    assert.equal(await store.get('x', 'cooladata'), undefined);
  });

  it('secretsFor throws MissingCredentialsError naming the account label when nothing is stored', async () => {
    await assert.rejects(
      store.secretsFor(CLEVERTAP as Extract<Account, { vendor: 'clevertap' }>),
      (error: Error) => error instanceof MissingCredentialsError && error.message.includes('CleverTap account "staging"'),
    );
  });

  it('secretsFor throws when the stored secrets are unreadable, without the stored text', async () => {
    storage.values.set(secretKeyOf('c1'), '{"passcode": 42, "other": "LEAKME"}');
    await assert.rejects(
      store.secretsFor(CLEVERTAP as Extract<Account, { vendor: 'clevertap' }>),
      (error: Error) => error instanceof MissingCredentialsError && /cannot be used/.test(error.message) && !error.message.includes('LEAKME'),
    );
  });

  it('secretsFor names a Batch app whose key is missing', async () => {
    await store.set('b1', 'batch', { restKey: 'REST-KEY-1', appKeys: { iOS: 'IOSKEY' } });
    await assert.rejects(
      store.secretsFor(BATCH as Extract<Account, { vendor: 'batch' }>),
      (error: Error) => error instanceof MissingCredentialsError && error.message.includes('"Android"') && !error.message.includes('IOSKEY'),
    );
    await store.set('b1', 'batch', { restKey: 'REST-KEY-1', appKeys: { iOS: 'IOSKEY', Android: 'ANDKEY' } });
    assert.deepEqual(await store.secretsFor(BATCH as Extract<Account, { vendor: 'batch' }>), {
      restKey: 'REST-KEY-1',
      appKeys: { iOS: 'IOSKEY', Android: 'ANDKEY' },
    });
  });

  it('fires onDidChange for its own keys only, also when another window changed them', async () => {
    const seen: string[] = [];
    store.onDidChange((e) => seen.push(e.accountId));
    await store.set('c1', 'clevertap', { passcode: 'PASS-1234' });
    storage.fromAnotherWindow('someOtherExtensionKey', 'x');
    storage.fromAnotherWindow(secretKeyOf('e9'), '{}');
    await store.delete('c1');
    assert.deepEqual(seen, ['c1', 'e9', 'c1']);
  });

  it('stops firing after dispose', async () => {
    const seen: string[] = [];
    store.onDidChange((e) => seen.push(e.accountId));
    store.dispose();
    storage.fromAnotherWindow(secretKeyOf('c1'), '{}');
    assert.deepEqual(seen, []);
  });

  it('lists the account IDs that have secrets, and maps keys back to IDs', async () => {
    await store.set('c1', 'clevertap', { passcode: 'PASS-1234' });
    storage.values.set('unrelated', 'x');
    assert.deepEqual(await store.accountIds(), ['c1']);
    assert.equal(accountIdOfSecretKey('userErasure.account.'), undefined);
    assert.equal(accountIdOfSecretKey('userErasure.accounts'), undefined);
  });
});
