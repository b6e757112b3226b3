// The message shown when a run ends: what happened to the job's IDs, why IDs failed or got no
// answer (per vendor, the most common answer), and the buttons that make sense (Show Job always,
// Retry Failed when something can be sent again). Pure.
import type { JobState, OutcomeCounts } from '../../core/job';
import type { MessageLevel, Notice } from '../../platform/prompter';
import { formatCount } from '../../core/text/plural';
import { jobScope } from '../../views/jobs/jobScope';
import { problemReasons } from './problemReasons';

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

/** " (ticket ZD-4711)", or nothing for a job without a ticket. */
export function ticketPhrase(job: JobState): string {
  return job.spec.ticket !== undefined ? ` (ticket ${job.spec.ticket})` : '';
}

/** `redact` is applied to each vendor answer quoted, before it is shortened. */
export function runSummary(job: JobState, cancelled: boolean, redact: (text: string) => string): Notice {
  const c = job.counts();
  const parts = outcomeParts(c);
  const retryable = c.failed + c.unknown + c.cancelled;
  const problems = c.failed + c.unknown;
  const verb = cancelled ? 'was cancelled' : 'finished';
  const level: MessageLevel = problems > 0 ? 'error' : cancelled || c.cancelled > 0 || c.planned > 0 ? 'warning' : 'info';
  const reasons = problems > 0 ? problemReasons(job, redact) : [];
  return {
    level,
    message: `Erasure job “${job.spec.title}”${ticketPhrase(job)} ${verb} — ${jobScope(job)}: ${parts.join(', ') || 'nothing to do'}.${reasons.length > 0 ? ` ${reasons.join('; ')}` : ''}`,
    buttons: retryable > 0 ? [SHOW_JOB, RETRY_FAILED] : [SHOW_JOB],
  };
}
