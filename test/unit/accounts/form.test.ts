import * as assert from 'node:assert/strict';
import type { Account, AccountOf, SecretsByVendor } from '../../../src/core/accounts';
import type { VendorId } from '../../../src/core/job';
import { askAccountEdit, askNewAccount, askVendor } from '../../../src/commands/accounts/form';
import { UserCancelled } from '../../../src/commands/errors';
import type { SecretRead } from '../../../src/platform/secretStore';
import { ScriptedPrompter, type Step } from './scriptedPrompter';

const newId = (vendor: VendorId) => `${vendor}-new`;

async function add<V extends VendorId>(vendor: V, steps: Step[], existing: Account[] = []) {
  const prompter = new ScriptedPrompter(steps);
  const result = await askNewAccount(prompter, vendor, existing, newId);
  assert.equal(prompter.remaining, 0, 'every scripted answer was used');
  return { result, prompter };
}

async function edit<V extends VendorId>(account: AccountOf<V>, stored: SecretRead<V>, steps: Step[], existing: Account[] = [account]) {
  const prompter = new ScriptedPrompter(steps);
  const result = await askAccountEdit(prompter, account, stored, existing);
  assert.equal(prompter.remaining, 0, 'every scripted answer was used');
  return { result, prompter };
}

const okSecrets = <V extends VendorId>(secrets: SecretsByVendor[V]): SecretRead<V> => ({ state: 'ok', secrets });

