// Step 2d: the engine's plan (validation per vendor, a vendor's lookups such as aliases) with progress; the
// lookups can be cancelled. A dry run defers the lookups (it sends nothing at all). Refuses a plan
// that sends nothing.
import * as vscode from 'vscode';
import { vendorCatalog } from '../../core/catalog';
import type { JobPlan, TargetChoice } from '../../core/engine';
import type { ExtensionServices } from '../../services';
import { UserCancelled } from '../errors';
import { requireSomethingToSend } from './planCheck';

export async function planDeletion(
  services: ExtensionServices,
  ids: readonly string[],
  choices: readonly TargetChoice[],
  dryRun: boolean,
): Promise<JobPlan> {
  const lookups = dryRun ? undefined : choices.map((c) => vendorCatalog().prepareStep(c.options)).find((step) => step !== undefined);
  const controller = new AbortController();
  let plan: JobPlan;
  try {
    plan = await vscode.window.withProgress(
      {
        location: lookups ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: lookups?.progressTitle ?? 'Checking the IDs…',
        cancellable: lookups !== undefined,
      },
      (_progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return services.engine.plan({ ids, choices, source: 'editor', deferPrepareSteps: dryRun }, controller.signal);
      },
    );
  } catch (error) {
    if (controller.signal.aborted) throw new UserCancelled();
    throw error;
  }
  if (controller.signal.aborted) throw new UserCancelled();
  requireSomethingToSend(plan);
  return plan;
}
