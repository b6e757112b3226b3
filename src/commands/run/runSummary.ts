// The message shown when a run ends: what happened to the job's IDs, and the buttons that make
// sense (Show Job always, Retry Failed when something can be sent again). Pure.
import type { JobState, OutcomeCounts } from '../../core/job';
import type { MessageLevel, Notice } from '../../platform/prompter';
import { formatCount } from '../deletion/selectionSummary';

export const SHOW_JOB = 'Show Job';
export const RETRY_FAILED = 'Retry Failed';

/** "6 accepted (pending at the vendor), 1 failed, …": every outcome with IDs, in this order. */
export function outcomeParts(c: OutcomeCounts): string[] {
  const parts: string[] = [];
  const add = (n: number, text: string) => {
    if (n > 0) parts.push(`${formatCount(n)} ${text}`);
  };
  add(c.accepted, 'accepted (pending at the vendor)');
  add(c.done, 'done');
  add(c.failed, 'failed');
  add(c.unknown, 'without an answer');
  add(c['not-found'], 'not found');
  add(c.skipped, 'skipped (invalid)');
  add(c.cancelled, 'cancelled (not sent)');
  add(c.planned, 'not sent');
  return parts;
}

export function runSummary(job: JobState, cancelled: boolean): Notice {
  const c = job.counts();
  const parts = outcomeParts(c);
  const retryable = c.failed + c.unknown + c.cancelled;
  const problems = c.failed + c.unknown;
  const verb = cancelled ? 'was cancelled' : 'finished';
  const level: MessageLevel = problems > 0 ? 'error' : cancelled || c.cancelled > 0 || c.planned > 0 ? 'warning' : 'info';
  return {
    level,
    message: `Erasure job “${job.spec.title}” ${verb}: ${parts.join(', ') || 'nothing to do'}.`,
    buttons: retryable > 0 ? [SHOW_JOB, RETRY_FAILED] : [SHOW_JOB],
  };
}
