// Edit Account: label and non-secret fields prefilled; each secret "keep current" or "replace"
// (the current value is never shown). Argument: a tree node or an account ID; else a quick pick.

import { vendorCatalog } from '../../core/catalog';
import type { CommandDefinition } from '../command';
import { offerConnectionTest } from './addAccount';
import { askAccountEdit } from './form';
import { accountForCommand, EDIT_ACCOUNT_COMMAND } from './pickAccount';
import { savingErrors } from './saving';

export const editAccountCommand: CommandDefinition = {
  id: EDIT_ACCOUNT_COMMAND,
  async run(services, arg) {
    const account = await accountForCommand(services, arg, 'Edit Account');
    const stored = await services.accounts.secrets.read(account.id, account.vendor);
    const edit = await askAccountEdit(services.prompter, account, stored, services.accounts.list());
    const vendorName = vendorCatalog().displayName(account.vendor);
    if (!edit.changed) {
      void services.prompter.notify('info', `No changes to the ${vendorName} account "${account.label}".`);
      return account;
    }
    const saved = await savingErrors(() => services.accounts.replace(edit.account, edit.secrets));
    const what = edit.secrets ? 'settings and credentials' : 'settings';
    services.logger.info(`Edited the ${what} of the ${vendorName} account "${saved.label}" (${saved.id}).`);
    const message = `Saved the changes to the ${vendorName} account "${saved.label}".`;
    if (edit.secrets || connectionFieldsChanged(account, saved)) offerConnectionTest(services, saved, message);
    else void services.prompter.notify('info', message);
    return saved;
  },
};

/** Fields that decide where and how requests go (a label change needs no new test). */
function connectionFieldsChanged(before: object, after: object): boolean {
  const strip = ({ label: _label, ...rest }: Record<string, unknown>) => JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
  return strip(before as Record<string, unknown>) !== strip(after as Record<string, unknown>);
}
