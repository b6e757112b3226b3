import * as assert from 'node:assert/strict';
import { MissingCredentialsError, type Account } from '../../../src/core/accounts';
import type { AccountOf } from '../../../src/vendors';
import {
  ACCOUNTS_STATE_KEY,
  AccountRepository,
  AccountValidationError,
  newAccountId,
  UNREADABLE_ACCOUNTS_STATE_KEY,
} from '../../../src/platform/accountRepository';
import { SecretStore, secretKeyOf } from '../../../src/platform/secretStore';
import { MemoryMemento, MemorySecretStorage } from './memoryStorage';

const clevertap = (id: string, label: string): AccountOf<'clevertap'> => ({ id, vendor: 'clevertap', label, region: 'eu', accountId: 'TEST-1' });
const cooladata = (id: string, label: string): AccountOf<'cooladata'> => ({ id, vendor: 'cooladata', label, projectId: '424242' });
const batch = (id: string, label: string, apps: string[]): AccountOf<'batch'> => ({ id, vendor: 'batch', label, appKeyLabels: apps });

describe('AccountRepository', () => {
  let state: MemoryMemento;
  let storage: MemorySecretStorage;
  let secrets: SecretStore;
  let repo: AccountRepository;
  let problems: string[];

  beforeEach(() => {
    state = new MemoryMemento();
    storage = new MemorySecretStorage();
    secrets = new SecretStore(storage);
    problems = [];
    repo = new AccountRepository(state, secrets, (m) => problems.push(m));
  });

  afterEach(() => {
    repo.dispose();
    secrets.dispose();
  });

  it('keeps metadata in globalState and secrets only in secret storage', async () => {
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASSCODE-SECRET' });
    const stored = state.get<unknown[]>(ACCOUNTS_STATE_KEY);
    assert.deepEqual(stored, [clevertap('c1', 'EU prod')]);
    assert.ok(!JSON.stringify([...state.values]).includes('PASSCODE-SECRET'));
    assert.equal(storage.values.get(secretKeyOf('c1')), JSON.stringify({ passcode: 'PASSCODE-SECRET' }));
    assert.deepEqual(repo.get('c1'), clevertap('c1', 'EU prod'));
    assert.deepEqual(await repo.secretsFor(repo.get('c1') as AccountOf<'clevertap'>), { passcode: 'PASSCODE-SECRET' });
  });

  it('lists in vendor order then by label, and filters by vendor', async () => {
    await repo.add(clevertap('c2', 'staging'), { passcode: 'PASS-2222' });
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    await repo.add(cooladata('d1', 'main'), { apiToken: 'TOKEN-1111' });
    assert.deepEqual(repo.list().map((a) => a.id), ['d1', 'c1', 'c2']);
    assert.deepEqual(repo.list('clevertap').map((a) => a.label), ['EU prod', 'staging']);
    assert.deepEqual(repo.list('batch'), []);
  });

  it('keeps labels unique per vendor (trimmed, any case) but allows the same label at another vendor', async () => {
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    await assert.rejects(repo.add(clevertap('c2', ' eu PROD '), { passcode: 'PASS-2222' }), AccountValidationError);
    assert.equal(storage.values.has(secretKeyOf('c2')), false, 'no secrets left behind');
    await repo.add(cooladata('d1', 'EU prod'), { apiToken: 'TOKEN-1111' });
    assert.equal(repo.isLabelTaken('clevertap', 'eu prod'), true);
    assert.equal(repo.isLabelTaken('clevertap', 'eu prod', 'c1'), false);
  });

  it('rejects invalid metadata and secrets with messages that name fields, storing nothing', async () => {
    await assert.rejects(
      repo.add({ ...clevertap('c1', 'x'), accountId: '  ' }, { passcode: 'PASS-1111' }),
      (e: Error) => e instanceof AccountValidationError && /Account ID/.test(e.message),
    );
    await assert.rejects(repo.add(clevertap('c1', 'x'), { passcode: '' }), /passcode/);
    await assert.rejects(
      repo.add(batch('b1', 'x', ['iOS', 'Android']), { restKey: 'REST-1111', appKeys: { iOS: 'IOSKEY-SECRET' } }),
      (e: Error) => e instanceof AccountValidationError && e.message.includes('"Android"') && !e.message.includes('IOSKEY-SECRET'),
    );
    assert.deepEqual(repo.list(), []);
    assert.equal(storage.values.size, 0);
  });

  it('rolls the secrets back when the metadata cannot be written', async () => {
    state.update = async () => {
      throw new Error('disk full');
    };
    await assert.rejects(repo.add(clevertap('c1', 'x'), { passcode: 'PASS-1111' }), /disk full/);
    assert.equal(storage.values.size, 0);
  });

  it('update() changes metadata only, never the ID or vendor, and ignores a removed account', async () => {
    await repo.add(cooladata('d1', 'main'), { apiToken: 'TOKEN-1111' });
    await repo.update('d1', { authForm: 'bare' });
    assert.equal((repo.get('d1') as AccountOf<'cooladata'>).authForm, 'bare');
    await repo.update('d1', { id: 'other', vendor: 'batch' } as Partial<Account>);
    assert.equal(repo.get('d1')?.vendor, 'cooladata');
    assert.equal(repo.get('other'), undefined);
    await repo.update('gone', { label: 'x' });
    assert.deepEqual(problems, []);
  });

  it('update() reports a patch that does not fit instead of rejecting (clients do not wait for it)', async () => {
    await repo.add(cooladata('d1', 'main'), { apiToken: 'TOKEN-1111' });
    await repo.update('d1', { statusPath: 'no-slash' } as Partial<Account>);
    assert.equal((repo.get('d1') as AccountOf<'cooladata'>).statusPath, undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /Cooladata account "main".*status endpoint path/);
  });

  it('replace() changes metadata and, when given, the secrets; the vendor cannot change', async () => {
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    await repo.replace({ ...clevertap('c1', 'EU production'), region: 'us1' });
    assert.equal(repo.get('c1')?.label, 'EU production');
    assert.equal(JSON.parse(storage.values.get(secretKeyOf('c1'))!).passcode, 'PASS-1111');
    await repo.replace(clevertap('c1', 'EU production'), { passcode: 'PASS-2222' });
    assert.equal(JSON.parse(storage.values.get(secretKeyOf('c1'))!).passcode, 'PASS-2222');
    await assert.rejects(repo.replace(cooladata('c1', 'EU production') as never, { apiToken: 'TOKEN-1' } as never), /vendor/);
    await assert.rejects(repo.replace(clevertap('nope', 'x')), /no longer exists/);
  });

  it('replace() refuses a label another account of the vendor has', async () => {
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    await repo.add(clevertap('c2', 'staging'), { passcode: 'PASS-2222' });
    await assert.rejects(repo.replace(clevertap('c2', 'EU Prod')), /exists already/);
    await repo.replace(clevertap('c1', 'eu prod'));
    assert.equal(repo.get('c1')?.label, 'eu prod');
  });

  it('replace() of a Batch account needs a key for every app label', async () => {
    await repo.add(batch('b1', 'x', ['iOS']), { restKey: 'REST-1111', appKeys: { iOS: 'IOSKEY' } });
    await assert.rejects(repo.replace(batch('b1', 'x', ['iOS', 'Web'])), /"Web"/);
    await repo.replace(batch('b1', 'x', ['iOS', 'Web']), { restKey: 'REST-1111', appKeys: { iOS: 'IOSKEY', Web: 'WEBKEY' } });
    assert.deepEqual((repo.get('b1') as AccountOf<'batch'>).appKeyLabels, ['iOS', 'Web']);
  });

  it('remove() clears the metadata and the secrets', async () => {
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    await repo.add(clevertap('c2', 'staging'), { passcode: 'PASS-2222' });
    const removed = await repo.remove('c1');
    assert.equal(removed?.label, 'EU prod');
    assert.deepEqual(repo.list().map((a) => a.id), ['c2']);
    assert.equal(storage.values.has(secretKeyOf('c1')), false);
    await assert.rejects(secrets.secretsFor(clevertap('c1', 'EU prod')), MissingCredentialsError);
  });

  it('reports a corrupt stored entry once, skips it, and keeps it in storage on the next write', async () => {
    const corrupt = { id: 'x1', vendor: 'clevertap', label: 'broken', region: 'mars' };
    state.fromAnotherWindow(ACCOUNTS_STATE_KEY, [cooladata('d1', 'main'), corrupt, 'garbage']);
    assert.deepEqual(repo.list().map((a) => a.id), ['d1']);
    repo.list();
    assert.equal(problems.length, 2);
    assert.match(problems[0], /#2 "broken" \(x1\).*region/);
    assert.match(problems[1], /#3 cannot be read/);
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    assert.deepEqual(state.get<unknown[]>(ACCOUNTS_STATE_KEY), [cooladata('d1', 'main'), corrupt, 'garbage', clevertap('c1', 'EU prod')]);
    assert.equal(problems.length, 2);
  });

  it('ignores a repeated account ID after the first', async () => {
    state.fromAnotherWindow(ACCOUNTS_STATE_KEY, [cooladata('d1', 'main'), cooladata('d1', 'copy')]);
    assert.deepEqual(repo.list().map((a) => a.label), ['main']);
    assert.match(problems[0], /repeats an account ID/);
  });

  it('survives a stored value that is not a list, keeping it aside before the first write', async () => {
    state.fromAnotherWindow(ACCOUNTS_STATE_KEY, { oops: true });
    assert.deepEqual(repo.list(), []);
    assert.match(problems[0], /not a list/);
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    assert.deepEqual(state.get(UNREADABLE_ACCOUNTS_STATE_KEY), { oops: true });
    assert.deepEqual(repo.list().map((a) => a.id), ['c1']);
  });

  it('sees metadata another window wrote, without an event', async () => {
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    state.fromAnotherWindow(ACCOUNTS_STATE_KEY, [clevertap('c1', 'renamed elsewhere')]);
    assert.equal(repo.get('c1')?.label, 'renamed elsewhere');
  });

  it('fires onDidChange on every change, including secrets changed in another window', async () => {
    let fired = 0;
    repo.onDidChange(() => fired++);
    await repo.add(cooladata('d1', 'main'), { apiToken: 'TOKEN-1111' });
    const afterAdd = fired;
    assert.ok(afterAdd >= 1);
    await repo.update('d1', { authForm: 'token' });
    assert.ok(fired > afterAdd);
    const afterUpdate = fired;
    storage.fromAnotherWindow(secretKeyOf('d1'), JSON.stringify({ apiToken: 'TOKEN-2222' }));
    assert.equal(fired, afterUpdate + 1);
    storage.fromAnotherWindow('not-ours', 'x');
    assert.equal(fired, afterUpdate + 1);
    await repo.remove('d1');
    assert.ok(fired > afterUpdate + 1);
  });

  it('runs changes one at a time, so an update started without waiting is not lost by an add', async () => {
    await repo.add(cooladata('d1', 'main'), { apiToken: 'TOKEN-1111' });
    const update = repo.update('d1', { authForm: 'bare' });
    const add = repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    await Promise.all([update, add]);
    assert.equal((repo.get('d1') as AccountOf<'cooladata'>).authForm, 'bare');
    assert.ok(repo.get('c1'));
  });

  it('a failed change does not block the next one', async () => {
    await assert.rejects(repo.replace(clevertap('nope', 'x')));
    await repo.add(clevertap('c1', 'EU prod'), { passcode: 'PASS-1111' });
    assert.ok(repo.get('c1'));
  });

  it('makes account IDs that start with the vendor and do not repeat', () => {
    const a = newAccountId('batch');
    assert.match(a, /^batch-[0-9a-f-]{36}$/);
    assert.notEqual(a, newAccountId('batch'));
  });
});
