// How a row of either tree looks, as plain data: nodes (no vscode) describe themselves with a
// TreeRow, and each provider turns it into a vscode.TreeItem here.
import * as vscode from 'vscode';

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
  /** What a screen reader says for the row, when the label and description are not enough. */
  accessibilityLabel?: string;
}

const COLLAPSIBLE: Record<TreeRow['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(row: TreeRow): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
  item.id = row.id;
  item.description = row.description;
  item.contextValue = row.contextValue;
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  if (row.command) item.command = row.command;
  if (row.accessibilityLabel) item.accessibilityInformation = { label: row.accessibilityLabel };
  return item;
}
