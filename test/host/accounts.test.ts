// Accounts and credentials inside a real VS Code: the commands driven through a scripted Prompter,
// the real SecretStorage and globalState, the Accounts tree provider, and Test Connection against
// the fake CleverTap server on loopback.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import type { Account } from '../../src/core/accounts';
import { VsCodePrompter } from '../../src/platform/prompter';
import { ACCOUNTS_STATE_KEY } from '../../src/platform/accountRepository';
import { secretKeyOf } from '../../src/platform/secretStore';
import type { ExtensionServices } from '../../src/services';
import { AccountNode, AccountsTreeProvider, VendorGroupNode } from '../../src/views/accounts';
import { DEFAULT_FAKE_ACCOUNTS, FakeCleverTap } from '../fakes';
import { escape, picked, ScriptedPrompter, seen, step, typed, type Step } from '../unit/helpers/scriptedPrompter';

const CLEVERTAP = DEFAULT_FAKE_ACCOUNTS.clevertap;
const BASE_URL_VARIABLE = 'USER_ERASURE_CLEVERTAP_BASE_URL';

async function servicesOf(): Promise<ExtensionServices> {
  const extension = vscode.extensions.getExtension<{ services: ExtensionServices }>(`${manifest.publisher}.${manifest.name}`);
  assert.ok(extension, 'the extension is loaded');
  const api = await extension.activate();
  assert.ok(api?.services, 'activate() returns { services }');
  return api.services;
}

