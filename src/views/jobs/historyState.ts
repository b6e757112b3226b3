// Keeps the Erasure Jobs view in step with the history's mode: its message and description, the
// `userErasure.readOnly` context key that hides Retry, Resume, Verify Now, Remove and Clear where
// they could not run, and `userErasure.historyLoaded`, without which the empty view's welcome
// ("No erasure jobs yet") stays hidden: before activation and while the history loads.
import * as vscode from 'vscode';
import type { HistorySession } from '../../history/historySession';
import { historyViewText } from './historyMessage';

export const READ_ONLY_CONTEXT_KEY = 'userErasure.readOnly';
export const HISTORY_LOADED_CONTEXT_KEY = 'userErasure.historyLoaded';

export function reflectHistoryState(
  session: Pick<HistorySession, 'mode' | 'canWrite' | 'failure' | 'readOnlyReason' | 'onDidChangeMode'>,
  treeView: Pick<vscode.TreeView<unknown>, 'message' | 'description'>,
): vscode.Disposable {
  const apply = () => {
    const text = historyViewText(session.mode, session.readOnlyReason(), session.failure);
    treeView.message = text.message;
    treeView.description = text.description;
    void vscode.commands.executeCommand('setContext', READ_ONLY_CONTEXT_KEY, !session.canWrite);
    void vscode.commands.executeCommand('setContext', HISTORY_LOADED_CONTEXT_KEY, session.mode !== 'loading' && session.mode !== 'closed');
  };
  apply();
  return session.onDidChangeMode(apply);
}
