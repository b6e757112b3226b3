// The status bar item "User Erasure: 42 deletions pending": recounted a few times a second at most while
// results stream in, at once when a run starts or ends or the history changes mode; a click
// focuses the Erasure Jobs view.
import * as vscode from 'vscode';
import type { JobStore } from '../../core/jobStore';
import type { HistorySession } from '../../history/historySession';
import { statusBarView, type StatusBarView } from './statusBarText';

export const FOCUS_JOBS_VIEW_COMMAND = 'userErasure.jobs.focus';
const RECOUNT_MS = 250;

export interface PendingStatusBarDeps {
  store: JobStore;
  engine: { isRunning(jobId: string): boolean; onDidChangeRuns(listener: (jobId: string) => void): { dispose(): void } };
  session: Pick<HistorySession, 'mode' | 'onDidChangeMode'>;
  pendingCount(): number;
  automaticVerification(): boolean;
}

export interface PendingStatusBar extends vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** What the item shows now (tests read it). */
  view(): StatusBarView;
  /** Recounts now. */
  update(): void;
}

export function createPendingStatusBar(deps: PendingStatusBarDeps): PendingStatusBar {
  const item = vscode.window.createStatusBarItem('userErasure.pending', vscode.StatusBarAlignment.Left, 50);
  item.name = 'User Erasure: pending deletions';
  item.command = FOCUS_JOBS_VIEW_COMMAND;
  let shown: StatusBarView = { visible: false, text: '', tooltip: '' };
  let timer: ReturnType<typeof setTimeout> | undefined;

  const update = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const running = deps.store.list().filter((job) => deps.engine.isRunning(job.id)).length;
    shown = statusBarView({ pending: deps.pendingCount(), running, mode: deps.session.mode, automaticVerification: deps.automaticVerification() });
    item.text = shown.text;
    item.tooltip = shown.tooltip;
    if (shown.visible) item.show();
    else item.hide();
  };
  const soon = () => {
    timer ??= setTimeout(update, RECOUNT_MS);
  };
  const subscriptions = [
    deps.store.onDidChange(soon),
    deps.engine.onDidChangeRuns(update),
    deps.session.onDidChangeMode(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('userErasure.verification.automatic')) update();
    }),
  ];
  update();
  return {
    item,
    view: () => shown,
    update,
    dispose: () => {
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      item.dispose();
    },
  };
}
