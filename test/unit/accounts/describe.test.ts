import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Account } from '../../../src/core/accounts';
import {
  accountContextValue,
  accountDescription,
  accountTooltipLines,
  vendorGroupContextValue,
  vendorGroupDescription,
} from '../../../src/views/accounts/describe';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));

/** The viewItem regex of each userErasure.accounts item menu entry, by command. */
function accountMenus(): Map<string, RegExp[]> {
  const menus = new Map<string, RegExp[]>();
  for (const entry of manifest.contributes.menus['view/item/context'] as { command: string; when: string }[]) {
    if (!entry.when.includes('view == userErasure.accounts')) continue;
    const match = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(entry.when);
    assert.ok(match, `no viewItem regex in "${entry.when}"`);
    menus.set(entry.command, [...(menus.get(entry.command) ?? []), new RegExp(match[1])]);
  }
  return menus;
}

function commandsFor(contextValue: string): string[] {
  return [...accountMenus()].filter(([, regexes]) => regexes.every((r) => r.test(contextValue))).map(([command]) => command).sort();
}

const ACCOUNTS: Record<Account['vendor'], Account> = {
  cooladata: { id: 'd1', vendor: 'cooladata', label: 'main', projectId: '424242', statusPath: '/status', authForm: 'bare' },
  engagelab: { id: 'e1', vendor: 'engagelab', label: 'staging', dataCenter: 'web-hk' },
  clevertap: { id: 'c1', vendor: 'clevertap', label: 'EU prod', region: 'mec1', accountId: 'ACC-1' },
  batch: { id: 'b1', vendor: 'batch', label: 'prod', appKeyLabels: ['iOS', 'Android'] },
};

describe('Accounts tree texts', () => {
  it('testable accounts get Test Connection, Edit and Remove from the package.json menus', () => {
    assert.equal(accountContextValue('clevertap', true), 'erasure:account:testable:clevertap');
    assert.deepEqual(commandsFor(accountContextValue('clevertap', true)), [
      'userErasure.editAccount',
      'userErasure.removeAccount',
      'userErasure.testConnection',
    ]);
  });

  it('accounts without a test call get Edit and Remove only', () => {
    assert.equal(accountContextValue('cooladata', false), 'erasure:account:cooladata');
    assert.deepEqual(commandsFor(accountContextValue('cooladata', false)), ['userErasure.editAccount', 'userErasure.removeAccount']);
  });

  it('vendor groups match no account action', () => {
    assert.deepEqual(commandsFor(vendorGroupContextValue('batch')), []);
  });

  it('describes each vendor by its non-secret facts', () => {
    assert.equal(accountDescription(ACCOUNTS.cooladata), 'project 424242 · status API configured');
    assert.equal(accountDescription(ACCOUNTS.engagelab), 'Web Push, Hong Kong');
    assert.equal(accountDescription(ACCOUNTS.clevertap), 'Middle East · ACC-1');
    assert.equal(accountDescription(ACCOUNTS.batch), 'apps: iOS, Android');
    assert.equal(accountDescription(ACCOUNTS.clevertap, 'missing'), 'credentials missing · Middle East · ACC-1');
    assert.equal(vendorGroupDescription(1), '1 account');
    assert.equal(vendorGroupDescription(3), '3 accounts');
  });

  it('tooltips name the vendor and fields, escape Markdown in labels, and say when credentials are missing or untestable', () => {
    const tip = accountTooltipLines({ ...ACCOUNTS.cooladata, label: 'a*b' }, 'invalid', false).join('\n');
    assert.match(tip, /\*\*a\\\*b\*\* — Cooladata/);
    assert.match(tip, /Project ID: 424242/);
    assert.match(tip, /cannot be read/);
    assert.match(tip, /no harmless call/);
    const ok = accountTooltipLines(ACCOUNTS.batch, 'ok', true).join('\n');
    assert.match(ok, /secret storage/);
    assert.doesNotMatch(ok, /harmless/);
  });
});
