// What a plan will really delete: distinct users to send (an EngageLab alias counts once however
// many devices it resolved to), and a clear refusal when nothing at all can be sent.
import type { JobPlan } from '../../core/engine';
import { describeTarget } from '../../core/job';
import { UserFacingError } from '../errors';
import { plural } from '../../core/text/plural';

/**
 * Distinct selected IDs that go to at least one target. Every selected ID appears in every target
 * (sent, or preset as skipped / not found; an alias as the origin of what it resolved to), so this
 * is the selection minus the IDs preset at every target — no set of a million strings needed.
 */
export function usersToDelete(plan: JobPlan, selectedCount: number): number {
  let nowhere: Set<string> | undefined;
  for (const target of plan.spec.targets) {
    const preset = new Set<string>();
    for (const planned of target.ids) if (planned.preset && (!nowhere || nowhere.has(planned.origin ?? planned.id))) preset.add(planned.origin ?? planned.id);
    nowhere = preset;
    if (nowhere.size === 0) break;
  }
  return selectedCount - (nowhere?.size ?? selectedCount);
}

export function requireSomethingToSend(plan: JobPlan): void {
  if (plan.targets.some((t) => t.toSend > 0)) return;
  const reasons = plan.targets.map((t) => {
    const parts: string[] = [];
    if (t.skipped.length > 0) parts.push(`${plural(t.skipped.length, 'ID')} invalid (e.g. ${t.skipped[0].reason})`);
    if (t.notFound.length > 0) parts.push(`${plural(t.notFound.length, 'ID')} not found (e.g. ${t.notFound[0].reason})`);
    return `${describeTarget(t.spec)}: ${parts.join(', ') || 'no IDs'}`;
  });
  throw new UserFacingError(`Nothing to delete: none of the IDs can be sent. ${reasons.join('; ')}.`, [], 'warning');
}
