import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccountRepository } from '../../../src/platform/accountRepository';
import { importSandboxSeed, SANDBOX_SEED_VARIABLE } from '../../../src/platform/sandboxSeed';
import { SecretStore, secretKeyOf } from '../../../src/platform/secretStore';
import { MemoryMemento, MemorySecretStorage } from './memoryStorage';

const FAKE_URLS = {
  USER_ERASURE_CLEVERTAP_BASE_URL: 'http://127.0.0.1:4102',
  USER_ERASURE_BATCH_BASE_URL: 'http://127.0.0.1:4103',
};

const clevertapEntry = {
  account: { id: 'sandbox-clevertap', label: 'Demo EU', vendor: 'clevertap', region: 'eu1', accountId: 'TEST-FAKE-0001' },
  secrets: { passcode: 'FAKE-PASSCODE-0001' },
};
const batchEntry = {
  account: { id: 'sandbox-batch', label: 'Demo', vendor: 'batch', appKeyLabels: ['android'] },
  secrets: { restKey: 'batch-fake-rest-key', appKeys: { android: 'FAKEANDROIDAPIKEY' } },
};

describe('importSandboxSeed', () => {
  let dir: string;
  let storage: MemorySecretStorage;
  let secrets: SecretStore;
  let repo: AccountRepository;
  let logged: string[];
  const logger = { info: (m: string) => logged.push(`info ${m}`), warn: (m: string) => logged.push(`warn ${m}`) };

  function seedFile(content: unknown): string {
    const file = path.join(dir, 'seed.json');
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-seed-'));
    storage = new MemorySecretStorage();
    secrets = new SecretStore(storage);
    repo = new AccountRepository(new MemoryMemento(), secrets);
    logged = [];
  });

  afterEach(() => {
    repo.dispose();
    secrets.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does nothing without the variable', async () => {
    assert.equal(await importSandboxSeed(repo, logger, {}), 0);
    assert.deepEqual(repo.list(), []);
    assert.deepEqual(logged, []);
  });

  it('adds the accounts with their secrets, once', async () => {
    const env = { ...FAKE_URLS, [SANDBOX_SEED_VARIABLE]: seedFile({ accounts: [clevertapEntry, batchEntry] }) };
    assert.equal(await importSandboxSeed(repo, logger, env), 2);
    assert.deepEqual(repo.list().map((a) => a.id), ['sandbox-clevertap', 'sandbox-batch']);
    assert.deepEqual(JSON.parse(storage.values.get(secretKeyOf('sandbox-batch'))!), batchEntry.secrets);
    assert.equal(await importSandboxSeed(repo, logger, env), 0, 'a second activation adds nothing');
    assert.equal(repo.list().length, 2);
  });

  it('skips a vendor not pointed at a loopback server, without showing its secrets', async () => {
    const env = {
      USER_ERASURE_CLEVERTAP_BASE_URL: 'https://eu1.api.clevertap.com',
      [SANDBOX_SEED_VARIABLE]: seedFile({ accounts: [clevertapEntry, batchEntry] }),
    };
    assert.equal(await importSandboxSeed(repo, logger, env), 0);
    assert.deepEqual(repo.list(), []);
    assert.equal(logged.filter((l) => l.startsWith('warn Skipped')).length, 2);
    assert.ok(!logged.join('\n').includes('FAKE-PASSCODE-0001'));
  });

  it('logs an unreadable seed and adds nothing', async () => {
    assert.equal(await importSandboxSeed(repo, logger, { ...FAKE_URLS, [SANDBOX_SEED_VARIABLE]: seedFile('{not json') }), 0);
    assert.equal(await importSandboxSeed(repo, logger, { ...FAKE_URLS, [SANDBOX_SEED_VARIABLE]: seedFile({ accounts: [{ account: {} }] }) }), 0);
    assert.equal(await importSandboxSeed(repo, logger, { ...FAKE_URLS, [SANDBOX_SEED_VARIABLE]: path.join(dir, 'missing.json') }), 0);
    assert.equal(logged.filter((l) => l.startsWith('warn Sandbox seed')).length, 3);
  });

  it('skips an entry whose secrets do not fit the vendor, naming fields only', async () => {
    const bad = { ...clevertapEntry, secrets: { pass: 'FAKE-PASSCODE-0001' } };
    assert.equal(await importSandboxSeed(repo, logger, { ...FAKE_URLS, [SANDBOX_SEED_VARIABLE]: seedFile({ accounts: [bad, batchEntry] }) }), 1);
    assert.deepEqual(repo.list().map((a) => a.id), ['sandbox-batch']);
    assert.ok(!logged.join('\n').includes('FAKE-PASSCODE-0001'));
  });
});
