// A job row: its title, when it was created and its counts; children are its targets.
import { VENDOR_NAMES, type JobState } from '../../../core/job';
import { jobContextValue, jobStatus, type JobStatus } from '../contextValues';
import { countsSummary, formatCount, SPINNER, totalOf } from '../outcomeStyle';
import { formatTime } from '../resultText';
import type { JobsNode, RowIcon, TreeContext, TreeRow } from './node';
import { TargetNode } from './targetNode';

const STATUS_ICONS: Record<JobStatus, RowIcon> = {
  running: SPINNER,
  notsent: { id: 'debug-pause', color: 'charts.yellow' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  pending: { id: 'watch', color: 'charts.blue' },
  finished: { id: 'pass', color: 'testing.iconPassed' },
};

const STATUS_WORDS: Record<JobStatus, string> = {
  running: 'running',
  notsent: 'some IDs were never sent (use Resume)',
  failed: 'some deletions failed or were not sent',
  pending: 'accepted, pending at the vendor',
  finished: 'finished',
};

export class JobNode implements JobsNode {
  readonly kind = 'job';
  readonly parent = undefined;
  private targetNodes?: TargetNode[];

  constructor(
    readonly job: JobState,
    readonly ctx: TreeContext,
  ) {}

  get running(): boolean {
    return this.ctx.isRunning(this.job.id);
  }

  get rowId(): string {
    return `job/${this.job.id}`;
  }

  row(): TreeRow {
    const counts = this.job.counts();
    const running = this.running;
    return {
      id: this.rowId,
      label: this.ctx.redact(this.job.spec.title),
      description: `${formatTime(this.job.spec.createdAt)} · ${countsSummary(counts)}`,
      contextValue: jobContextValue(counts, running),
      icon: STATUS_ICONS[jobStatus(counts, running)],
      collapsible: 'collapsed',
    };
  }

  children(): TargetNode[] {
    this.targetNodes ??= this.job.targets.map((target) => new TargetNode(this, target, this.ctx));
    return this.targetNodes;
  }

  tooltip(): string {
    const counts = this.job.counts();
    const vendors = [...new Set(this.job.targets.map((t) => VENDOR_NAMES[t.spec.options.vendor]))].join(', ');
    const lines = [
      this.job.spec.title,
      `Created ${formatTime(this.job.spec.createdAt, true)} from the ${this.job.spec.source}`,
      `${vendors}: ${formatCount(totalOf(counts))} deletions in ${this.job.targets.length} target(s)`,
      `Status: ${STATUS_WORDS[jobStatus(counts, this.running)]}`,
      countsSummary(counts),
    ];
    return this.ctx.redact(lines.join('\n'));
  }
}
