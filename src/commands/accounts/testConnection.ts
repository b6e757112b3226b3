// Test Connection: one harmless authenticated call (EngageLab device lookup, CleverTap profile
// lookup, Batch GDPR request list) under a cancellable progress notification. Cooladata has no
// such call: say so plainly instead of pretending.
import { vendorCatalog } from '../../core/catalog';
import * as vscode from 'vscode';
import { MissingCredentialsError, type Account } from '../../core/accounts';

import type { ExtensionServices } from '../../services';
import type { ConnectionCheck } from '../../core/vendor';
import { hasConnectionTest } from '../../views/accounts/provider';
import type { CommandDefinition } from '../command';
import { UserCancelled, UserFacingError } from '../errors';
import { accountForCommand, EDIT_ACCOUNT_COMMAND } from './pickAccount';
import { errorMessage } from '../../core/errorMessage';

export const TEST_CONNECTION_COMMAND = 'userErasure.testConnection';

export const testConnectionCommand: CommandDefinition = {
  id: TEST_CONNECTION_COMMAND,
  async run(services, arg) {
    const account = await accountForCommand(services, arg, 'Test Connection', {
      itemDetail: (a) => (hasConnectionTest(a.vendor) ? undefined : `${vendorCatalog().displayName(a.vendor)} has no harmless call to test with`),
    });
    return testAccountConnection(services, account);
  },
};

/** Runs the vendor's test call and shows the outcome; resolves to it (undefined when the vendor has none). */
export async function testAccountConnection(services: ExtensionServices, account: Account): Promise<ConnectionCheck | undefined> {
  const vendorName = vendorCatalog().displayName(account.vendor);
  const test = vendorCatalog().find(account.vendor)?.testConnection;
  if (!test) {
    // Still worth knowing whether credentials are stored at all.
    await credentialsOrHelp(services, account);
    void services.prompter.notify(
      'info',
      `${vendorName} offers no harmless call to test credentials with, so "${account.label}" cannot be tested without deleting something. ` +
        `Its credentials are stored; the first deletion checks them (a wrong or non-ADMIN token fails with 401/403 and deletes nothing).`,
    );
    return undefined;
  }
  const controller = new AbortController();
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing the connection to ${vendorName} "${account.label}"…`, cancellable: true },
    async (_progress, token) => {
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const { account: current, secrets } = await credentialsOrHelp(services, account);
        return await test(current as never, secrets as never, services.engine.clientEnv(current.vendor), controller.signal);
      } catch (error) {
        if (controller.signal.aborted || error instanceof UserFacingError) throw error;
        return { ok: false, message: errorMessage(error) } satisfies ConnectionCheck;
      } finally {
        subscription.dispose();
      }
    },
  ).then(
    (result) => result,
    (error: unknown) => {
      if (controller.signal.aborted) throw new UserCancelled();
      throw error;
    },
  );
  if (controller.signal.aborted) throw new UserCancelled();
  const message = services.redactor.redactText(check.message);
  if (check.ok) {
    services.logger.info(`Test connection: ${vendorName} "${account.label}": ok: ${message}`);
    void services.prompter.notify('info', `${vendorName} "${account.label}": ${message}`);
  } else {
    services.logger.warn(`Test connection: ${vendorName} "${account.label}": failed: ${message}`);
    void services.prompter
      .notify('error', `Connection test of the ${vendorName} account "${account.label}" failed: ${message}`, ['Edit Account', 'Show Log'])
      .then(async (choice) => {
        if (choice === 'Edit Account') await vscode.commands.executeCommand(EDIT_ACCOUNT_COMMAND, account.id);
        else if (choice === 'Show Log') services.logger.show();
      })
      .catch((error: unknown) => services.logger.error(`Test connection follow-up failed: ${String(error)}`));
  }
  return { ok: check.ok, message };
}

/** The account's secrets (registered with the redactor); a missing/unreadable secret becomes an error with an "Edit Account" button. */
export async function credentialsOrHelp(services: ExtensionServices, account: Account) {
  try {
    return await services.engine.credentialsFor(account.id);
  } catch (error) {
    throw asCredentialsHelp(error, account.id);
  }
}

/** Turns a MissingCredentialsError into a UserFacingError offering Edit Account; other errors pass through. */
export function asCredentialsHelp(error: unknown, accountId: string): unknown {
  if (error instanceof MissingCredentialsError) {
    return new UserFacingError(error.message, [{ title: 'Edit Account', command: EDIT_ACCOUNT_COMMAND, args: [accountId] }]);
  }
  return error;
}
