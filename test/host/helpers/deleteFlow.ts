// Helpers for the delete-flow host suites: the extension's API, fake vendors wired in through
// USER_ERASURE_<VENDOR>_BASE_URL, one demo account per vendor, a real editor with several
// selections, and the Erasure Jobs tree read back through its TreeDataProvider.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import type { JobState } from '../../../src/core/job';
import type { UserErasureApi } from '../../../src/extension';
import { VsCodePrompter } from '../../../src/platform/prompter';
import type { JobsNode } from '../../../src/views/jobs/nodes/node';
import { DEFAULT_FAKE_ACCOUNTS, startFakeVendors, VENDORS, type FakeVendors, type FakeVendorsOptions } from '../../fakes';

export async function extensionApi(): Promise<UserErasureApi> {
  const extension = vscode.extensions.getExtension<UserErasureApi>(`${manifest.publisher}.${manifest.name}`);
  assert.ok(extension, 'the extension is loaded');
  const api = await extension.activate();
  assert.ok(api?.services, 'activate() returns { services }');
  // activate() returns before the history is loaded (it loads after the views appear).
  await api.services.history.whenLoaded();
  return api;
}

/** Starts the four fakes in this (extension host) process and points the extension at them. */
export async function startFakesForExtension(options: FakeVendorsOptions = {}): Promise<{ fakes: FakeVendors; restore(): Promise<void> }> {
  const fakes = await startFakeVendors(options);
  const variables = fakes.env();
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return {
    fakes,
    async restore() {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await fakes.close();
    },
  };
}

export interface DeleteFlowSuite {
  api: UserErasureApi;
  fakes: FakeVendors;
}

/**
 * The hooks of a delete-flow suite: the extension's API, fakes started with `options` and wired in,
 * one demo account per vendor (`receive` gets api and fakes once ready); the fakes reset before each
 * test; afterwards every fake's held answers released, the real prompter back, the accounts
 * removed and the fakes closed.
 */
export function useDeleteFlowSuite(receive: (suite: DeleteFlowSuite) => void, options: FakeVendorsOptions = {}): void {
  let suite: DeleteFlowSuite | undefined;
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    const api = await extensionApi();
    const started = await startFakesForExtension(options);
    restore = started.restore;
    suite = { api, fakes: started.fakes };
    receive(suite);
    await removeAllAccounts(api);
    await addDemoAccounts(api);
  });
  beforeEach(() => suite!.fakes.reset());
  after(async () => {
    if (!suite) return;
    for (const vendor of VENDORS) suite.fakes[vendor].resume();
    suite.api.services.prompter.use(new VsCodePrompter());
    await removeAllAccounts(suite.api);
    await restore!();
  });
}

export const DEMO_LABELS = {
  cooladata: 'Host Cooladata',
  engagelab: 'Host EngageLab',
  clevertap: 'Host CleverTap',
  batch: 'Host Batch',
} as const;

/** One account per vendor with the fakes' credentials; returns their IDs. */
export async function addDemoAccounts(api: UserErasureApi): Promise<string[]> {
  const { accounts } = api.services;
  const d = DEFAULT_FAKE_ACCOUNTS;
  const added = [
    await accounts.add(
      { id: 'host-cooladata', label: DEMO_LABELS.cooladata, vendor: 'cooladata', projectId: d.cooladata.projectId },
      { apiToken: d.cooladata.token },
    ),
    await accounts.add(
      { id: 'host-engagelab', label: DEMO_LABELS.engagelab, vendor: 'engagelab', dataCenter: 'sgp' },
      { appKey: d.engagelab.appKey, masterSecret: d.engagelab.masterSecret },
    ),
    await accounts.add(
      { id: 'host-clevertap', label: DEMO_LABELS.clevertap, vendor: 'clevertap', region: 'eu1', accountId: d.clevertap.accountId },
      { passcode: d.clevertap.passcode },
    ),
    await accounts.add(
      { id: 'host-batch', label: DEMO_LABELS.batch, vendor: 'batch', appKeyLabels: d.batch.apps.map((a) => a.label) },
      { restKey: d.batch.restKey, appKeys: Object.fromEntries(d.batch.apps.map((a) => [a.label, a.apiKey])) },
    ),
  ];
  return added.map((a) => a.id);
}

/** Removes every stored account (metadata and secrets), so a suite starts from a known set. */
export async function removeAllAccounts(api: UserErasureApi): Promise<void> {
  for (const account of api.services.accounts.list()) await api.services.accounts.remove(account.id);
}

/**
 * A real text editor on `content` with several selections: each is [line, from, line, to]; a
 * selection with from === to is a bare cursor (the token under it counts).
 */
export async function editorWithSelections(content: string, selections: [number, number, number, number][]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selections = selections.map(([l1, c1, l2, c2]) => new vscode.Selection(l1, c1, l2, c2));
  assert.equal(vscode.window.activeTextEditor, editor);
  return editor;
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One row of the Erasure Jobs tree as VS Code gets it from the provider, with its children. */
export interface TreeRowSeen {
  label: string;
  description: string;
  contextValue: string;
  children: TreeRowSeen[];
}

/** The job's subtree, read through the registered view's TreeDataProvider (job → target → outcome group → ID). */
export function jobTree(api: UserErasureApi, job: JobState): TreeRowSeen {
  const { provider } = api.services.jobsView;
  api.services.jobsView.flush();
  const root = provider.getChildren().find((node) => node.job === job);
  assert.ok(root, `job ${job.id} is a root row of the Erasure Jobs tree`);
  const read = (node: JobsNode): TreeRowSeen => {
    const item = provider.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const expandable = item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None;
    return {
      label,
      description: typeof item.description === 'string' ? item.description : '',
      contextValue: item.contextValue ?? '',
      children: expandable ? provider.getChildren(node).map(read) : [],
    };
  };
  return read(root);
}

/** target label → outcome group label → ID labels: the part of the tree every vendor test compares. */
export function outcomesByTarget(tree: TreeRowSeen): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    tree.children.map((target) => [target.label, Object.fromEntries(target.children.map((group) => [group.label, group.children.map((id) => id.label)]))]),
  );
}

/** Every ID row of the tree (all targets, all groups). */
export function idRows(tree: TreeRowSeen): TreeRowSeen[] {
  return tree.children.flatMap((target) => target.children.flatMap((group) => group.children));
}
