// What every row of the Erasure Jobs tree is: a plain node (no vscode) that knows its parent, its
// children and how it looks. The provider turns rows into vscode.TreeItems; tests read rows directly.
import type { JobState, TargetSpec } from '../../../core/job';
import type { JobStore } from '../../../core/jobStore';

export type JobsNodeKind = 'job' | 'target' | 'group' | 'id' | 'more';

export interface RowIcon {
  /** A codicon id, e.g. "loading~spin" or "error". */
  id: string;
  /** A theme color id, e.g. "testing.iconFailed". */
  color?: string;
}

/** How a node looks; everything a vscode.TreeItem needs except the (lazy) tooltip. */
export interface TreeRow {
  /** Stable and unique in the tree, so VS Code keeps expansion and selection across refreshes. */
  id: string;
  label: string;
  description?: string;
  contextValue: string;
  icon?: RowIcon;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; title: string; arguments?: unknown[] };
}

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
