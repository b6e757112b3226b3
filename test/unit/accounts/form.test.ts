import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts';
import type { AccountOf, SecretsByVendor } from '../../../src/vendors';
import type { ProductVendorId as VendorId } from '../../../src/vendors';
import { askAccountEdit, askNewAccount, askVendor } from '../../../src/commands/accounts/form';
import { UserCancelled } from '../../../src/commands/errors';
import type { SecretRead } from '../../../src/platform/secretStore';
import { escape, picked, rejected, ScriptedPrompter, seen, typed, type Step } from '../helpers/scriptedPrompter';

const newId = (vendor: string) => `${vendor}-new`;

async function add<V extends VendorId>(vendor: V, steps: Step[], existing: Account[] = []) {
  const prompter = new ScriptedPrompter(steps);
  const result = await askNewAccount(prompter, vendor, existing, newId);
  assert.equal(prompter.remaining, 0, 'every scripted answer was used');
  return { result, prompter };
}

async function edit<V extends VendorId>(account: AccountOf<V>, stored: SecretRead, steps: Step[], existing: Account[] = [account]) {
  const prompter = new ScriptedPrompter(steps);
  const result = await askAccountEdit(prompter, account, stored, existing);
  assert.equal(prompter.remaining, 0, 'every scripted answer was used');
  return { result, prompter };
}

const okSecrets = <V extends VendorId>(secrets: SecretsByVendor[V]): SecretRead => ({ state: 'ok', secrets });

