// What every row of the Erasure Jobs tree is: a plain node (no vscode) that knows its parent, its
// children and how it looks. The provider turns rows into vscode.TreeItems; tests read rows directly.
import type { JobState, TargetSpec } from '../../../core/job';
import type { JobStore } from '../../../core/jobStore';
import type { TreeRow } from '../../treeRow';

export type { RowIcon, TreeRow } from '../../treeRow';

export type JobsNodeKind = 'job' | 'target' | 'group' | 'id' | 'more';

export interface JobsNode {
  readonly kind: JobsNodeKind;
  readonly parent: JobsNode | undefined;
  /** The job this row belongs to. */
  readonly job: JobState;
  row(): TreeRow;
  children(): JobsNode[];
  /** Plain text shown on hover; computed only when VS Code asks for it. */
  tooltip(): string;
}

/** What nodes read from the rest of the extension. */
export interface TreeContext {
  store: JobStore;
  isRunning(jobId: string): boolean;
  /** Scrubs secret values (services.redactor.redactText). */
  redact(text: string): string;
  /** ID rows per page of a group before a "Show more…" row. */
  pageSize: number;
  /** Command id run by "Show more…" rows. */
  showMoreCommand: string;
  /** How the status of a target's pending IDs becomes known (e.g. "queued at Cooladata (status API not configured)"). */
  pendingNote?(spec: TargetSpec): string | undefined;
}
