// The contextValue of every row kind. package.json menus match them with `viewItem =~ /…/`:
//   erasure:job:<status>[:retryable][:resumable][:pending]
//   erasure:target:<vendor>[:retryable][:pending]
//   erasure:group:<outcome>[:retryable][:pending]
//   erasure:id:<outcome>[:retryable][:pending]
//   erasure:more
// Retry and resume are offered only while the job is not running (the engine runs one job once).
import { isPending, isRetryable, type Outcome, type OutcomeCounts, type VendorId } from '../../core/job';

export type JobStatus = 'running' | 'notsent' | 'failed' | 'cancelled' | 'pending' | 'finished';

/**
 * One word for a job, most urgent first: running (a run of the engine, not merely IDs marked
 * sending), IDs never sent, failures (or no answer), cancelled IDs, pending, finished.
 */
export function jobStatus(counts: OutcomeCounts, running: boolean): JobStatus {
  if (running) return 'running';
  if (counts.planned > 0) return 'notsent';
  if (counts.failed + counts.unknown > 0) return 'failed';
  if (counts.cancelled > 0) return 'cancelled';
  if (counts.accepted > 0) return 'pending';
  return 'finished';
}

function retryableCount(counts: OutcomeCounts): number {
  return counts.failed + counts.unknown + counts.cancelled;
}

function flags(entries: [string, boolean][]): string {
  return entries.filter(([, on]) => on).map(([name]) => `:${name}`).join('');
}

export function jobContextValue(counts: OutcomeCounts, running: boolean): string {
  const status = jobStatus(counts, running);
  return `erasure:job:${status}${flags([
    ['retryable', !running && retryableCount(counts) > 0],
    ['resumable', !running && counts.planned > 0],
    ['pending', counts.accepted > 0],
  ])}`;
}

export function targetContextValue(vendor: VendorId, counts: OutcomeCounts, running: boolean): string {
  return `erasure:target:${vendor}${flags([
    ['retryable', !running && retryableCount(counts) > 0],
    ['pending', counts.accepted > 0],
  ])}`;
}

export function groupContextValue(outcome: Outcome, running: boolean): string {
  return `erasure:group:${outcome}${flags([
    ['retryable', !running && isRetryable(outcome)],
    ['pending', isPending(outcome)],
  ])}`;
}

export function idContextValue(outcome: Outcome, running: boolean): string {
  return `erasure:id:${outcome}${flags([
    ['retryable', !running && isRetryable(outcome)],
    ['pending', isPending(outcome)],
  ])}`;
}

export const MORE_CONTEXT_VALUE = 'erasure:more';
