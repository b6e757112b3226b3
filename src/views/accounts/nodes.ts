// One class per kind of row in the Accounts tree, in the style of the jobs tree: plain nodes (no
// vscode) that wrap a record (a vendor's accounts, an account) and say how their row looks; the
// provider turns rows into TreeItems.
import type { Account } from '../../core/accounts';
import { vendorCatalog } from '../../core/catalog';
import type { VendorId } from '../../core/job';
import type { TreeRow } from '../treeRow';
import {
  accountContextValue,
  accountDescription,
  accountTooltipLines,
  vendorGroupContextValue,
  vendorGroupDescription,
  type CredentialsState,
} from './describe';

export class VendorGroupNode {
  readonly kind = 'vendor' as const;
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;

  constructor(
    readonly vendor: VendorId,
    readonly accounts: readonly Account[],
  ) {
    this.label = vendorCatalog().displayName(vendor);
    this.description = vendorGroupDescription(accounts.length);
    this.contextValue = vendorGroupContextValue(vendor);
  }

  row(): TreeRow {
    return {
      id: `userErasure.accounts/vendor/${this.vendor}`,
      label: this.label,
      description: this.description,
      contextValue: this.contextValue,
      icon: { id: 'cloud' },
      collapsible: 'expanded',
    };
  }

  /** Markdown (theme icons allowed); undefined: none. */
  tooltip(): string | undefined {
    return undefined;
  }
}

export class AccountNode {
  readonly kind = 'account' as const;
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;

  constructor(
    readonly account: Account,
    readonly credentials: CredentialsState,
    readonly testable: boolean,
  ) {
    this.label = account.label;
    this.description = accountDescription(account, credentials);
    this.contextValue = accountContextValue(account.vendor, testable);
  }

  get accountId(): string {
    return this.account.id;
  }

  row(): TreeRow {
    return {
      id: `userErasure.accounts/account/${this.account.id}`,
      label: this.label,
      description: this.description,
      contextValue: this.contextValue,
      icon: this.credentials === 'ok' ? { id: 'account' } : { id: 'warning', color: 'problemsWarningIcon.foreground' },
      collapsible: 'none',
      accessibilityLabel: `${vendorCatalog().displayName(this.account.vendor)} account ${this.account.label}, ${this.description}`,
    };
  }

  /** Markdown (theme icons allowed). */
  tooltip(): string | undefined {
    return accountTooltipLines(this.account, this.credentials, this.testable).join('\n');
  }
}

export type AccountsTreeNode = VendorGroupNode | AccountNode;
