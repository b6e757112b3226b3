import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts';
import type { VendorId } from '../../../src/core/job';
import { UserCancelled, UserFacingError } from '../../../src/commands/errors';
import {
  accountForCommand,
  accountIdOfArgument,
  pickAccount,
  vendorOfArgument,
  type AccountServices,
} from '../../../src/commands/accounts/pickAccount';
import { escape, picked, ScriptedPrompter, seen, type Step } from '../helpers/scriptedPrompter';

const ACCOUNTS: Account[] = [
  { id: 'c1', vendor: 'clevertap', label: 'EU prod', region: 'eu', accountId: 'ACC-1' },
  { id: 'c2', vendor: 'clevertap', label: 'staging', region: 'in1', accountId: 'ACC-2' },
  { id: 'd1', vendor: 'cooladata', label: 'main', projectId: '42' },
];

function services(steps: Step[] = []): AccountServices & { prompter: ScriptedPrompter } {
  return {
    accounts: {
      list: (vendor?: VendorId) => ACCOUNTS.filter((a) => !vendor || a.vendor === vendor),
      get: (id: string) => ACCOUNTS.find((a) => a.id === id),
    },
    prompter: new ScriptedPrompter(steps),
  };
}

describe('choosing the account a command acts on', () => {
  describe('pickAccount (for the delete flow)', () => {
    it('throws a UserFacingError with an "Add Account" action for the vendor when it has no account', async () => {
      await assert.rejects(pickAccount(services(), 'batch', 'Delete'), (error: unknown) => {
        assert.ok(error instanceof UserFacingError);
        assert.match(error.message, /No Batch account/);
        assert.deepEqual(error.actions, [{ title: 'Add Account', command: 'userErasure.addAccount', args: ['batch'] }]);
        return true;
      });
    });

    it('returns the only account without asking', async () => {
      const s = services();
      assert.equal((await pickAccount(s, 'cooladata', 'Delete')).id, 'd1');
      assert.equal(s.prompter.asked.length, 0);
    });

    it('asks among the vendor\'s accounts when there are several, with region facts, no secrets', async () => {
      const s = services([picked('staging')]);
      assert.equal((await pickAccount(s, 'clevertap', 'Delete from CleverTap')).id, 'c2');
      assert.equal(seen(s.prompter.asked[0]).title, 'Delete from CleverTap');
      assert.deepEqual(seen(s.prompter.asked[0]).items, ['EU prod | CleverTap · Europe (default) · ACC-1', 'staging | CleverTap · India · ACC-2']);
    });

    it('Escape cancels', async () => {
      await assert.rejects(pickAccount(services([escape]), 'clevertap', 'Delete'), UserCancelled);
    });
  });

  describe('accountForCommand', () => {
    it('takes the account of a tree node, an { accountId } or an ID', async () => {
      const s = services();
      assert.equal((await accountForCommand(s, { account: ACCOUNTS[2] }, 'Edit')).id, 'd1');
      assert.equal((await accountForCommand(s, { accountId: 'c2' }, 'Edit')).id, 'c2');
      assert.equal((await accountForCommand(s, 'c1', 'Edit')).id, 'c1');
      assert.equal(s.prompter.asked.length, 0);
    });

    it('reads the account again by ID (a node may be stale), and says so when it is gone', async () => {
      const s = services();
      const stale = { account: { ...ACCOUNTS[0], label: 'old label' } };
      assert.equal((await accountForCommand(s, stale, 'Edit')).label, 'EU prod');
      await assert.rejects(accountForCommand(s, 'gone', 'Edit'), (e: unknown) => e instanceof UserFacingError && /no longer exists/.test(e.message));
    });

    it('from the palette, asks among all accounts (optionally filtered)', async () => {
      const s = services([picked('main')]);
      assert.equal((await accountForCommand(s, undefined, 'Remove')).id, 'd1');
      assert.equal(seen(s.prompter.asked[0]).items!.length, 3);
      const f = services([picked('staging')]);
      await accountForCommand(f, undefined, 'Test', { filter: (a) => a.vendor === 'clevertap' });
      assert.equal(seen(f.prompter.asked[0]).items!.length, 2);
    });

    it('offers Add Account when there is no account at all', async () => {
      const empty: AccountServices = { accounts: { list: () => [], get: () => undefined }, prompter: new ScriptedPrompter([]) };
      await assert.rejects(accountForCommand(empty, undefined, 'Edit'), (e: unknown) => e instanceof UserFacingError && e.actions[0]?.command === 'userErasure.addAccount');
    });
  });

  it('reads arguments: account IDs and vendors', () => {
    assert.equal(accountIdOfArgument('c1'), 'c1');
    assert.equal(accountIdOfArgument({ account: { id: 'x' } }), 'x');
    assert.equal(accountIdOfArgument({ accountId: 'y' }), 'y');
    assert.equal(accountIdOfArgument(undefined), undefined);
    assert.equal(accountIdOfArgument({}), undefined);
    assert.equal(vendorOfArgument('batch'), 'batch');
    assert.equal(vendorOfArgument({ vendor: 'engagelab' }), 'engagelab');
    assert.equal(vendorOfArgument({ vendor: 'engagelab', account: {} }), undefined, 'an account node is not a vendor');
    assert.equal(vendorOfArgument('nope'), undefined);
    assert.equal(vendorOfArgument(undefined), undefined);
  });
});
