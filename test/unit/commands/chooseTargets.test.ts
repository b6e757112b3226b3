import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts';
import { chooseTargets } from '../../../src/commands/deletion/chooseTargets';
import { chooseVendors, invalidCountsByVendor } from '../../../src/commands/deletion/chooseVendors';
import { UserCancelled, UserFacingError } from '../../../src/commands/errors';
import type { ProductVendorId as VendorId } from '../../../src/vendors';
import { ACCOUNTS } from '../helpers/engine';
import { label, labels, preticked, ScriptedPrompter, step, type Question } from '../helpers/scriptedPrompter';

const pickAccount = async (vendor: VendorId): Promise<Account> => ACCOUNTS[vendor];

describe('choosing vendors, accounts and options', () => {
  it('lists the four vendors with account counts and the IDs each would skip', async () => {
    const prompter = new ScriptedPrompter([step('pickMany', labels('CleverTap', 'Batch'))]);
    const invalid = invalidCountsByVendor(['ok', 'x'.repeat(1024), 'bad\u0007']);
    assert.deepEqual(invalid, { cooladata: 1, engagelab: 1, clevertap: 1, batch: 2 });
    const vendors = await chooseVendors(prompter, 'Delete', '3 IDs (text)', { cooladata: 0, engagelab: 1, clevertap: 2, batch: 1 }, invalid);
    assert.deepEqual(vendors, ['clevertap', 'batch']);
    const q = prompter.asked[0] as Extract<Question, { kind: 'pickMany' }>;
    assert.equal(q.options.title, 'Delete 3 IDs (text)');
    assert.deepEqual(
      q.items.map((i) => [i.label, i.description, i.detail]),
      [
        ['Cooladata', 'no account yet', '1 ID invalid for Cooladata (skipped)'],
        ['EngageLab', '1 account', '1 ID invalid for EngageLab (skipped)'],
        ['CleverTap', '2 accounts', '1 ID invalid for CleverTap (skipped)'],
        ['Batch', '1 account', '2 IDs invalid for Batch (skipped)'],
      ],
    );
  });

  it('treats Escape as cancel and an empty pick as a message', async () => {
    const counts = { cooladata: 0, engagelab: 0, clevertap: 0, batch: 0 };
    await assert.rejects(chooseVendors(new ScriptedPrompter([step('pickMany', undefined)]), 'Delete', 's', counts, counts), UserCancelled);
    await assert.rejects(chooseVendors(new ScriptedPrompter([step('pickMany', [])]), 'Delete', 's', counts, counts), UserFacingError);
  });

  it('asks each vendor its options and fans Batch out per app key and mode', async () => {
    const prompter = new ScriptedPrompter([
      step('input', (q) => {
        assert.equal(q.options.value, 'GDPR erasure request', 'reason prefilled from the setting');
        assert.equal(q.options.validate?.('  '), 'A reason is required.');
        return ' Ticket 123 ';
      }),
      step('pickOne', label('alias')),
      step('pickOne', label('guid')),
      step('pickOne', label('Both')),
      step('pickMany', (q) => {
        assert.deepEqual(preticked(q), ['iOS', 'Android'], 'every app key is ticked by default');
        return ['Android'];
      }),
    ]);
    const choices = await chooseTargets({ prompter, settings: { ...DEFAULT_SETTINGS, cooladataReason: 'GDPR erasure request' }, pickAccount }, ['cooladata', 'engagelab', 'clevertap', 'batch'], 'Delete');
    assert.deepEqual(
      choices.map((c) => [c.account.id, c.options]),
      [
        ['cd-1', { vendor: 'cooladata', reason: 'Ticket 123' }],
        ['el-1', { vendor: 'engagelab', idType: 'alias' }],
        ['ct-1', { vendor: 'clevertap', idType: 'guid' }],
        ['b-1', { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'Android' }],
        ['b-1', { vendor: 'batch', mode: 'custom-data', appKeyLabel: 'Android' }],
      ],
    );
    assert.equal(prompter.remaining, 0);
  });

  it('offers GDPR remove first for Batch', async () => {
    const prompter = new ScriptedPrompter([
      step('pickOne', (q) => {
        assert.deepEqual(
          q.items.map((i) => i.label),
          ['GDPR remove', 'Custom Data delete', 'Both'],
        );
        return q.items[0].value;
      }),
      step('pickMany', preticked),
    ]);
    const choices = await chooseTargets({ prompter, settings: { ...DEFAULT_SETTINGS, cooladataReason: 'r' }, pickAccount }, ['batch'], 'Delete');
    assert.deepEqual(
      choices.map((c) => c.options),
      [
        { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' },
        { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'Android' },
      ],
    );
  });

  it('stops at the first dismissed question', async () => {
    const prompter = new ScriptedPrompter([step('pickOne', undefined)]);
    await assert.rejects(chooseTargets({ prompter, settings: { ...DEFAULT_SETTINGS, cooladataReason: 'r' }, pickAccount }, ['clevertap', 'batch'], 'Delete'), UserCancelled);
    assert.equal(prompter.asked.length, 1);
  });
});