describe('account forms', () => {
  describe('Add Account', () => {
    it('picks a vendor by name', async () => {
      const prompter = new ScriptedPrompter([picked('CleverTap')]);
      assert.equal(await askVendor(prompter), 'clevertap');
    });

    it('Cooladata: label, project ID, API token (password, trimmed), optional status path', async () => {
      const { result, prompter } = await add('cooladata', [
        typed('EU prod'),
        typed(' 424242 '),
        typed(' cd-token-secret\n'),
        typed('/api/v2/projects/{projectId}/users/delete/status'),
      ]);
      assert.deepEqual(result.account, {
        id: 'cooladata-new',
        vendor: 'cooladata',
        label: 'EU prod',
        projectId: '424242',
        statusPath: '/api/v2/projects/{projectId}/users/delete/status',
      });
      assert.deepEqual(result.secrets, { apiToken: 'cd-token-secret' });
      assert.deepEqual(prompter.asked.map(seen).map((a) => a.password ?? false), [false, false, true, false]);
      assert.match(seen(prompter.asked[0]).title, /Add Cooladata Account \(1\/4\)/);
    });

    it('Cooladata: an empty status path means none', async () => {
      const { result } = await add('cooladata', [typed('main'), typed('1'), typed('tok-1'), typed('  ')]);
      assert.equal('statusPath' in result.account, false);
    });

    it('EngageLab: data centre from a labelled list, AppKey, Master Secret (password)', async () => {
      const { result, prompter } = await add('engagelab', [
        typed('staging'),
        picked('Frankfurt'),
        typed('el-appkey'),
        typed('el-master-secret'),
      ]);
      assert.deepEqual(result.account, { id: 'engagelab-new', vendor: 'engagelab', label: 'staging', dataCenter: 'defra' });
      assert.deepEqual(result.secrets, { appKey: 'el-appkey', masterSecret: 'el-master-secret' });
      const centres = seen(prompter.asked[1]).items!;
      assert.ok(centres.some((i) => i.startsWith('Singapore (default) | pushapi-sgp.engagelab.com')));
      assert.equal(seen(prompter.asked[3]).password, true);
    });

    it('CleverTap: region, Account ID, Passcode (password)', async () => {
      const { result, prompter } = await add('clevertap', [typed('EU prod'), picked('India'), typed('W9R-486-4W5Z'), typed('PASSCODE1')]);
      assert.deepEqual(result.account, { id: 'clevertap-new', vendor: 'clevertap', label: 'EU prod', region: 'in1', accountId: 'W9R-486-4W5Z' });
      assert.deepEqual(result.secrets, { passcode: 'PASSCODE1' });
      assert.equal(seen(prompter.asked[3]).password, true);
    });

    it('Batch: REST key, then labelled app keys in a loop', async () => {
      const { result, prompter } = await add('batch', [
        typed('prod'),
        typed('REST-KEY-1'),
        typed('iOS'),
        typed('IOSKEY'),
        picked('Add another app key'),
        rejected('ios', /already has an app key labelled "ios"/),
        typed('Android'),
        typed('ANDROIDKEY'),
        picked('Save the account'),
      ]);
      assert.deepEqual(result.account, { id: 'batch-new', vendor: 'batch', label: 'prod', appKeyLabels: ['iOS', 'Android'] });
      assert.deepEqual(result.secrets, { restKey: 'REST-KEY-1', appKeys: { iOS: 'IOSKEY', Android: 'ANDROIDKEY' } });
      assert.equal(prompter.asked.map(seen).filter((a) => a.kind === 'input' && /API key/.test(a.text)).every((a) => a.password), true);
    });

    it('shows clear validation messages inline', async () => {
      const existing: Account[] = [{ id: 'c0', vendor: 'clevertap', label: 'EU prod', region: 'eu', accountId: 'A' }];
      await add(
        'clevertap',
        [
          rejected('   ', /^A label is required\.$/),
          rejected('eu PROD', /A CleverTap account named "eu PROD" exists already/),
          typed('EU prod 2'),
          picked('Europe (default)'),
          rejected('', /Account ID is required/),
          rejected('W9R 486', /contains a space at character 4/),
          typed('W9R-486'),
          rejected('', /passcode is required/),
          rejected('abc\u0007def', /control character/),
          rejected('pass\u200bcode', /^The Passcode contains a character outside ASCII \(an invisible one, such as a zero-width space\?\) at character 5: paste it again\.$/),
          rejected('pass\r\ncode', /line break/),
          rejected('pass word', /contains a space/),
          typed('PASSCODE1'),
        ],
        existing,
      );
      await add('cooladata', [
        typed('x'),
        rejected(' ', /project ID is required/),
        typed('1'),
        typed('tok-1'),
        rejected('https://app.cooladata.com/api/status', /only the path/),
        rejected('api/status', /must start with \//),
        typed('/api/status'),
      ]);
      await add('batch', [
        typed('x'),
        typed('REST-1'),
        rejected('', /label is required/),
        typed('Web'),
        rejected('abc/def', /cannot contain \//),
        typed('WEBKEY'),
        picked('Save the account'),
      ]);
    });

    for (const [vendor, steps] of [
      ['cooladata', [typed('x'), typed('1'), typed('tok-1'), typed('')]],
      ['engagelab', [typed('x'), picked('Japan'), typed('k'), typed('s')]],
      ['clevertap', [typed('x'), picked('Singapore'), typed('A'), typed('P')]],
      ['batch', [typed('x'), typed('R'), typed('iOS'), typed('K'), picked('Save the account')]],
    ] as [VendorId, Step[]][]) {
      it(`${vendor}: Escape at any of the ${steps.length} steps cancels`, async () => {
        for (let at = 0; at < steps.length; at++) {
          const prompter = new ScriptedPrompter([...steps.slice(0, at), escape]);
          await assert.rejects(askNewAccount(prompter, vendor, [], newId), UserCancelled, `Escape at step ${at + 1}`);
        }
      });
    }
  });

  describe('Edit Account', () => {
    const clevertap: AccountOf<'clevertap'> = { id: 'c1', vendor: 'clevertap', label: 'EU prod', region: 'eu', accountId: 'ACC-1' };

    it('Enter everywhere and "keep" keeps everything: no change, no secrets', async () => {
      const { result, prompter } = await edit(clevertap, okSecrets<'clevertap'>({ passcode: 'CURRENT-PASSCODE' }), [
        typed('EU prod'),
        picked('Europe (default)'),
        typed('ACC-1'),
        picked('Keep the current Passcode'),
      ]);
      assert.equal(result.changed, false);
      assert.equal(result.secrets, undefined);
      assert.equal(seen(prompter.asked[0]).value, 'EU prod', 'fields are prefilled');
      assert.match(seen(prompter.asked[1]).items![0], /^Europe \(default\).*\(current\)/);
      assert.ok(!prompter.shownText().includes('CURRENT-PASSCODE'), 'the current secret is never shown');
    });

    it('changes non-secret fields and replaces a secret', async () => {
      const { result, prompter } = await edit(clevertap, okSecrets<'clevertap'>({ passcode: 'CURRENT-PASSCODE' }), [
        typed('EU production'),
        picked('United States'),
        typed('ACC-1'),
        picked(/^Replace the Passcode/),
        typed('NEW-PASSCODE'),
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
        [rejected('Staging', /exists already/), typed('eu prod'), picked('Europe (default)'), typed('ACC-1'), picked(/^Keep/)],
        [clevertap, other],
      );
    });

    it('asks for a secret directly when none usable is stored', async () => {
      const { result, prompter } = await edit(clevertap, { state: 'missing' }, [
        typed('EU prod'),
        picked('Europe (default)'),
        typed('ACC-1'),
        typed('FRESH-PASSCODE'),
      ]);
      assert.deepEqual(result.secrets, { passcode: 'FRESH-PASSCODE' });
      assert.match(seen(prompter.asked[3]).text, /No usable Passcode is stored/);
    });

    it('never offers to keep a stored secret that no request can carry (a zero-width space pasted earlier)', async () => {
      const { result, prompter } = await edit(clevertap, okSecrets<'clevertap'>({ passcode: 'PASS\u200bCODE' }), [
        typed('EU prod'),
        picked('Europe (default)'),
        typed('ACC-1'),
        rejected('STILL\u200bBAD', /outside ASCII/),
        typed('FRESH-PASSCODE'),
      ]);
      assert.deepEqual(result.secrets, { passcode: 'FRESH-PASSCODE' });
      assert.match(seen(prompter.asked[3]).text, /^The stored Passcode cannot be sent \(it contains a character outside ASCII .* at character 5\): enter it\./);
      assert.doesNotMatch(seen(prompter.asked[3]).text, /PASS/);
    });

    it('EngageLab: replacing the Master Secret keeps the stored AppKey', async () => {
      const account: AccountOf<'engagelab'> = { id: 'e1', vendor: 'engagelab', label: 'x', dataCenter: 'sgp' };
      const { result } = await edit(account, okSecrets<'engagelab'>({ appKey: 'OLD-APPKEY', masterSecret: 'OLD-SECRET' }), [
        typed('x'),
        picked('Hong Kong'),
        picked(/^Keep the current AppKey/),
        picked(/^Replace the Master Secret/),
        typed('NEW-SECRET'),
      ]);
      assert.deepEqual(result.account, { ...account, dataCenter: 'hk' });
      assert.deepEqual(result.secrets, { appKey: 'OLD-APPKEY', masterSecret: 'NEW-SECRET' });
    });

    it('Cooladata: a new token forgets the remembered Authorization form; keeping it keeps the form', async () => {
      const account: AccountOf<'cooladata'> = { id: 'd1', vendor: 'cooladata', label: 'x', projectId: '1', authForm: 'bare', statusPath: '/s' };
      const stored = okSecrets<'cooladata'>({ apiToken: 'OLD' });
      const replaced = await edit(account, stored, [typed('x'), typed('1'), picked(/^Replace/), typed('NEW-TOKEN'), typed('')]);
      assert.deepEqual(replaced.result.account, { id: 'd1', vendor: 'cooladata', label: 'x', projectId: '1' });
      assert.deepEqual(replaced.result.secrets, { apiToken: 'NEW-TOKEN' });
      const kept = await edit(account, stored, [typed('x'), typed('2'), picked(/^Keep/), typed('/s')]);
      assert.deepEqual(kept.result.account, { ...account, projectId: '2' });
      assert.equal(kept.result.secrets, undefined);
      assert.equal(kept.result.changed, true);
    });

    describe('Batch app keys', () => {
      const account: AccountOf<'batch'> = { id: 'b1', vendor: 'batch', label: 'prod', appKeyLabels: ['iOS', 'Android'] };
      const stored = okSecrets<'batch'>({ restKey: 'REST', appKeys: { iOS: 'IOSKEY', Android: 'ANDKEY' } });

      it('kept as they are: no secrets written', async () => {
        const { result } = await edit(account, stored, [typed('prod'), picked(/^Keep the current REST/), picked(/^Keep the app keys/)]);
        assert.equal(result.changed, false);
        assert.equal(result.secrets, undefined);
      });

      it('rename carries the stored key, remove drops one, add asks label and key', async () => {
        const { result, prompter } = await edit(account, stored, [
          typed('prod'),
          picked(/^Keep the current REST/),
          picked(/^Change the app keys/),
          picked('iOS'),
          picked('Rename'),
          rejected('android', /already has an app key/),
          typed('Apple'),
          picked('Android'),
          picked('Remove'),
          picked(/Add an app key/),
          typed('Web'),
          typed('WEBKEY'),
          picked(/Done/),
        ]);
        assert.deepEqual(result.account.appKeyLabels, ['Apple', 'Web']);
        assert.deepEqual(result.secrets, { restKey: 'REST', appKeys: { Apple: 'IOSKEY', Web: 'WEBKEY' } });
        assert.ok(!prompter.shownText().includes('IOSKEY') && !prompter.shownText().includes('ANDKEY'));
      });

      it('the last app key cannot be removed', async () => {
        const single: AccountOf<'batch'> = { ...account, appKeyLabels: ['iOS'] };
        const { prompter } = await edit(single, okSecrets<'batch'>({ restKey: 'REST', appKeys: { iOS: 'IOSKEY' } }), [
          typed('prod'),
          picked(/^Keep the current REST/),
          picked(/^Change the app keys/),
          picked('iOS'),
          picked('Replace the key'),
          typed('NEWIOSKEY'),
          picked(/Done/),
        ]);
        const actions = prompter.asked.map(seen).find((a) => a.title && a.text === 'App "iOS"')!;
        assert.deepEqual(actions.items!.map((i) => i.split(' | ')[0]), ['Rename', 'Replace the key']);
      });

      it('an app without a stored key must get one before Done', async () => {
        const { result } = await edit(account, okSecrets<'batch'>({ restKey: 'REST', appKeys: { iOS: 'IOSKEY' } }), [
          typed('prod'),
          picked(/^Keep the current REST/),
          picked(/Done/),
          picked('Android'),
          typed('ANDKEY2'),
          picked(/Done/),
        ]);
        assert.deepEqual(result.secrets, { restKey: 'REST', appKeys: { iOS: 'IOSKEY', Android: 'ANDKEY2' } });
      });
    });

    it('Escape during an edit cancels', async () => {
      const prompter = new ScriptedPrompter([typed('EU prod'), picked('India'), escape]);
      await assert.rejects(askAccountEdit(prompter, clevertap, okSecrets<'clevertap'>({ passcode: 'P' }), [clevertap]), UserCancelled);
    });
  });
});
