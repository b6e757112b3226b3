// Settings that change the history while VS Code runs: the retention (applied at once: older
// finished jobs leave the journal) and scheduled verification (pending notes say it differently).
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { SECTION, type ExtensionSettings } from './settings';
import { errorMessage } from '../core/errorMessage';

export function watchHistorySettings(deps: {
  settings: () => ExtensionSettings;
  /** Removes finished jobs older than `days`; resolves to how many left the history. */
  history: { setRetentionDays(days: number): Promise<number> };
  pendingNotes: { invalidate(): void };
  logger: Logger;
}): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration(`${SECTION}.verification.automatic`)) deps.pendingNotes.invalidate();
    if (!event.affectsConfiguration(`${SECTION}.history.retentionDays`)) return;
    const days = deps.settings().retentionDays;
    try {
      const dropped = await deps.history.setRetentionDays(days);
      deps.logger.info(`History retention set to ${days} day(s)${dropped > 0 ? `: ${dropped} older job(s) removed` : ''}`);
    } catch (error) {
      deps.logger.error(`Could not apply the history retention: ${errorMessage(error)}`);
    }
  });
}
