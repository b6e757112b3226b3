// The Accounts tree: vendor groups → accounts. Empty (so the welcome view shows) when there is no
// account. Refreshes whenever the repository changes (secrets edited in another window included).
import { vendorCatalog } from '../../core/catalog';
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts';
import { type VendorId } from '../../core/job';
import type { AccountRepository } from '../../platform/accountRepository';
import { toTreeItem } from '../treeRow';
import type { CredentialsState } from './describe';
import { AccountNode, VendorGroupNode, type AccountsTreeNode } from './nodes';

export function hasConnectionTest(vendor: VendorId): boolean {
  return typeof vendorCatalog().find(vendor)?.testConnection === 'function';
}

export class AccountsTreeProvider implements vscode.TreeDataProvider<AccountsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountsTreeNode | undefined>();
  private readonly subscription: vscode.Disposable;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly accounts: AccountRepository) {
    this.subscription = accounts.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: AccountsTreeNode): vscode.TreeItem {
    const item = toTreeItem(node.row());
    const tooltip = node.tooltip();
    if (tooltip !== undefined) item.tooltip = new vscode.MarkdownString(tooltip, true);
    return item;
  }

  async getChildren(node?: AccountsTreeNode): Promise<AccountsTreeNode[]> {
    if (!node) {
      const all = this.accounts.list();
      return vendorCatalog().ids.flatMap((vendor) => {
        const accounts = all.filter((a) => a.vendor === vendor);
        return accounts.length > 0 ? [new VendorGroupNode(vendor, accounts)] : [];
      });
    }
    if (node instanceof VendorGroupNode) {
      const testable = hasConnectionTest(node.vendor);
      return Promise.all(node.accounts.map(async (account) => new AccountNode(account, await this.credentialsState(account), testable)));
    }
    return [];
  }

  getParent(node: AccountsTreeNode): AccountsTreeNode | undefined {
    if (node instanceof AccountNode) {
      const vendor = node.account.vendor;
      return new VendorGroupNode(vendor, this.accounts.list(vendor));
    }
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async credentialsState(account: Account): Promise<CredentialsState> {
    try {
      const read = await this.accounts.secrets.read(account.id, account.vendor);
      return read.state;
    } catch {
      return 'invalid';
    }
  }
}
