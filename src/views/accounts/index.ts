// The Accounts view (`userErasure.accounts`): registered by the composition root.
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../services';
import { AccountsTreeProvider } from './provider';

export { AccountNode, VendorGroupNode, type AccountsTreeNode } from './nodes';
export { AccountsTreeProvider, hasConnectionTest } from './provider';

export const ACCOUNTS_VIEW_ID = 'userErasure.accounts';

export function registerAccountsView(services: ExtensionServices): vscode.Disposable {
  const provider = new AccountsTreeProvider(services.accounts);
  const view = vscode.window.createTreeView(ACCOUNTS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });
  // globalState written by another window raises no event: re-read when the view comes back into sight.
  const visibility = view.onDidChangeVisibility((event) => {
    if (event.visible) provider.refresh();
  });
  return vscode.Disposable.from(visibility, view, provider);
}
