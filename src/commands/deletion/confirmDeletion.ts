// Step 3: the ticket reference (optional), then the confirmation loop. The modal's first button —
// the one Enter presses — is "Preview requests" (safe: nothing is sent); the preview opens with no
// modal over it and a non-modal question waits until the engineer has read it and goes back to
// the confirmation (or cancels). Above the threshold the count must be typed back. Anything but
// an explicit yes cancels.
import type { JobPlan } from '../../core/engine';
import type { Prompter } from '../../platform/prompter';
import { UserCancelled } from '../errors';
import { confirmationText } from './confirmationText';
import type { SelectedIds } from './selectedIds';
import { askTicket } from './ticket';
import { askTypedCount } from './typedCount';

export interface ConfirmDeps {
  prompter: Prompter;
  /** userErasure.confirmThreshold */
  threshold: number;
  showPreview(): Promise<unknown>;
}

export interface TicketChoice {
  /** Taken from the selection (the engineer said so): not asked again. */
  fromSelection?: string;
  /** Offered in the ticket box (the last ticket of this window). */
  offered?: string;
}

export const BACK_TO_CONFIRMATION = 'Back to the confirmation';
export const CANCEL_DELETION = 'Cancel the deletion';

/** Resolves to the ticket reference chosen (undefined: none) once the deletion is confirmed. */
export async function confirmDeletion(deps: ConfirmDeps, plan: JobPlan, selected: SelectedIds, ticketChoice: TicketChoice = {}): Promise<string | undefined> {
  const ticket = ticketChoice.fromSelection ?? (await askTicket(deps.prompter, ticketChoice.offered));
  const text = confirmationText(plan, selected, ticket);
  for (;;) {
    const choice = await deps.prompter.confirm(text.message, text.detail, [text.previewButton, text.deleteButton]);
    if (choice === text.previewButton) {
      await deps.showPreview();
      await afterPreview(deps.prompter, text.what);
      continue;
    }
    if (choice !== text.deleteButton) throw new UserCancelled();
    break;
  }
  if (text.count > deps.threshold) await askTypedCount(deps.prompter, text.count, text.what);
  return ticket;
}

/** A question that leaves the editor usable (a modal would cover the preview): read, then go on or cancel. */
async function afterPreview(prompter: Prompter, what: string): Promise<void> {
  const next = await prompter.pickOne(
    [
      { label: BACK_TO_CONFIRMATION, description: `to delete ${what}, or cancel there`, value: 'confirm' as const },
      { label: CANCEL_DELETION, description: 'nothing is sent', value: 'cancel' as const },
    ],
    {
      title: 'Dry run open in the editor: nothing has been sent',
      placeholder: 'Read the requests (click into the editor to scroll), then choose here',
    },
  );
  if (next !== 'confirm') throw new UserCancelled();
}
