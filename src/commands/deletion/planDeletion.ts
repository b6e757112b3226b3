// Step 2d: the engine's plan (validation per vendor, EngageLab alias lookups) with progress; the
// lookups can be cancelled. A dry run defers the lookups (it sends nothing at all). Refuses a plan
// that sends nothing.
import * as vscode from 'vscode';
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
  const lookups = !dryRun && choices.some((c) => c.options.vendor === 'engagelab' && c.options.idType === 'alias');
  const controller = new AbortController();
  let plan: JobPlan;
  try {
    plan = await vscode.window.withProgress(
      {
        location: lookups ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: lookups ? 'Resolving EngageLab aliases to registration IDs…' : 'Checking the IDs…',
        cancellable: lookups,
      },
      (_progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return services.engine.plan({ ids, choices, source: 'editor', deferAliasLookups: dryRun }, controller.signal);
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
