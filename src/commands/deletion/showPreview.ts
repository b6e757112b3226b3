// The dry run: the plan's requests in a read-only document; nothing is sent.
import type * as vscode from 'vscode';
import type { JobPlan } from '../../core/engine';
import type { ExtensionServices } from '../../services';
import { previewText } from './previewText';
import type { SelectedIds } from './selectedIds';

export async function showPreview(services: ExtensionServices, plan: JobPlan, selected: SelectedIds): Promise<vscode.TextDocument> {
  const preview = await services.engine.preview(plan);
  return services.documents.open(`dry-run-${plan.spec.id}`, 'http', previewText(plan, preview, selected));
}
