// Add Account: vendor → label → the vendor's fields; nothing is stored before the last answer.
// Argument: a vendor ID (e.g. from "Add Account" on a "no account" error) or a vendor group node.
import { vendorCatalog } from '../../core/catalog';
import type { Account } from '../../core/accounts';

import { newAccountId } from '../../platform/accountRepository';
import type { ExtensionServices } from '../../services';
import { hasConnectionTest } from '../../views/accounts/provider';
import { runCommand, type CommandDefinition } from '../command';
import { askNewAccount, askVendor } from './form';
import { savingErrors } from './saving';
import { vendorOfArgument } from './pickAccount';
import { testConnectionCommand } from './testConnection';

export const addAccountCommand: CommandDefinition = {
  id: 'userErasure.addAccount',
  async run(services, arg) {
    const vendor = vendorOfArgument(arg) ?? (await askVendor(services.prompter));
    const draft = await askNewAccount(services.prompter, vendor, services.accounts.list(), newAccountId);
    const saved = await savingErrors(() => services.accounts.add(draft.account, draft.secrets));
    services.logger.info(`Added the ${vendorCatalog().displayName(saved.vendor)} account "${saved.label}" (${saved.id}).`);
    offerConnectionTest(services, saved, `Saved the ${vendorCatalog().displayName(saved.vendor)} account "${saved.label}".`);
    return saved;
  },
};

/**
 * Tells the engineer the account was saved and offers Test Connection when the vendor has one.
 * Not awaited by the commands: a notification left unanswered must not keep a command running.
 */
export function offerConnectionTest(services: ExtensionServices, account: Account, saved: string): void {
  if (!hasConnectionTest(account.vendor)) {
    void services.prompter.notify(
      'info',
      `${saved} ${vendorCatalog().displayName(account.vendor)} offers no harmless call to test the credentials with; the first deletion checks them.`,
    );
    return;
  }
  void services.prompter
    .notify('info', `${saved} Test the connection now?`, ['Test Connection'])
    .then((choice) => (choice === 'Test Connection' ? runCommand(services, testConnectionCommand, [account.id]) : undefined))
    .catch((error: unknown) => services.logger.error(`Test connection after saving failed: ${String(error)}`));
}
