// A command run in the window's first moments waits until the history is loaded: a job started
// before it would escape the journal, and Find Job or Export would miss its jobs. The wait shows
// in the status bar.
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';

export async function whenHistoryLoaded(services: Pick<ExtensionServices, 'history'>): Promise<void> {
  if (services.history.mode !== 'loading') return;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'User Erasure: loading history…' }, () => services.history.whenLoaded());
}
