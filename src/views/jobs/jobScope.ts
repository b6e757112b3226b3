// How big a job is, said with users and deletions apart: 5 users at one target and two apps of another
// are "5 users · 15 deletions at 3 targets", not "15". Pure; the user count is cached per job.
import { vendorCatalog } from '../../core/catalog';
import type { JobState } from '../../core/job';
import { plural } from '../../core/text/plural';

const userCounts = new WeakMap<JobState, number>();

/**
 * Distinct users of a job. Every selected ID is planned at every target (sent, or preset as skipped /
 * not found), so a target that sends the IDs themselves has one entry per user; only a target
 * whose typed IDs were looked up first (aliases) has several (one per device), counted by the alias it came from.
 */
export function usersOf(job: JobState): number {
  const known = userCounts.get(job);
  if (known !== undefined) return known;
  const direct = job.targets.find((t) => vendorCatalog().prepareStep(t.spec.options) === undefined);
  let users: number;
  if (direct) users = direct.size;
  else if (job.targets.length === 0) users = 0;
  else users = new Set(job.targets[0].ids.map((id, i) => job.targets[0].origins[i] ?? id)).size;
  userCounts.set(job, users);
  return users;
}

export function deletionsOf(job: JobState): number {
  return job.targets.reduce((n, t) => n + t.size, 0);
}

/** "5 users · 15 deletions at 3 targets"; "2 users at 1 target" when each user is one deletion. */
export function jobScope(job: JobState): string {
  const users = usersOf(job);
  const deletions = deletionsOf(job);
  const targets = plural(job.targets.length, 'target');
  return deletions === users ? `${plural(users, 'user')} at ${targets}` : `${plural(users, 'user')} · ${plural(deletions, 'deletion')} at ${targets}`;
}
