// Step 3: the confirmation loop. "Preview requests" shows the dry run and asks again; above the
// threshold the count must be typed back. Anything but an explicit yes cancels.
import type { JobPlan } from '../../core/engine';
import type { Prompter } from '../../platform/prompter';
import { UserCancelled } from '../errors';
import { confirmationText } from './confirmationText';
import type { SelectedIds } from './selectedIds';
import { askTypedCount } from './typedCount';

export interface ConfirmDeps {
  prompter: Prompter;
  /** userErasure.confirmThreshold */
  threshold: number;
  showPreview(): Promise<unknown>;
}

export async function confirmDeletion(deps: ConfirmDeps, plan: JobPlan, selected: SelectedIds): Promise<void> {
  const text = confirmationText(plan, selected);
  for (;;) {
    const choice = await deps.prompter.confirm(text.message, text.detail, [text.deleteButton, text.previewButton]);
    if (choice === text.previewButton) {
      await deps.showPreview();
      continue;
    }
    if (choice !== text.deleteButton) throw new UserCancelled();
    break;
  }
  if (text.count > deps.threshold) await askTypedCount(deps.prompter, text.count, text.what);
}
