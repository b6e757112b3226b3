// Whether (and how) to announce that a whole job is done — every ID in a final state — after its
// last pending ID resolved in a status check (pure). A run's own end has its summary already.
import type { JobState } from '../../core/job';
import type { Notice } from '../../platform/prompter';
import { jobScope } from '../../views/jobs/jobScope';
import { outcomeParts, SHOW_JOB, ticketPhrase } from './runSummary';

export interface JobDoneContext {
  /** `userErasure.notifyWhenJobDone`. */
  enabled: boolean;
  /** A run of the job is in progress (its own summary will follow). */
  running: boolean;
}

export function jobDoneNotice(job: JobState, context: JobDoneContext): Notice | undefined {
  if (!context.enabled || context.running) return undefined;
  const c = job.counts();
  if (c.accepted + c.sending + c.planned > 0) return undefined;
  const parts = outcomeParts(c); // nothing accepted or planned by now
  const problems = c.failed + c.unknown;
  return {
    level: problems > 0 ? 'warning' : 'info',
    message: `Erasure job “${job.spec.title}”${ticketPhrase(job)} is complete, no deletion is pending any more — ${jobScope(job)}: ${parts.join(', ') || 'nothing was sent'}.`,
    buttons: [SHOW_JOB],
  };
}
