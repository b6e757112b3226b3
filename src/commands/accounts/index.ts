// The account commands, for the composition root; and the helpers the delete flow uses.
import type { CommandDefinition } from '../command';
import { addAccountCommand } from './addAccount';
import { editAccountCommand } from './editAccount';
import { removeAccountCommand } from './removeAccount';
import { testConnectionCommand } from './testConnection';

export const accountCommands: CommandDefinition[] = [addAccountCommand, editAccountCommand, removeAccountCommand, testConnectionCommand];

export { addAccountCommand, offerConnectionTest } from './addAccount';
export { editAccountCommand } from './editAccount';
export { removeAccountCommand } from './removeAccount';
export { asCredentialsHelp, testAccountConnection, testConnectionCommand } from './testConnection';
export { accountForCommand, accountIdOfArgument, pickAccount, vendorOfArgument } from './pickAccount';
