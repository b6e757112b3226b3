// The tree's model apart from its provider: job nodes kept per job (so refreshes can name the
// exact rows that changed), the pending count for the view badge, and lookups for reveal.
import type { JobChange } from '../../core/jobStore';
import { JobNode } from './nodes/jobNode';
import type { TreeContext } from './nodes/node';

export class JobsTreeModel {
  private readonly jobNodes = new Map<string, JobNode>();

  constructor(readonly ctx: TreeContext) {}

  /** Job rows, newest first. */
  roots(): JobNode[] {
    const jobs = this.ctx.store.list();
    const live = new Set(jobs.map((j) => j.id));
    for (const id of [...this.jobNodes.keys()]) if (!live.has(id)) this.jobNodes.delete(id);
    return jobs.map((job) => this.jobNode(job.id)!);
  }

  jobNode(jobId: string): JobNode | undefined {
    const job = this.ctx.store.get(jobId);
    if (!job) {
      this.jobNodes.delete(jobId);
      return undefined;
    }
    let node = this.jobNodes.get(jobId);
    if (!node || node.job !== job) {
      node = new JobNode(job, this.ctx);
      this.jobNodes.set(jobId, node);
    }
    return node;
  }

  /**
   * The row to refresh for a store change: the job's row (which re-reads its expanded subtree),
   * or 'all' when jobs were added or removed.
   */
  affected(change: JobChange): JobNode | 'all' {
    if (change.kind !== 'updated') return 'all';
    return this.jobNodes.get(change.jobId) ?? 'all';
  }

  /** Deletions accepted by a vendor and not yet confirmed done (the view badge). */
  pendingCount(): number {
    let pending = 0;
    for (const job of this.ctx.store.list()) for (const target of job.targets) pending += target.countOf('accepted');
    return pending;
  }
}
