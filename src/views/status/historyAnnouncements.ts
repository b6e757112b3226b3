// Tells the engineer what opening the history found: a journal that could not be opened (with
// "Show Log" and "Try Again"), unreadable lines, IDs whose answer was lost when VS Code closed —
// at activation and when this window takes over from another one.
// Every message goes through the Prompter; nothing here blocks activation.
import * as vscode from 'vscode';
import type { JournalLoadReport } from '../../core/journal';
import { REPAIR_HISTORY_COMMAND } from '../../commandIds';
import { loadLogLine, loadNotices, openFailureNotice, REPAIR_HISTORY, SHOW_JOBS, SHOW_LOG, TRY_AGAIN } from '../../history/historyNotices';
import type { Notice } from '../../platform/prompter';
import type { ExtensionServices } from '../../services';
import { FOCUS_JOBS_VIEW_COMMAND } from './pendingStatusBar';
import { errorMessage } from '../../core/errorMessage';

type Deps = Pick<ExtensionServices, 'history' | 'prompter' | 'logger'>;

export async function announceHistory(services: Deps, report: JournalLoadReport | undefined): Promise<void> {
  const { history, logger } = services;
  if (report) {
    logger.info(loadLogLine(report));
    await Promise.all(loadNotices(report).map((notice) => show(services, notice)));
    return;
  }
  const chosen = await show(services, openFailureNotice(history.failure ?? 'unknown error'));
  if (chosen !== TRY_AGAIN) return;
  try {
    await announceHistory(services, await history.reopen());
  } catch (error) {
    await show(services, { level: 'error', message: errorMessage(error), buttons: [SHOW_LOG] });
  }
}

/**
 * A read-only window that takes over (the writer closed or crashed) loaded the history again as
 * its writer: what that load found (e.g. IDs the crashed window sent without an answer) is said too.
 */
export function announceTakeovers(services: Deps): { dispose(): void } {
  let previous = services.history.mode;
  return services.history.onDidChangeMode((mode) => {
    const tookOver = previous === 'reader' && mode === 'writer';
    previous = mode;
    if (tookOver) void announceHistory(services, services.history.journal?.lastLoad);
  });
}

async function show(services: Deps, notice: Notice): Promise<string | undefined> {
  try {
    const chosen = await services.prompter.notify(notice.level, notice.message, notice.buttons);
    if (chosen === SHOW_LOG) services.logger.show();
    if (chosen === SHOW_JOBS) await vscode.commands.executeCommand(FOCUS_JOBS_VIEW_COMMAND);
    if (chosen === REPAIR_HISTORY) await vscode.commands.executeCommand(REPAIR_HISTORY_COMMAND);
    return chosen;
  } catch (error) {
    services.logger.warn(`history notice: ${errorMessage(error)}`);
    return undefined;
  }
}
