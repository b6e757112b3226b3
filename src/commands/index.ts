// Every command of the extension, in one list: the composition root registers them all, and the
// manifest test checks this list against package.json.
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { accountCommands } from './accounts';
import { cancelJob } from './cancelJob';
import { clearHistory } from './clearHistory';
import { registerCommand, type CommandDefinition } from './command';
import { copyIds } from './copyIds';
import { deleteSelectedUsers } from './deleteSelectedUsers';
import { exportHistory } from './exportHistory';
import { exportJob } from './exportJob';
import { findJob } from './findJob';
import { openSampleIds } from './openSampleIds';
import { openWalkthrough } from './openWalkthrough';
import { previewSelectedUsers } from './previewSelectedUsers';
import { removeJob } from './removeJob';
import { repairHistory } from './repairHistory';
import { resumeJob } from './resumeJob';
import { retryFailed } from './retryFailed';
import { showDetails } from './showDetails';
import { showLog } from './showLog';
import { verifyNow } from './verifyNow';

export const allCommands: readonly CommandDefinition[] = [
  deleteSelectedUsers,
  previewSelectedUsers,
  openSampleIds,
  ...accountCommands,
  copyIds,
  showDetails,
  retryFailed,
  resumeJob,
  cancelJob,
  removeJob,
  clearHistory,
  repairHistory,
  verifyNow,
  exportJob,
  exportHistory,
  findJob,
  openWalkthrough,
  showLog,
];

export function registerCommands(services: ExtensionServices): vscode.Disposable[] {
  return allCommands.map((definition) => registerCommand(services, definition));
}
