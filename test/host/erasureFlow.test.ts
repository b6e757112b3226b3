// The delete flow in a real VS Code against the fake vendors: a multi-cursor selection → tree rows,
// Copy ID(s) and Show Details on a row; the dry-run preview; Retry Failed from a tree row.
// (Per-vendor runs, cancel and 401 are in deleteAtEachVendor / deleteCancelAndAuthFailure.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import type { RunHandle } from '../../src/core/engine';
import type { UserErasureApi } from '../../src/extension';
import { READ_ONLY_SCHEME } from '../../src/views/documents/readOnlyDocuments';
import type { JobsNode } from '../../src/views/jobs/nodes/node';
import { DEFAULT_FAKE_ACCOUNTS, startFakeVendors, type FakeVendors } from '../fakes';
import { deleteButton, label, labels, noTicket, preticked, ScriptedPrompter, step } from '../unit/helpers/scriptedPrompter';

let fakes: FakeVendors;
let api: UserErasureApi;

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function selectIn(content: string, selections: vscode.Selection[]): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selections = selections;
}

function walk(node?: JobsNode): JobsNode[] {
  const provider = api.services.jobsView.provider;
  return provider.getChildren(node).flatMap((child) => [child, ...walk(child)]);
}

describe('erasure flow in VS Code', () => {
  before(async () => {
    fakes = await startFakeVendors();
    Object.assign(process.env, fakes.env());
    const ext = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!;
    api = (await ext.activate()) as UserErasureApi;
    await api.services.history.whenLoaded();
    const { clevertap, batch } = DEFAULT_FAKE_ACCOUNTS;
    await api.services.accounts.add({ id: 'ct-host', label: 'Fake CT', vendor: 'clevertap', region: 'eu1', accountId: clevertap.accountId }, { passcode: clevertap.passcode });
    await api.services.accounts.add(
      { id: 'b-host', label: 'Fake Batch', vendor: 'batch', appKeyLabels: batch.apps.map((a) => a.label) },
      { restKey: batch.restKey, appKeys: Object.fromEntries(batch.apps.map((a) => [a.label, a.apiKey])) },
    );
    await vscode.workspace.getConfiguration('userErasure').update('maxAttempts', 1, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('userErasure').update('maxAttempts', undefined, vscode.ConfigurationTarget.Global);
    await fakes?.close();
  });

  it('deletes the IDs of every selection at CleverTap and shows them in the tree', async () => {
    await selectIn('user-1\nuser-2\nuser-3\n\nfoo user-4 bar\n', [new vscode.Selection(0, 0, 2, 6), new vscode.Selection(4, 6, 4, 6)]);
    const prompter = new ScriptedPrompter([
      step('pickMany', (q) => {
        assert.match(q.options.title, /^Delete 4 IDs/);
        return labels('CleverTap')(q);
      }),
      step('pickOne', label('identity')),
      noTicket,
      step('confirm', (q) => {
        assert.match(q.message, /^Delete 4 users at CleverTap \(Fake CT\)\?/);
        assert.ok(!q.detail.includes(DEFAULT_FAKE_ACCOUNTS.clevertap.passcode));
        return deleteButton(q);
      }),
      step('notify', undefined),
    ]);
    api.services.prompter.use(prompter);
    const handle = (await vscode.commands.executeCommand('userErasure.deleteSelectedUsers')) as RunHandle;
    assert.ok(handle?.done, 'the command resolves to the run');
    await handle.done;
    assert.equal(handle.job.counts().accepted, 4);
    const deletes = fakes.requests().filter((r) => r.vendor === 'clevertap');
    assert.equal(deletes.length, 1);
    await until(() => prompter.remaining === 0, 'the summary');
    const summary = prompter.asked.at(-1)!;
    assert.equal(summary.kind, 'notify');
    assert.match(summary.kind === 'notify' ? summary.message : '', /finished — 4 users at 1 target: 4 accepted/);

    api.services.jobsView.flush();
    const rows = walk().filter((n) => n.job === handle.job);
    const items = rows.map((n) => api.services.jobsView.provider.getTreeItem(n));
    assert.equal(items[0].contextValue, 'erasure:job:pending:pending');
    assert.deepEqual(
      items.filter((i) => i.contextValue?.startsWith('erasure:id')).map((i) => i.label),
      ['user-1', 'user-2', 'user-3', 'user-4'],
    );
    const group = rows.find((n) => n.kind === 'group')!;
    assert.equal(await vscode.commands.executeCommand('userErasure.copyIds', group), 'user-1\nuser-2\nuser-3\nuser-4');
    const details = (await vscode.commands.executeCommand('userErasure.showDetails', group)) as vscode.TextDocument;
    assert.equal(details.uri.scheme, READ_ONLY_SCHEME);
    assert.match(details.getText(), /Accepted \(pending at vendor\): 4 ID/);
  });

  it('previews Batch requests in a read-only document, redacted, sending nothing', async () => {
    fakes.reset();
    await selectIn('["user-5", "user-6"]', [new vscode.Selection(0, 0, 0, 20)]);
    api.services.prompter.use(new ScriptedPrompter([step('pickMany', labels('Batch')), step('pickOne', label('GDPR remove')), step('pickMany', preticked)]));
    const doc = (await vscode.commands.executeCommand('userErasure.previewSelectedUsers')) as vscode.TextDocument;
    const text = doc.getText();
    assert.equal(doc.uri.scheme, READ_ONLY_SCHEME);
    assert.match(text, /# 4 requests would be sent for 2 users/);
    assert.match(text, /POST http:\/\/127\.0\.0\.1:\d+\/1\.0\/\*\*\*\/gdpr\/request/);
    for (const secret of [DEFAULT_FAKE_ACCOUNTS.batch.restKey, ...DEFAULT_FAKE_ACCOUNTS.batch.apps.map((a) => a.apiKey)]) assert.ok(!text.includes(secret));
    assert.equal(fakes.requests().length, 0);
  });

  it('retries the failed IDs of a tree row', async () => {
    fakes.reset();
    fakes.clevertap.faults.enqueue({ fault: '500', count: 1 });
    await selectIn('user-7\nuser-8', [new vscode.Selection(0, 0, 1, 6)]);
    const first = new ScriptedPrompter([step('pickMany', labels('CleverTap')), step('pickOne', label('identity')), noTicket, step('confirm', deleteButton), step('notify', undefined)]);
    api.services.prompter.use(first);
    const handle = (await vscode.commands.executeCommand('userErasure.deleteSelectedUsers')) as RunHandle;
    await handle.done;
    // The run's summary follows its progress notification (a round trip to the workbench): it must
    // reach this prompter, not the next one.
    await until(() => first.remaining === 0, 'the run summary');
    assert.equal(handle.job.counts().failed, 2);
    await until(() => !api.services.engine.isRunning(handle.job.id), 'the run to end');
    api.services.jobsView.flush();
    const failedGroup = walk().find((n) => n.job === handle.job && n.kind === 'group')!;
    assert.equal(api.services.jobsView.provider.getTreeItem(failedGroup).contextValue, 'erasure:group:failed:retryable');
    api.services.prompter.use(new ScriptedPrompter([step('confirm', (q) => q.buttons[0]), step('notify', undefined)]));
    const [retry] = (await vscode.commands.executeCommand('userErasure.retryFailed', failedGroup)) as RunHandle[];
    await retry.done;
    assert.equal(handle.job.counts().accepted, 2);
  });
});
