// One class per kind of row in the Accounts tree. Nodes wrap plain records (an account, a vendor).
import { vendorCatalog } from '../../core/catalog';
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts';
import { type VendorId } from '../../core/job';
import {
  accountContextValue,
  accountDescription,
  accountTooltipLines,
  vendorGroupContextValue,
  vendorGroupDescription,
  type CredentialsState,
} from './describe';

export class VendorGroupNode extends vscode.TreeItem {
  readonly kind = 'vendor' as const;

  constructor(
    readonly vendor: VendorId,
    readonly accounts: readonly Account[],
  ) {
    super(vendorCatalog().displayName(vendor), vscode.TreeItemCollapsibleState.Expanded);
    this.id = `userErasure.accounts/vendor/${vendor}`;
    this.description = vendorGroupDescription(accounts.length);
    this.contextValue = vendorGroupContextValue(vendor);
    this.iconPath = new vscode.ThemeIcon('cloud');
  }
}

export class AccountNode extends vscode.TreeItem {
  readonly kind = 'account' as const;

  constructor(
    readonly account: Account,
    readonly credentials: CredentialsState,
    readonly testable: boolean,
  ) {
    super(account.label, vscode.TreeItemCollapsibleState.None);
    this.id = `userErasure.accounts/account/${account.id}`;
    this.description = accountDescription(account, credentials);
    const tooltip = new vscode.MarkdownString(accountTooltipLines(account, credentials, testable).join('\n'), true);
    this.tooltip = tooltip;
    this.contextValue = accountContextValue(account.vendor, testable);
    this.iconPath =
      credentials === 'ok'
        ? new vscode.ThemeIcon('account')
        : new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.accessibilityInformation = {
      label: `${vendorCatalog().displayName(account.vendor)} account ${account.label}, ${this.description}`,
    };
  }

  get accountId(): string {
    return this.account.id;
  }
}

export type AccountsTreeNode = VendorGroupNode | AccountNode;
