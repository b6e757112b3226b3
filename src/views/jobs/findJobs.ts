// "Find Job by Ticket or ID…": the jobs whose ticket holds the text (case-insensitive: "4711"
// finds ZD-4711), and every place an ID equal to it was sent (exactly, or as the EngageLab alias it
// came from) with its outcome there. Answers "what happened to ticket 4711 / user X?". Pure.
import { describeTarget, OUTCOME_LABELS, type JobState, type Outcome, type TargetState } from '../../core/job';

export type FindMatch =
  | { kind: 'job'; job: JobState; why: 'ticket' | 'job id' }
  | { kind: 'id'; job: JobState; target: TargetState; index: number; id: string; outcome: Outcome };

/** Beyond this many ID matches the rest are counted, not listed. */
export const ID_MATCH_LIMIT = 500;

export interface FindResult {
  matches: FindMatch[];
  /** ID matches not listed (over the limit). */
  more: number;
}

export function findJobs(jobs: readonly JobState[], query: string): FindResult {
  const text = query.trim();
  const lower = text.toLowerCase();
  const matches: FindMatch[] = [];
  let listed = 0;
  let more = 0;
  if (text === '') return { matches, more };
  for (const job of jobs) {
    if (job.spec.ticket !== undefined && job.spec.ticket.toLowerCase().includes(lower)) matches.push({ kind: 'job', job, why: 'ticket' });
    else if (job.id === text) matches.push({ kind: 'job', job, why: 'job id' });
  }
  for (const job of jobs) {
    for (const target of job.targets) {
      for (const index of indicesOf(target, text)) {
        if (listed >= ID_MATCH_LIMIT) {
          more++;
          continue;
        }
        listed++;
        matches.push({ kind: 'id', job, target, index, id: target.ids[index], outcome: target.outcomeAt(index) });
      }
    }
  }
  return { matches, more };
}

function indicesOf(target: TargetState, id: string): number[] {
  const out: number[] = [];
  // A plain scan: target.indexOf would keep a map of every ID of every target after one search.
  const direct = target.ids.indexOf(id);
  if (direct >= 0) out.push(direct);
  if (target.origins.some((o) => o !== undefined)) {
    target.origins.forEach((origin, i) => {
      if (origin === id && i !== direct) out.push(i);
    });
  }
  return out;
}

/** How a match reads in the quick pick. */
export function matchRow(match: FindMatch, scope: (job: JobState) => string): { label: string; description: string; detail: string } {
  const { job } = match;
  const ticket = job.spec.ticket !== undefined ? `ticket ${job.spec.ticket} · ` : '';
  if (match.kind === 'job') {
    return {
      label: `$(history) ${job.spec.ticket ?? job.id}`,
      description: `job “${job.spec.title}”`,
      detail: `${ticket}${scope(job)}`,
    };
  }
  const origin = match.target.origins[match.index];
  const alias = origin !== undefined && origin !== match.id;
  return {
    label: `$(person) ${alias ? origin : match.id}`,
    description: `${OUTCOME_LABELS[match.outcome]} — ${describeTarget(match.target.spec)}${alias ? ` (registration ID ${match.id})` : ''}`,
    detail: `${ticket}job “${job.spec.title}”`,
  };
}
