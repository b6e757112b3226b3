// Remove Account: a modal confirmation naming the account and vendor, then its metadata and its
// secrets are removed. Argument: a tree node or an account ID; else a quick pick.

import { vendorCatalog } from '../../core/catalog';
import type { CommandDefinition } from '../command';
import { UserCancelled } from '../errors';
import { savingErrors } from './saving';
import { accountForCommand } from './pickAccount';

export const REMOVE_BUTTON = 'Remove Account';

export const removeAccountCommand: CommandDefinition = {
  id: 'userErasure.removeAccount',
  async run(services, arg) {
    const account = await accountForCommand(services, arg, 'Remove Account');
    const vendorName = vendorCatalog().displayName(account.vendor);
    const running = services.store
      .list()
      .filter((job) => services.engine.isRunning(job.id) && job.spec.targets.some((t) => t.spec.accountId === account.id)).length;
    const detail = [
      `Its credentials are deleted from VS Code's secret storage.`,
      `Jobs in the history keep their results, but cannot be retried, resumed or verified without this account.`,
      ...(running > 0 ? [`${running} running job${running === 1 ? ' uses' : 's use'} it and will finish with the credentials already loaded.`] : []),
    ].join('\n');
    const choice = await services.prompter.confirm(`Remove the ${vendorName} account "${account.label}"?`, detail, [REMOVE_BUTTON]);
    if (choice !== REMOVE_BUTTON) throw new UserCancelled();
    await savingErrors(() => services.accounts.remove(account.id));
    services.logger.info(`Removed the ${vendorName} account "${account.label}" (${account.id}) and its credentials.`);
    void services.prompter.notify('info', `Removed the ${vendorName} account "${account.label}" and its credentials.`);
    return account;
  },
};
