// The confirmation of Retry Failed: how many deletions are sent again, where, and the first IDs.
import type { JobStore } from '../../core/jobStore';
import { describeTarget } from '../../core/job';
import { countOf, type RetrySelection } from '../../views/jobs/selection';
import { showId } from '../../core/shownText';
import { plural } from '../../core/text/plural';

export interface RetryText {
  message: string;
  detail: string;
  button: string;
  count: number;
}

export function retryConfirmationText(store: JobStore, selection: RetrySelection): RetryText {
  const count = countOf(selection);
  const lines: string[] = [];
  for (const [jobId, byTarget] of selection) {
    const job = store.require(jobId);
    lines.push(`Job “${job.spec.title}”:`);
    for (const [key, indices] of byTarget) {
      const target = job.target(key);
      const first = indices.slice(0, 5).map((i) => showId(target.ids[i]));
      lines.push(`  ${describeTarget(target.spec)}: ${plural(indices.length, 'ID')} (${first.join(', ')}${indices.length > 5 ? ', …' : ''})`);
    }
  }
  lines.push('', 'These IDs failed, got no answer, or were never sent.');
  return { message: `Send ${plural(count, 'deletion')} again?`, detail: lines.join('\n'), button: `Retry ${plural(count, 'ID')}`, count };
}
