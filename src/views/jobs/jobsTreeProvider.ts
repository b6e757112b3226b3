// The TreeDataProvider of the Erasure Jobs view: nodes come from the model, rows become
// TreeItems, tooltips are resolved lazily, refreshes name the rows that changed.
import * as vscode from 'vscode';
import type { JobsTreeModel } from './jobsTreeModel';
import type { JobsNode, TreeRow } from './nodes/node';

const COLLAPSIBLE: Record<TreeRow['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobsNode | JobsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(readonly model: JobsTreeModel) {}

  getTreeItem(node: JobsNode): vscode.TreeItem {
    return toTreeItem(node.row());
  }

  getChildren(node?: JobsNode): JobsNode[] {
    return node ? node.children() : this.model.roots();
  }

  getParent(node: JobsNode): JobsNode | undefined {
    return node.parent;
  }

  resolveTreeItem(item: vscode.TreeItem, node: JobsNode): vscode.TreeItem {
    item.tooltip = node.tooltip();
    return item;
  }

  refresh(nodes: readonly JobsNode[] | 'all'): void {
    this.changed.fire(nodes === 'all' ? undefined : [...nodes]);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function toTreeItem(row: TreeRow): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
  item.id = row.id;
  item.description = row.description;
  item.contextValue = row.contextValue;
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  if (row.command) item.command = row.command;
  return item;
}
