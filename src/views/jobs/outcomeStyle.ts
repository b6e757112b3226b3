// How outcomes look in the tree: the order of the groups, their icons, and short words for counts.
import { formatCount } from '../../core/text/plural';
import type { Outcome, OutcomeCounts } from '../../core/job';
import type { RowIcon } from './nodes/node';

/** Groups under a target, in this order; a group is shown only when it holds IDs. */
export const GROUP_ORDER: readonly Outcome[] = ['sending', 'accepted', 'done', 'failed', 'unknown', 'not-found', 'skipped', 'cancelled', 'planned'];

/** Short words for descriptions such as "1,230 accepted · 2 failed". */
export const OUTCOME_SHORT: Record<Outcome, string> = {
  planned: 'not sent',
  sending: 'sending',
  accepted: 'accepted',
  done: 'done',
  failed: 'failed',
  'not-found': 'not found',
  skipped: 'skipped',
  cancelled: 'cancelled',
  unknown: 'unknown',
};

export const OUTCOME_ICONS: Record<Outcome, RowIcon> = {
  planned: { id: 'circle-large-outline' },
  sending: { id: 'loading~spin' },
  accepted: { id: 'watch', color: 'charts.blue' },
  done: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  'not-found': { id: 'question', color: 'charts.yellow' },
  skipped: { id: 'circle-slash', color: 'disabledForeground' },
  // Not red: nothing failed, the engineer stopped these before they were sent.
  cancelled: { id: 'stop-circle', color: 'charts.orange' },
  unknown: { id: 'warning', color: 'testing.iconQueued' },
};

export const SPINNER: RowIcon = { id: 'loading~spin' };

/**
 * "1,230 accepted · 2 failed · 3 not found" (non-zero outcomes only, in group order). While the
 * job runs, IDs not sent yet are "queued" (progress, not a problem).
 */
export function countsSummary(counts: OutcomeCounts, running = false): string {
  const parts = GROUP_ORDER.filter((o) => counts[o] > 0).map((o) => `${formatCount(counts[o])} ${o === 'planned' && running ? 'queued' : OUTCOME_SHORT[o]}`);
  return parts.join(' · ');
}
