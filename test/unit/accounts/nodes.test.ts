// The Accounts tree's nodes are plain (no vscode), like the jobs tree's: their rows are read here
// directly, without VS Code.
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts';
import { AccountNode, VendorGroupNode } from '../../../src/views/accounts/nodes';

const clevertap: Account = { id: 'c1', vendor: 'clevertap', label: 'EU prod', region: 'mec1', accountId: 'ACC-1' };

describe('accounts tree nodes', () => {
  it('a vendor group: its name, how many accounts, expanded, a stable id', () => {
    const row = new VendorGroupNode('clevertap', [clevertap]).row();
    assert.equal(row.label, 'CleverTap');
    assert.equal(row.id, 'userErasure.accounts/vendor/clevertap');
    assert.equal(row.collapsible, 'expanded');
    assert.deepEqual(row.icon, { id: 'cloud' });
  });

  it('an account: label, context value the menus match, a warning icon when its credentials are missing, a spoken label', () => {
    const ok = new AccountNode(clevertap, 'ok', true);
    const missing = new AccountNode(clevertap, 'missing', true);
    assert.equal(ok.row().label, 'EU prod');
    assert.equal(ok.row().contextValue, 'erasure:account:testable:clevertap');
    assert.equal(ok.row().id, 'userErasure.accounts/account/c1');
    assert.deepEqual(ok.row().icon, { id: 'account' });
    assert.deepEqual(missing.row().icon, { id: 'warning', color: 'problemsWarningIcon.foreground' });
    assert.match(missing.row().description ?? '', /^credentials missing/);
    assert.equal(ok.row().accessibilityLabel, `CleverTap account EU prod, ${ok.row().description}`);
    assert.ok((ok.tooltip() ?? '').length > 0);
    assert.equal(ok.accountId, 'c1');
  });
});
