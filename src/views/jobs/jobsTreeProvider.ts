// The TreeDataProvider of the Erasure Jobs view: nodes come from the model, rows become
// TreeItems, tooltips are resolved lazily, refreshes name the rows that changed.
import * as vscode from 'vscode';
import type { JobsTreeModel } from './jobsTreeModel';
import { toTreeItem } from '../treeRow';
import type { JobsNode } from './nodes/node';

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
