// Which account a command is about: from a tree node, an account ID, or a quick pick. No runtime
// `vscode` import (the services are used through their types), so this runs in plain Node tests.
import { vendorCatalog } from '../../core/catalog';
import type { Account } from '../../core/accounts';
import { type VendorId } from '../../core/job';
import type { AccountRepository } from '../../platform/accountRepository';
import type { PickItem, Prompter } from '../../platform/prompter';
import { accountDescription } from '../../views/accounts/describe';
import { UserCancelled, UserFacingError } from '../errors';

export const ADD_ACCOUNT_COMMAND = 'userErasure.addAccount';
export const EDIT_ACCOUNT_COMMAND = 'userErasure.editAccount';

/** What these helpers need of ExtensionServices (narrow, so tests can hand in plain objects). */
export interface AccountServices {
  accounts: Pick<AccountRepository, 'list' | 'get'>;
  prompter: Prompter;
}

export function isVendorId(value: unknown): value is VendorId {
  return typeof value === 'string' && (vendorCatalog().ids as readonly string[]).includes(value);
}

/**
 * The account ID an invocation names: a tree node ({ account }), { accountId }, or the ID itself.
 * undefined when the command was run from the palette (or with something else).
 */
export function accountIdOfArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const { account, accountId } = arg as { account?: { id?: unknown }; accountId?: unknown };
    if (typeof accountId === 'string') return accountId;
    if (account && typeof account.id === 'string') return account.id;
  }
  return undefined;
}

/** The vendor an invocation names: the vendor ID itself, or a vendor group node ({ vendor }). */
export function vendorOfArgument(arg: unknown): VendorId | undefined {
  if (isVendorId(arg)) return arg;
  if (arg && typeof arg === 'object' && 'vendor' in arg && !('account' in arg)) {
    const vendor = (arg as { vendor: unknown }).vendor;
    if (isVendorId(vendor)) return vendor;
  }
  return undefined;
}

/**
 * One account of the vendor: the only one directly, else a quick pick. Throws a UserFacingError
 * with an "Add Account" button when the vendor has none, UserCancelled on Escape.
 */
export async function pickAccount(services: AccountServices, vendor: VendorId, title: string): Promise<Account> {
  const accounts = services.accounts.list(vendor);
  if (accounts.length === 0) {
    throw new UserFacingError(`No ${vendorCatalog().displayName(vendor)} account is configured yet. Add one first.`, [
      { title: 'Add Account', command: ADD_ACCOUNT_COMMAND, args: [vendor] },
    ]);
  }
  if (accounts.length === 1) return accounts[0];
  return pickFrom(services, accounts, title, `Which ${vendorCatalog().displayName(vendor)} account?`);
}

/** The account a command acts on: the one its argument names, else a quick pick of all accounts. */
export async function accountForCommand(
  services: AccountServices,
  arg: unknown,
  title: string,
  options: { filter?: (account: Account) => boolean; itemDetail?: (account: Account) => string | undefined } = {},
): Promise<Account> {
  const accountId = accountIdOfArgument(arg);
  if (accountId !== undefined) {
    const account = services.accounts.get(accountId);
    if (!account) throw new UserFacingError('This account no longer exists (it was removed, perhaps in another window).', [], 'warning');
    return account;
  }
  const accounts = services.accounts.list().filter(options.filter ?? (() => true));
  if (accounts.length === 0) {
    throw new UserFacingError('No vendor account is configured yet.', [{ title: 'Add Account', command: ADD_ACCOUNT_COMMAND }], 'info');
  }
  return pickFrom(services, accounts, title, 'Which account?', options.itemDetail);
}

async function pickFrom(
  services: AccountServices,
  accounts: readonly Account[],
  title: string,
  placeholder: string,
  itemDetail?: (account: Account) => string | undefined,
): Promise<Account> {
  const items: PickItem<Account>[] = accounts.map((account) => ({
    label: account.label,
    description: `${vendorCatalog().displayName(account.vendor)} · ${accountDescription(account)}`,
    detail: itemDetail?.(account),
    value: account,
  }));
  const chosen = await services.prompter.pickOne(items, { title, placeholder });
  if (!chosen) throw new UserCancelled();
  return chosen;
}
