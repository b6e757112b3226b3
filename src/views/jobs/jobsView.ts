// The Erasure Jobs view: the tree view with multi-select, live refreshes coalesced to a few per
// second (only the jobs that changed), the pending count as the view badge, and "Show more…".
import * as vscode from 'vscode';
import type { ErasureEngine } from '../../core/engine';
import type { JobStore } from '../../core/jobStore';
import type { Redactor } from '../../core/redact';
import { JobsTreeModel } from './jobsTreeModel';
import { JobsTreeProvider } from './jobsTreeProvider';
import { MoreNode } from './nodes/moreNode';
import type { JobsNode } from './nodes/node';
import { formatCount } from '../../core/text/plural';
import type { PendingNotes } from './pendingNotes';
import { RefreshCoalescer } from './refreshCoalescer';

export const JOBS_VIEW_ID = 'userErasure.jobs';
/** Run by "Show more…" rows; internal, so not contributed in package.json. */
export const SHOW_MORE_COMMAND = 'userErasure.jobs.showMore';
export const ID_PAGE_SIZE = 1_000;
/** At most 4 repaints per second, whatever the rate of state changes. */
export const REFRESH_INTERVAL_MS = 250;

export interface JobsViewDeps {
  store: JobStore;
  engine: Pick<ErasureEngine, 'isRunning' | 'onDidChangeRuns'>;
  redactor: Redactor;
  /** Notes shown next to pending IDs; the tree repaints when one becomes known. */
  pendingNotes?: Pick<PendingNotes, 'noteFor' | 'onDidChange'>;
}

export interface JobsView extends vscode.Disposable {
  readonly model: JobsTreeModel;
  readonly provider: JobsTreeProvider;
  readonly treeView: vscode.TreeView<JobsNode>;
  /** Rows selected in the view. */
  selection(): readonly JobsNode[];
  /** Shows the view and selects (and expands) a job. */
  reveal(jobId: string): Promise<void>;
  /** Applies pending refreshes now. */
  flush(): void;
}

export function createJobsView(deps: JobsViewDeps): JobsView {
  const model = new JobsTreeModel({
    store: deps.store,
    isRunning: (jobId) => deps.engine.isRunning(jobId),
    redact: (text) => deps.redactor.redactText(text),
    pageSize: ID_PAGE_SIZE,
    showMoreCommand: SHOW_MORE_COMMAND,
    pendingNote: deps.pendingNotes ? (spec) => deps.pendingNotes!.noteFor(spec) : undefined,
  });
  const provider = new JobsTreeProvider(model);
  const treeView = vscode.window.createTreeView(JOBS_VIEW_ID, { treeDataProvider: provider, canSelectMany: true, showCollapseAll: true });

  const updateBadge = () => {
    const pending = model.pendingCount();
    treeView.badge = pending > 0 ? { value: pending, tooltip: `${formatCount(pending)} deletion(s) accepted, pending at the vendor` } : undefined;
  };
  const coalescer = new RefreshCoalescer<JobsNode>((nodes) => {
    provider.refresh(nodes);
    updateBadge();
  }, REFRESH_INTERVAL_MS);
  updateBadge();

  const disposables: vscode.Disposable[] = [
    treeView,
    provider,
    { dispose: () => coalescer.dispose() },
    deps.store.onDidChange((change) => coalescer.mark(model.affected(change))),
    deps.engine.onDidChangeRuns((jobId) => coalescer.mark(model.jobNode(jobId) ?? 'all')),
    deps.pendingNotes?.onDidChange(() => coalescer.mark('all')) ?? { dispose: () => undefined },
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (node: unknown) => {
      if (!(node instanceof MoreNode)) return;
      node.parent.showMore();
      provider.refresh([node.parent]);
    }),
  ];

  return {
    model,
    provider,
    treeView,
    selection: () => treeView.selection,
    async reveal(jobId) {
      coalescer.flush();
      const node = model.jobNode(jobId);
      if (node) await treeView.reveal(node, { select: true, focus: true, expand: true });
    },
    flush: () => coalescer.flush(),
    dispose: () => {
      for (const d of disposables.reverse()) d.dispose();
    },
  };
}