describe('account forms', () => {
  describe('Add Account', () => {
    it('picks a vendor by name', async () => {
      const prompter = new ScriptedPrompter([{ pick: 'CleverTap' }]);
      assert.equal(await askVendor(prompter), 'clevertap');
    });

    it('Cooladata: label, project ID, API token (password, trimmed), optional status path', async () => {
      const { result, prompter } = await add('cooladata', [
        { input: 'EU prod' },
        { input: ' 424242 ' },
        { input: ' cd-token-secret\n' },
        { input: '/api/v2/projects/{projectId}/users/delete/status' },
      ]);
      assert.deepEqual(result.account, {
        id: 'cooladata-new',
        vendor: 'cooladata',
        label: 'EU prod',
        projectId: '424242',
        statusPath: '/api/v2/projects/{projectId}/users/delete/status',
      });
      assert.deepEqual(result.secrets, { apiToken: 'cd-token-secret' });
      assert.deepEqual(prompter.asked.map((a) => a.password ?? false), [false, false, true, false]);
      assert.match(prompter.asked[0].title, /Add Cooladata Account \(1\/4\)/);
    });

    it('Cooladata: an empty status path means none', async () => {
      const { result } = await add('cooladata', [{ input: 'main' }, { input: '1' }, { input: 'tok-1' }, { input: '  ' }]);
      assert.equal('statusPath' in result.account, false);
    });

    it('EngageLab: data centre from a labelled list, AppKey, Master Secret (password)', async () => {
      const { result, prompter } = await add('engagelab', [
        { input: 'staging' },
        { pick: 'Frankfurt' },
        { input: 'el-appkey' },
        { input: 'el-master-secret' },
      ]);
      assert.deepEqual(result.account, { id: 'engagelab-new', vendor: 'engagelab', label: 'staging', dataCenter: 'defra' });
      assert.deepEqual(result.secrets, { appKey: 'el-appkey', masterSecret: 'el-master-secret' });
      const centres = prompter.asked[1].items!;
      assert.ok(centres.some((i) => i.startsWith('Singapore (default) | pushapi-sgp.engagelab.com')));
      assert.equal(prompter.asked[3].password, true);
    });

    it('CleverTap: region, Account ID, Passcode (password)', async () => {
      const { result, prompter } = await add('clevertap', [{ input: 'EU prod' }, { pick: 'India' }, { input: 'W9R-486-4W5Z' }, { input: 'PASSCODE1' }]);
      assert.deepEqual(result.account, { id: 'clevertap-new', vendor: 'clevertap', label: 'EU prod', region: 'in1', accountId: 'W9R-486-4W5Z' });
      assert.deepEqual(result.secrets, { passcode: 'PASSCODE1' });
      assert.equal(prompter.asked[3].password, true);
    });

    it('Batch: REST key, then labelled app keys in a loop', async () => {
      const { result, prompter } = await add('batch', [
        { input: 'prod' },
        { input: 'REST-KEY-1' },
        { input: 'iOS' },
        { input: 'IOSKEY' },
        { pick: 'Add another app key' },
        { reject: 'ios', message: /already has an app key labelled "ios"/ },
        { input: 'Android' },
        { input: 'ANDROIDKEY' },
        { pick: 'Save the account' },
      ]);
      assert.deepEqual(result.account, { id: 'batch-new', vendor: 'batch', label: 'prod', appKeyLabels: ['iOS', 'Android'] });
      assert.deepEqual(result.secrets, { restKey: 'REST-KEY-1', appKeys: { iOS: 'IOSKEY', Android: 'ANDROIDKEY' } });
      assert.equal(prompter.asked.filter((a) => a.kind === 'input' && /API key/.test(a.text)).every((a) => a.password), true);
    });

    it('shows clear validation messages inline', async () => {
      const existing: Account[] = [{ id: 'c0', vendor: 'clevertap', label: 'EU prod', region: 'eu', accountId: 'A' }];
      await add(
        'clevertap',
        [
          { reject: '   ', message: /^A label is required\.$/ },
          { reject: 'eu PROD', message: /A CleverTap account named "eu PROD" exists already/ },
          { input: 'EU prod 2' },
          { pick: 'Europe (default)' },
          { reject: '', message: /Account ID is required/ },
          { reject: 'W9R 486', message: /contains spaces/ },
          { input: 'W9R-486' },
          { reject: '', message: /passcode is required/ },
          { reject: 'abc\u0007def', message: /control characters/ },
          { reject: 'pass word', message: /contains spaces/ },
          { input: 'PASSCODE1' },
        ],
        existing,
      );
      await add('cooladata', [
        { input: 'x' },
        { reject: ' ', message: /project ID is required/ },
        { input: '1' },
        { input: 'tok-1' },
        { reject: 'https://app.cooladata.com/api/status', message: /only the path/ },
        { reject: 'api/status', message: /must start with \// },
        { input: '/api/status' },
      ]);
      await add('batch', [
        { input: 'x' },
        { input: 'REST-1' },
        { reject: '', message: /label is required/ },
        { input: 'Web' },
        { reject: 'abc/def', message: /cannot contain \// },
        { input: 'WEBKEY' },
        { pick: 'Save the account' },
      ]);
    });

    for (const [vendor, steps] of [
      ['cooladata', [{ input: 'x' }, { input: '1' }, { input: 'tok-1' }, { input: '' }]],
      ['engagelab', [{ input: 'x' }, { pick: 'Japan' }, { input: 'k' }, { input: 's' }]],
      ['clevertap', [{ input: 'x' }, { pick: 'Singapore' }, { input: 'A' }, { input: 'P' }]],
      ['batch', [{ input: 'x' }, { input: 'R' }, { input: 'iOS' }, { input: 'K' }, { pick: 'Save the account' }]],
    ] as [VendorId, Step[]][]) {
      it(`${vendor}: Escape at any of the ${steps.length} steps cancels`, async () => {
        for (let at = 0; at < steps.length; at++) {
          const prompter = new ScriptedPrompter([...steps.slice(0, at), { escape: true }]);
          await assert.rejects(askNewAccount(prompter, vendor, [], newId), UserCancelled, `Escape at step ${at + 1}`);
        }
      });
    }
  });

  describe('Edit Account', () => {
    const clevertap: AccountOf<'clevertap'> = { id: 'c1', vendor: 'clevertap', label: 'EU prod', region: 'eu', accountId: 'ACC-1' };

    it('Enter everywhere and "keep" keeps everything: no change, no secrets', async () => {
      const { result, prompter } = await edit(clevertap, okSecrets<'clevertap'>({ passcode: 'CURRENT-PASSCODE' }), [
        { input: 'EU prod' },
        { pick: 'Europe (default)' },
        { input: 'ACC-1' },
        { pick: 'Keep the current Passcode' },
      ]);
      assert.equal(result.changed, false);
      assert.equal(result.secrets, undefined);
      assert.equal(prompter.asked[0].value, 'EU prod', 'fields are prefilled');
      assert.match(prompter.asked[1].items![0], /^Europe \(default\).*\(current\)/);
      assert.ok(!prompter.shownText().includes('CURRENT-PASSCODE'), 'the current secret is never shown');
    });

    it('changes non-secret fields and replaces a secret', async () => {
      const { result, prompter } = await edit(clevertap, okSecrets<'clevertap'>({ passcode: 'CURRENT-PASSCODE' }), [
        { input: 'EU production' },
        { pick: 'United States' },
        { input: 'ACC-1' },
        { pick: /^Replace the Passcode/ },
        { input: 'NEW-PASSCODE' },
      ]);
      assert.deepEqual(result, {
        account: { ...clevertap, label: 'EU production', region: 'us1' },
        secrets: { passcode: 'NEW-PASSCODE' },
        changed: true,
      });
      assert.ok(!prompter.shownText().includes('CURRENT-PASSCODE'));
    });

    it('keeps its own label but refuses another account\'s', async () => {
      const other: Account = { ...clevertap, id: 'c2', label: 'staging' };
      await edit(
        clevertap,
        okSecrets<'clevertap'>({ passcode: 'P' }),
        [{ reject: 'Staging', message: /exists already/ }, { input: 'eu prod' }, { pick: 'Europe (default)' }, { input: 'ACC-1' }, { pick: /^Keep/ }],
        [clevertap, other],
      );
    });

    it('asks for a secret directly when none usable is stored', async () => {
      const { result, prompter } = await edit(clevertap, { state: 'missing' }, [
        { input: 'EU prod' },
        { pick: 'Europe (default)' },
        { input: 'ACC-1' },
        { input: 'FRESH-PASSCODE' },
      ]);
      assert.deepEqual(result.secrets, { passcode: 'FRESH-PASSCODE' });
      assert.match(prompter.asked[3].text, /No usable Passcode is stored/);
    });

    it('EngageLab: replacing the Master Secret keeps the stored AppKey', async () => {
      const account: AccountOf<'engagelab'> = { id: 'e1', vendor: 'engagelab', label: 'x', dataCenter: 'sgp' };
      const { result } = await edit(account, okSecrets<'engagelab'>({ appKey: 'OLD-APPKEY', masterSecret: 'OLD-SECRET' }), [
        { input: 'x' },
        { pick: 'Hong Kong' },
        { pick: /^Keep the current AppKey/ },
        { pick: /^Replace the Master Secret/ },
        { input: 'NEW-SECRET' },
      ]);
      assert.deepEqual(result.account, { ...account, dataCenter: 'hk' });
      assert.deepEqual(result.secrets, { appKey: 'OLD-APPKEY', masterSecret: 'NEW-SECRET' });
    });

    it('Cooladata: a new token forgets the remembered Authorization form; keeping it keeps the form', async () => {
      const account: AccountOf<'cooladata'> = { id: 'd1', vendor: 'cooladata', label: 'x', projectId: '1', authForm: 'bare', statusPath: '/s' };
      const stored = okSecrets<'cooladata'>({ apiToken: 'OLD' });
      const replaced = await edit(account, stored, [{ input: 'x' }, { input: '1' }, { pick: /^Replace/ }, { input: 'NEW-TOKEN' }, { input: '' }]);
      assert.deepEqual(replaced.result.account, { id: 'd1', vendor: 'cooladata', label: 'x', projectId: '1' });
      assert.deepEqual(replaced.result.secrets, { apiToken: 'NEW-TOKEN' });
      const kept = await edit(account, stored, [{ input: 'x' }, { input: '2' }, { pick: /^Keep/ }, { input: '/s' }]);
      assert.deepEqual(kept.result.account, { ...account, projectId: '2' });
      assert.equal(kept.result.secrets, undefined);
      assert.equal(kept.result.changed, true);
    });

    describe('Batch app keys', () => {
      const account: AccountOf<'batch'> = { id: 'b1', vendor: 'batch', label: 'prod', appKeyLabels: ['iOS', 'Android'] };
      const stored = okSecrets<'batch'>({ restKey: 'REST', appKeys: { iOS: 'IOSKEY', Android: 'ANDKEY' } });

      it('kept as they are: no secrets written', async () => {
        const { result } = await edit(account, stored, [{ input: 'prod' }, { pick: /^Keep the current REST/ }, { pick: /^Keep the app keys/ }]);
        assert.equal(result.changed, false);
        assert.equal(result.secrets, undefined);
      });

      it('rename carries the stored key, remove drops one, add asks label and key', async () => {
        const { result, prompter } = await edit(account, stored, [
          { input: 'prod' },
          { pick: /^Keep the current REST/ },
          { pick: /^Change the app keys/ },
          { pick: 'iOS' },
          { pick: 'Rename' },
          { reject: 'android', message: /already has an app key/ },
          { input: 'Apple' },
          { pick: 'Android' },
          { pick: 'Remove' },
          { pick: /Add an app key/ },
          { input: 'Web' },
          { input: 'WEBKEY' },
          { pick: /Done/ },
        ]);
        assert.deepEqual(result.account.appKeyLabels, ['Apple', 'Web']);
        assert.deepEqual(result.secrets, { restKey: 'REST', appKeys: { Apple: 'IOSKEY', Web: 'WEBKEY' } });
        assert.ok(!prompter.shownText().includes('IOSKEY') && !prompter.shownText().includes('ANDKEY'));
      });

      it('the last app key cannot be removed', async () => {
        const single: AccountOf<'batch'> = { ...account, appKeyLabels: ['iOS'] };
        const { prompter } = await edit(single, okSecrets<'batch'>({ restKey: 'REST', appKeys: { iOS: 'IOSKEY' } }), [
          { input: 'prod' },
          { pick: /^Keep the current REST/ },
          { pick: /^Change the app keys/ },
          { pick: 'iOS' },
          { pick: 'Replace the key' },
          { input: 'NEWIOSKEY' },
          { pick: /Done/ },
        ]);
        const actions = prompter.asked.find((a) => a.title && a.text === 'App "iOS"')!;
        assert.deepEqual(actions.items!.map((i) => i.split(' | ')[0]), ['Rename', 'Replace the key']);
      });

      it('an app without a stored key must get one before Done', async () => {
        const { result } = await edit(account, okSecrets<'batch'>({ restKey: 'REST', appKeys: { iOS: 'IOSKEY' } }), [
          { input: 'prod' },
          { pick: /^Keep the current REST/ },
          { pick: /Done/ },
          { pick: 'Android' },
          { input: 'ANDKEY2' },
          { pick: /Done/ },
        ]);
        assert.deepEqual(result.secrets, { restKey: 'REST', appKeys: { iOS: 'IOSKEY', Android: 'ANDKEY2' } });
      });
    });

    it('Escape during an edit cancels', async () => {
      const prompter = new ScriptedPrompter([{ input: 'EU prod' }, { pick: 'India' }, { escape: true }]);
      await assert.rejects(askAccountEdit(prompter, clevertap, okSecrets<'clevertap'>({ passcode: 'P' }), [clevertap]), UserCancelled);
    });
  });
});
