// One wrapper around every command: the same error display (redacted, with action buttons), silent
// user cancellation, expected states (the engine's typed errors) shown as they are, and a log line
// with the stack for anything unexpected, and a wait for the history to load.
import * as vscode from 'vscode';
import { EngineStateError } from '../core/engineErrors';
import { errorMessage } from '../core/errorMessage';
import type { ExtensionServices } from '../services';
import { UserCancelled, UserFacingError } from './errors';
import { whenHistoryLoaded } from './historyLoading';

export interface CommandDefinition {
  id: string;
  run(services: ExtensionServices, ...args: unknown[]): Promise<unknown>;
}

export function registerCommand(services: ExtensionServices, definition: CommandDefinition): vscode.Disposable {
  return vscode.commands.registerCommand(definition.id, (...args: unknown[]) => runCommand(services, definition, args));
}

export async function runCommand(services: ExtensionServices, definition: CommandDefinition, args: unknown[]): Promise<unknown> {
  try {
    await whenHistoryLoaded(services);
    return await definition.run(services, ...args);
  } catch (error) {
    await reportCommandError(services, definition.id, error);
    return undefined;
  }
}

async function reportCommandError(services: ExtensionServices, commandId: string, error: unknown): Promise<void> {
  if (error instanceof UserCancelled) return;
  const { redactor, logger, prompter } = services;
  // Expected states (the engine's, or a command's own with its buttons): shown as they are.
  if (error instanceof UserFacingError || error instanceof EngineStateError) {
    const message = redactor.redactText(error.message);
    logger.warn(`${commandId}: ${message}`);
    const actions = error instanceof UserFacingError ? error.actions : [];
    const chosen = await prompter.notify(error.level, message, actions.map((a) => a.title));
    const action = actions.find((a) => a.title === chosen);
    if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
    return;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logger.error(`${commandId} failed: ${redactor.redactText(detail)}`);
  const message = redactor.redactText(errorMessage(error));
  const chosen = await prompter.notify('error', `User Erasure: ${message}`, ['Show Log']);
  if (chosen === 'Show Log') logger.show();
}
