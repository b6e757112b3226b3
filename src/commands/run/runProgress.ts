// A run's progress notification: "deletions answered / total · queued", a working Cancel (no new request starts;
// unsent IDs end as cancelled), updated at most 4 times a second however fast results come.
import * as vscode from 'vscode';
import type { RunHandle } from '../../core/engine';
import { deletionsOf, usersOf } from '../../views/jobs/jobScope';
import { progressMessage } from './progressMessage';

const REPORT_INTERVAL_MS = 250;

/** Shows the progress until the run ends; resolves to whether the engineer cancelled it. */
export function showRunProgress(handle: RunHandle, title: string): Thenable<boolean> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    let cancelled = false;
    let reported = 0;
    // A retry or resume sends part of the job: name its users only when the run is the whole job.
    const scope = handle.progress.total === deletionsOf(handle.job) ? { users: usersOf(handle.job), targets: handle.job.targets.length } : undefined;
    const report = () => {
      const { done, total } = handle.progress;
      const percent = total > 0 ? Math.min(100, (done / total) * 100) : 0;
      progress.report({ message: progressMessage(done, total, cancelled, scope), increment: percent - reported });
      reported = percent;
    };
    const subscription = token.onCancellationRequested(() => {
      cancelled = true;
      handle.cancel();
      report();
    });
    const timer = setInterval(report, REPORT_INTERVAL_MS);
    report();
    try {
      await handle.done;
    } finally {
      clearInterval(timer);
      subscription.dispose();
    }
    return cancelled;
  });
}
