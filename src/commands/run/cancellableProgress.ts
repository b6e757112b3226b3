// A cancellable progress notification around a task that takes an AbortSignal: VS Code's
// cancellation token is turned into the signal once, here at the edge.
import * as vscode from 'vscode';

/** `report` sets the notification's message (e.g. "1,200 / 50,015 lookups"). */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      return await task(abort.signal, (message) => progress.report({ message }));
    } finally {
      subscription.dispose();
    }
  });
}
