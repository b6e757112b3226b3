// "Get Started": the User Erasure walkthrough (add an account and test it, select IDs, preview,
// delete, watch statuses, export evidence). It opens by itself once, the first time the extension
// runs in a window of a real install — never in tests (extension tests, or
// USER_ERASURE_NO_WALKTHROUGH=1, or VS Code's own "open walkthroughs on install" turned off).
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import type { CommandDefinition } from './command';
import { OPEN_WALKTHROUGH_COMMAND } from '../commandIds';

export const WALKTHROUGH_ID = 'userErasure.gettingStarted';
/** globalState key: the walkthrough was opened once on this machine/profile. */
export const WALKTHROUGH_SHOWN_KEY = 'userErasure.walkthroughShown';

export const openWalkthrough: CommandDefinition = {
  id: OPEN_WALKTHROUGH_COMMAND,
  async run(services) {
    return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${services.context.extension.id}#${WALKTHROUGH_ID}`, false);
  },
};

export interface FirstUseFacts {
  /** Extension tests (ExtensionMode.Test). */
  testing: boolean;
  shownBefore: boolean;
  /** USER_ERASURE_NO_WALKTHROUGH */
  optOut: string | undefined;
  /** workbench.welcomePage.walkthroughs.openOnInstall */
  openOnInstall: boolean;
}

export function shouldOpenOnFirstUse(facts: FirstUseFacts): boolean {
  return !facts.testing && !facts.shownBefore && facts.optOut !== '1' && facts.openOnInstall;
}

export async function openWalkthroughOnFirstUse(services: ExtensionServices): Promise<boolean> {
  const { context } = services;
  const open = shouldOpenOnFirstUse({
    testing: context.extensionMode === vscode.ExtensionMode.Test,
    shownBefore: context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY) === true,
    optOut: process.env.USER_ERASURE_NO_WALKTHROUGH,
    openOnInstall: vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true),
  });
  if (!open) return false;
  await context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
  await openWalkthrough.run(services);
  return true;
}