/** Polls until the condition holds (follow-ups of a notification run after the command returned). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('accounts in a real VS Code', () => {
  let services: ExtensionServices;
  let fake: FakeCleverTap;
  let previousBaseUrl: string | undefined;

  function script(steps: Step[], notifyAnswer?: (message: string) => string | undefined): ScriptedPrompter {
    const prompter = new ScriptedPrompter(steps, { notifications: (n) => notifyAnswer?.(n.message) });
    services.prompter.use(prompter);
    return prompter;
  }

  const addCleverTapSteps = (label: string, passcode: string = CLEVERTAP.passcode): Step[] => [
    picked('CleverTap'),
    typed(label),
    picked('Europe (default)'),
    typed(CLEVERTAP.accountId),
    typed(passcode),
  ];

  before(async () => {
    services = await servicesOf();
    fake = await FakeCleverTap.start();
    previousBaseUrl = process.env[BASE_URL_VARIABLE];
    // The extension reads the override on every request: the engine in this host talks to the fake.
    process.env[BASE_URL_VARIABLE] = fake.url;
  });

  afterEach(async () => {
    for (const account of services.accounts.list()) await services.accounts.remove(account.id);
  });

  after(async () => {
    services.prompter.use(new VsCodePrompter());
    if (previousBaseUrl === undefined) delete process.env[BASE_URL_VARIABLE];
    else process.env[BASE_URL_VARIABLE] = previousBaseUrl;
    await fake.close();
  });

  it('Add Account stores metadata in globalState and the passcode only in SecretStorage', async () => {
    const prompter = script(addCleverTapSteps('EU prod'));
    const added = (await vscode.commands.executeCommand('userErasure.addAccount')) as Account;
    assert.equal(prompter.remaining, 0);
    assert.equal(added.label, 'EU prod');
    assert.deepEqual(services.accounts.list('clevertap').map((a) => a.label), ['EU prod']);
    const state = JSON.stringify(services.context.globalState.get(ACCOUNTS_STATE_KEY));
    assert.ok(state.includes(CLEVERTAP.accountId) && !state.includes(CLEVERTAP.passcode), 'metadata only in globalState');
    const stored = await services.context.secrets.get(secretKeyOf(added.id));
    assert.deepEqual(JSON.parse(stored ?? '{}'), { passcode: CLEVERTAP.passcode });
    assert.ok(prompter.notifications.some((n) => /Saved the CleverTap account "EU prod"/.test(n.message) && n.buttons.includes('Test Connection')));
  });

  it('Escape in the middle of Add Account saves nothing and shows no error', async () => {
    const prompter = script([picked('Batch'), typed('prod'), escape]);
    await vscode.commands.executeCommand('userErasure.addAccount');
    assert.deepEqual(services.accounts.list(), []);
    assert.deepEqual(prompter.notifications, []);
  });

  it('"Test Connection" offered after saving reaches the vendor and reports success', async () => {
    const prompter = script(addCleverTapSteps('EU prod'), (message) => (/Test the connection now/.test(message) ? 'Test Connection' : undefined));
    await vscode.commands.executeCommand('userErasure.addAccount');
    await until(() => prompter.notifications.some((n) => /Connected to CleverTap/.test(n.message)), 'the connection test result');
    const lookup = fake.requests().at(-1);
    assert.ok(lookup, 'the fake saw the test call');
    assert.equal(lookup.method, 'GET');
  });

  it('Test Connection with a wrong passcode fails with a redacted message and an Edit Account button', async () => {
    script(addCleverTapSteps('EU prod', 'WRONG-PASSCODE-123'));
    const added = (await vscode.commands.executeCommand('userErasure.addAccount')) as Account;
    const prompter = script([]);
    const result = (await vscode.commands.executeCommand('userErasure.testConnection', added.id)) as { ok: boolean; message: string };
    assert.equal(result.ok, false);
    const failure = prompter.notifications.find((n) => n.level === 'error');
    assert.ok(failure, 'an error notification');
    assert.match(failure.message, /Connection test of the CleverTap account "EU prod" failed/);
    assert.ok(!failure.message.includes('WRONG-PASSCODE-123'), 'the passcode is not shown');
    assert.deepEqual(failure.buttons, ['Edit Account', 'Show Log']);
  });

  it('the Accounts tree shows vendor groups and accounts with context values the menus match', async () => {
    script(addCleverTapSteps('EU prod'));
    await vscode.commands.executeCommand('userErasure.addAccount');
    script([picked('Cooladata'), typed('main'), typed('424242'), typed('cd-token-1'), typed('')]);
    await vscode.commands.executeCommand('userErasure.addAccount');
    const provider = new AccountsTreeProvider(services.accounts);
    try {
      const groups = await provider.getChildren();
      assert.deepEqual(groups.map((g) => g.label), ['Cooladata', 'CleverTap']);
      const [cooladata, clevertap] = (await Promise.all(groups.map((g) => provider.getChildren(g)))).map((nodes) => nodes[0] as AccountNode);
      assert.equal(cooladata.contextValue, 'erasure:account:cooladata');
      assert.equal(cooladata.description, 'project 424242');
      assert.equal(clevertap.contextValue, 'erasure:account:testable:clevertap');
      assert.equal(clevertap.description, `Europe (default) · ${CLEVERTAP.accountId}`);
      assert.ok(groups.every((g) => g instanceof VendorGroupNode));
    } finally {
      provider.dispose();
    }
  });

  it('the tree refreshes when secrets change in "another window" and flags missing credentials', async () => {
    script(addCleverTapSteps('EU prod'));
    const added = (await vscode.commands.executeCommand('userErasure.addAccount')) as Account;
    const provider = new AccountsTreeProvider(services.accounts);
    try {
      const refreshed = new Promise<void>((resolve) => provider.onDidChangeTreeData(() => resolve()));
      await services.context.secrets.delete(secretKeyOf(added.id));
      await refreshed;
      const [group] = await provider.getChildren();
      const [node] = (await provider.getChildren(group)) as AccountNode[];
      assert.match(String(node.description), /^credentials missing/);
    } finally {
      provider.dispose();
    }
  });

  it('Edit Account from a tree node renames and keeps the current passcode without showing it', async () => {
    script(addCleverTapSteps('EU prod'));
    const added = (await vscode.commands.executeCommand('userErasure.addAccount')) as Account;
    const prompter = script([typed('EU production'), picked('Europe (default)'), typed(CLEVERTAP.accountId), picked(/^Keep the current Passcode/)]);
    const node = new AccountNode(added, 'ok', true);
    await vscode.commands.executeCommand('userErasure.editAccount', node);
    assert.equal(services.accounts.get(added.id)?.label, 'EU production');
    assert.equal(JSON.parse((await services.context.secrets.get(secretKeyOf(added.id))) ?? '{}').passcode, CLEVERTAP.passcode);
    assert.ok(!prompter.shownText().includes(CLEVERTAP.passcode));
  });

  it('Remove Account asks first, naming label and vendor; Cancel keeps it, Remove clears metadata and secrets', async () => {
    script(addCleverTapSteps('EU prod'));
    const added = (await vscode.commands.executeCommand('userErasure.addAccount')) as Account;
    const cancelled = script([step('confirm', undefined)]);
    await vscode.commands.executeCommand('userErasure.removeAccount', added.id);
    assert.match(seen(cancelled.asked[0]).title, /Remove the CleverTap account "EU prod"\?/);
    assert.ok(services.accounts.get(added.id));
    script([step('confirm', 'Remove Account')]);
    await vscode.commands.executeCommand('userErasure.removeAccount', added.id);
    assert.equal(services.accounts.get(added.id), undefined);
    assert.equal(await services.context.secrets.get(secretKeyOf(added.id)), undefined);
  });

  it('from the palette, commands pick the account; Cooladata says plainly it cannot be tested', async () => {
    script([picked('Cooladata'), typed('main'), typed('424242'), typed('cd-token-1'), typed('')]);
    await vscode.commands.executeCommand('userErasure.addAccount');
    const prompter = script([picked('main')]);
    const result = await vscode.commands.executeCommand('userErasure.testConnection');
    assert.equal(result, undefined);
    assert.ok(prompter.notifications.some((n) => /Cooladata offers no harmless call/.test(n.message)));
  });
});
